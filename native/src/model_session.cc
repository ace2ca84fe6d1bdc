#include "model_session.h"

namespace onepixel {

namespace {

ValueInfo Describe(const OrtApi* api, std::string name, OrtTypeInfo* rawType) {
  Owned<OrtTypeInfo> type(rawType, api->ReleaseTypeInfo);
  ValueInfo info;
  info.name = std::move(name);
  const OrtTensorTypeAndShapeInfo* tensor = nullptr;
  Check(api, api->CastTypeInfoToTensorInfo(type.get(), &tensor));
  if (tensor == nullptr) return info;  // a sequence or map: reported, never swept
  info.isTensor = true;
  ONNXTensorElementDataType elementType;
  Check(api, api->GetTensorElementType(tensor, &elementType));
  info.elementType = static_cast<int>(elementType);
  size_t rank = 0;
  Check(api, api->GetDimensionsCount(tensor, &rank));
  info.shape.resize(rank);
  Check(api, api->GetDimensions(tensor, info.shape.data(), rank));
  std::vector<const char*> symbolic(rank, nullptr);
  Check(api, api->GetSymbolicDimensions(tensor, symbolic.data(), rank));
  for (size_t i = 0; i < rank; ++i) {
    info.dimNames.emplace_back(symbolic[i] != nullptr ? symbolic[i] : "");
    if (info.shape[i] < 0) info.shape[i] = -1;
  }
  return info;
}

template <typename CountFn, typename NameFn, typename TypeFn>
std::vector<ValueInfo> DescribeAll(const OrtApi* api, OrtSession* session, CountFn count,
                                   NameFn name, TypeFn type) {
  OrtAllocator* allocator = nullptr;
  Check(api, api->GetAllocatorWithDefaultOptions(&allocator));
  size_t n = 0;
  Check(api, count(session, &n));
  std::vector<ValueInfo> result;
  for (size_t i = 0; i < n; ++i) {
    char* rawName = nullptr;
    Check(api, name(session, i, allocator, &rawName));
    std::string valueName(rawName);
    Check(api, api->AllocatorFree(allocator, rawName));
    OrtTypeInfo* typeInfo = nullptr;
    Check(api, type(session, i, &typeInfo));
    result.push_back(Describe(api, std::move(valueName), typeInfo));
  }
  return result;
}

}  // namespace

ModelSession::ModelSession(std::shared_ptr<const OrtRuntime> runtime, const std::string& path,
                           const SessionSetup& setup, int cudaDevice)
    : runtime_(std::move(runtime)), cudaDevice_(cudaDevice) {
  const OrtApi* ort = api();
  OrtSessionOptions* rawOptions = nullptr;
  Check(ort, ort->CreateSessionOptions(&rawOptions));
  Owned<OrtSessionOptions> options(rawOptions, ort->ReleaseSessionOptions);
  // The sweep gets its parallelism from concurrent Run() calls, one per worker thread, each
  // single-threaded: per-image arithmetic then never depends on the thread count, and small
  // models (where intra-op threading barely helps) still use every core.
  Check(ort, ort->SetIntraOpNumThreads(options.get(), 1));
  Check(ort, ort->SetInterOpNumThreads(options.get(), 1));
  Check(ort, ort->SetSessionExecutionMode(options.get(), ORT_SEQUENTIAL));
  Check(ort, ort->SetSessionGraphOptimizationLevel(options.get(), ORT_ENABLE_ALL));
  if (setup) setup(ort, options.get());

  OrtSession* rawSession = nullptr;
  Check(ort, ort->CreateSession(runtime_->env(), path.c_str(), options.get(), &rawSession));
  session_ = Owned<OrtSession>(rawSession, ort->ReleaseSession);

  OrtMemoryInfo* rawMemory = nullptr;
  Check(ort, ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &rawMemory));
  memory_ = Owned<OrtMemoryInfo>(rawMemory, ort->ReleaseMemoryInfo);

  inputs_ = DescribeAll(ort, session_.get(), ort->SessionGetInputCount, ort->SessionGetInputName,
                        ort->SessionGetInputTypeInfo);
  outputs_ = DescribeAll(ort, session_.get(), ort->SessionGetOutputCount,
                         ort->SessionGetOutputName, ort->SessionGetOutputTypeInfo);
}

Owned<OrtValue> ModelSession::WrapFloats(float* data, size_t count,
                                         const std::vector<int64_t>& shape) const {
  const OrtApi* ort = api();
  OrtValue* value = nullptr;
  Check(ort, ort->CreateTensorWithDataAsOrtValue(memory_.get(), data, count * sizeof(float),
                                                 shape.data(), shape.size(),
                                                 ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &value));
  return Owned<OrtValue>(value, ort->ReleaseValue);
}

void ModelSession::ReadFloats(const OrtValue* value, const std::string& name,
                              std::vector<int64_t>* shape, std::vector<float>* values) const {
  const OrtApi* ort = api();
  OrtTensorTypeAndShapeInfo* rawInfo = nullptr;
  Check(ort, ort->GetTensorTypeAndShape(value, &rawInfo));
  Owned<OrtTensorTypeAndShapeInfo> info(rawInfo, ort->ReleaseTensorTypeAndShapeInfo);
  ONNXTensorElementDataType type;
  Check(ort, ort->GetTensorElementType(info.get(), &type));
  if (type != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
    throw Error("UNSUPPORTED_OUTPUT", "output " + name + " is not a float32 tensor");
  }
  size_t rank = 0, count = 0;
  Check(ort, ort->GetDimensionsCount(info.get(), &rank));
  shape->resize(rank);
  Check(ort, ort->GetDimensions(info.get(), shape->data(), rank));
  Check(ort, ort->GetTensorShapeElementCount(info.get(), &count));
  const float* data = nullptr;
  // GetTensorMutableData takes a non-const value; the data is only read here.
  Check(ort, ort->GetTensorMutableData(const_cast<OrtValue*>(value), reinterpret_cast<void**>(const_cast<float**>(&data))));
  values->assign(data, data + count);
}

}  // namespace onepixel
