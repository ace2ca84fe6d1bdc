#include "cuda_provider.h"

#include <vector>

namespace onepixel {
namespace cuda {

namespace {

std::string TakeMessage(const OrtApi* api, OrtStatus* status) {
  std::string message = api->GetErrorMessage(status);
  api->ReleaseStatus(status);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  // "/onnxruntime_src/...cc:1988 onnxruntime::Provider& ...Get() [ONNXRuntimeError] : 1 : FAIL : why"
  const std::string marker = " : FAIL : ";
  const size_t at = message.find(marker);
  if (message.find("[ONNXRuntimeError]") != std::string::npos && at != std::string::npos) {
    message = message.substr(at + marker.size());
  }
  return message;
}

[[noreturn]] void Unavailable(const std::string& libraryPath, const std::string& why) {
  throw Error("CUDA_UNAVAILABLE",
              "onnxruntime's CUDA execution provider is not usable: " + why +
                  " (it needs libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so "
                  "in " + ProviderFolder(libraryPath) + ", with CUDA 12 and cuDNN 9 on the library path)");
}

}  // namespace

std::string ProviderFolder(const std::string& libraryPath) {
  const size_t slash = libraryPath.find_last_of('/');
  return slash == std::string::npos ? std::string(".") : libraryPath.substr(0, slash);
}

void AppendCudaProvider(const OrtApi* api, OrtSessionOptions* options, int device,
                        const std::string& libraryPath) {
  OrtCUDAProviderOptionsV2* raw = nullptr;
  if (OrtStatus* status = api->CreateCUDAProviderOptions(&raw)) {
    Unavailable(libraryPath, TakeMessage(api, status));
  }
  Owned<OrtCUDAProviderOptionsV2> cudaOptions(raw, api->ReleaseCUDAProviderOptions);
  const std::string deviceId = std::to_string(device);
  // UpdateCUDAProviderOptions replaces every setting at once; an onnxruntime that does not know
  // use_tf32 (older than 1.18, where TF32 is off anyway) gets the others.
  std::vector<const char*> keys = {"device_id", "cudnn_conv_algo_search",
                                   "do_copy_in_default_stream", "use_tf32"};
  std::vector<const char*> values = {deviceId.c_str(), "HEURISTIC", "1", "0"};
  OrtStatus* status = api->UpdateCUDAProviderOptions(cudaOptions.get(), keys.data(), values.data(),
                                                     keys.size());
  if (status != nullptr) {
    api->ReleaseStatus(status);
    status = api->UpdateCUDAProviderOptions(cudaOptions.get(), keys.data(), values.data(),
                                            keys.size() - 1);
  }
  if (status != nullptr) Unavailable(libraryPath, TakeMessage(api, status));
  if (OrtStatus* append = api->SessionOptionsAppendExecutionProvider_CUDA_V2(options, cudaOptions.get())) {
    Unavailable(libraryPath, TakeMessage(api, append));
  }
}

SessionSetup CudaSessionSetup(int device, const std::string& libraryPath) {
  return [device, libraryPath](const OrtApi* api, OrtSessionOptions* options) {
    AppendCudaProvider(api, options, device, libraryPath);
  };
}

}  // namespace cuda
}  // namespace onepixel
