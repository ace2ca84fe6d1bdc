// One ONNX model opened in onnxruntime, with what the sweep needs to know about its I/O.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ort_runtime.h"

namespace onepixel {

struct ValueInfo {
  std::string name;
  bool isTensor = false;
  int elementType = 0;              // ONNXTensorElementDataType
  std::vector<int64_t> shape;       // -1 where the dimension is not fixed
  std::vector<std::string> dimNames;
};

// Adjusts the session options before the session is created; the CUDA build attaches
// onnxruntime's CUDA execution provider here (cuda/cuda_provider.h).
using SessionSetup = std::function<void(const OrtApi*, OrtSessionOptions*)>;

class ModelSession {
 public:
  ModelSession(std::shared_ptr<const OrtRuntime> runtime, const std::string& path,
               const SessionSetup& setup = nullptr, int cudaDevice = -1);

  const OrtApi* api() const { return runtime_->api(); }
  OrtSession* session() const { return session_.get(); }
  const OrtMemoryInfo* cpuMemory() const { return memory_.get(); }
  const std::vector<ValueInfo>& inputs() const { return inputs_; }
  const std::vector<ValueInfo>& outputs() const { return outputs_; }
  // The CUDA device the session runs on, -1 for the CPU.
  int cudaDevice() const { return cudaDevice_; }

  // Wraps caller-owned memory as a float tensor; no copy is made.
  Owned<OrtValue> WrapFloats(float* data, size_t count, const std::vector<int64_t>& shape) const;

  // Copies out a tensor that onnxruntime allocated, with its shape; UNSUPPORTED_OUTPUT unless
  // it holds float32 (`name` is the output's, for the message).
  void ReadFloats(const OrtValue* value, const std::string& name, std::vector<int64_t>* shape,
                  std::vector<float>* values) const;

 private:
  std::shared_ptr<const OrtRuntime> runtime_;
  Owned<OrtSession> session_;
  Owned<OrtMemoryInfo> memory_;
  std::vector<ValueInfo> inputs_;
  std::vector<ValueInfo> outputs_;
  int cudaDevice_ = -1;
};

}  // namespace onepixel
