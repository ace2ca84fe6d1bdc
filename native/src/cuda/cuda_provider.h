// onnxruntime's CUDA execution provider, attached through the C API. It needs no CUDA headers:
// onnxruntime loads libonnxruntime_providers_cuda.so (and _shared) from the folder of the
// libonnxruntime it was loaded from, and reports a missing library or CUDA/cuDNN as a status.
#pragma once

#include <string>

#include "../model_session.h"

namespace onepixel {
namespace cuda {

// Attaches the CUDA execution provider on `device` to `options`: TF32 off (the GPU's results
// must match the CPU's to 1e-4), cuDNN's heuristic convolution choice (no timing-dependent
// algorithm picks, so repeated runs agree). Throws Error("CUDA_UNAVAILABLE") with onnxruntime's
// reason and where the provider libraries are looked for.
void AppendCudaProvider(const OrtApi* api, OrtSessionOptions* options, int device,
                        const std::string& libraryPath);

// The session setup hook of ModelSession for a CUDA session.
SessionSetup CudaSessionSetup(int device, const std::string& libraryPath);

// The folder libonnxruntime_providers_cuda.so must be in: the folder of `libraryPath`.
std::string ProviderFolder(const std::string& libraryPath);

}  // namespace cuda
}  // namespace onepixel
