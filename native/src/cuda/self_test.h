// Checks of the GPU path that the addon exposes to JS: the kernels against a CPU reference
// (on the GPU, or emulated on the host where there is none), whether onnxruntime's CUDA
// provider attaches, and the probe that `--device auto` runs in a child process.
#pragma once

#include <cstdint>
#include <string>

#include "cuda_sweep.h"

namespace onepixel {
namespace cuda {

struct SelfTestReport {
  int cases = 0;
  int checks = 0;
  int failures = 0;
  std::string firstFailure;
};

// Random geometries (gray and channel modes, NCHW and NHWC, blocks and strides), random base
// images and levels, random outputs with many exact ties, batches reduced in a shuffled order:
// `fill` must equal the reference image for image, `reduce` each class's best level exactly and
// its score bit for bit (within 1e-6 on a GPU, whose exp() may differ in the last bit).
// onDevice=false runs the kernels' emulation; onDevice=true the kernels on the current device.
SelfTestReport KernelSelfTest(bool onDevice, uint32_t seed, int cases);

struct ProviderReport {
  bool ok = false;
  std::string message;
};

// Attaches the CUDA execution provider to fresh session options (no device or model needed).
ProviderReport CheckProvider(const std::string& libraryPath);

struct ProbeReport {
  bool ok = false;
  std::string stage;      // the first stage that failed: driver, device, kernels, onnxruntime,
                          // provider, sweep; "done" when ok
  std::string message;
  CudaStatus cuda;
  std::string onnxruntime;
};

// Everything `--device cuda` needs, on a tiny built-in model: a device, the kernels on it,
// onnxruntime's CUDA provider, and a GPU sweep that equals the CPU sweep. Never throws.
ProbeReport Probe(const std::string& libraryPath, int device);

}  // namespace cuda
}  // namespace onepixel
