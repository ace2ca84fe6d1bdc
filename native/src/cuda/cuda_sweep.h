// The sweep on the GPU, end to end: the base image and the level values go to the device once;
// each batch of perturbed images is written there by the `fill` kernel and bound to onnxruntime's
// CUDA execution provider through I/O binding, its outputs stay there and the `reduce` kernel
// folds them into each class's running best (level, score); only the final signature comes back.
// Two batches are in flight (two lanes, each a host thread with its own stream, buffers and
// binding), so one lane's filling and reducing overlap the other's forward pass.
//
// The GPU sweep is exhaustive only: the adaptive search plans levels from each cell's outputs on
// the host. A CUDA session asked for the adaptive search runs the CPU sweep's host loop instead,
// with onnxruntime copying each batch to and from the GPU (RunSweep in sweep.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../model_session.h"
#include "../sweep.h"

namespace onepixel {
namespace cuda {

struct DeviceInfo {
  int index = 0;
  std::string name;
  int major = 0, minor = 0;        // compute capability
  size_t memory = 0;               // bytes
};

struct CudaStatus {
  int count = 0;                   // CUDA devices; 0 when the driver or the device is missing
  int error = 0;                   // the cudaError_t of cudaGetDeviceCount, 0 = success
  std::string message;             // cudaGetErrorString of it
  int driverVersion = 0;           // e.g. 13000; 0 = no driver
  int runtimeVersion = 0;          // the CUDA runtime this addon was built with
  std::vector<DeviceInfo> devices;
};

// Never throws; a missing driver is a status, not an error.
CudaStatus QueryCuda();

// Throws Error("CUDA_ERROR") (or "OUT_OF_MEMORY") for a failed CUDA call.
void CheckCuda(int error, const char* what);

// Opens `path` with the CUDA execution provider on `device`. A missing device, provider
// library, CUDA or cuDNN is Error("CUDA_UNAVAILABLE"); a bad model keeps onnxruntime's code.
std::shared_ptr<ModelSession> OpenCudaModel(std::shared_ptr<const OrtRuntime> runtime,
                                            const std::string& path, int device);

// The exhaustive sweep on the GPU. `model` must have been opened by OpenCudaModel and
// spec.coarseStep must be 1. The result equals RunSweep's layout and semantics.
SweepResult RunCudaSweep(const ModelSession& model, const SweepSpec& spec, SweepControl& control);

// Lanes in flight.
constexpr int kLanes = 2;

}  // namespace cuda
}  // namespace onepixel
