// RAII owners of CUDA memory and streams. Failures throw onepixel::Error (cuda_sweep.h).
#pragma once

#include <cuda_runtime.h>

#include <cstddef>

#include "cuda_sweep.h"

namespace onepixel {
namespace cuda {

template <typename T>
class DeviceArray {
 public:
  explicit DeviceArray(size_t count) : count_(count) {
    CheckCuda(cudaMalloc(reinterpret_cast<void**>(&ptr_), bytes() > 0 ? bytes() : 1), "cudaMalloc");
  }
  ~DeviceArray() {
    if (ptr_ != nullptr) cudaFree(ptr_);
  }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;

  T* get() const { return ptr_; }
  size_t size() const { return count_; }
  size_t bytes() const { return count_ * sizeof(T); }
  void Upload(const T* host) {
    CheckCuda(cudaMemcpy(ptr_, host, bytes(), cudaMemcpyHostToDevice), "cudaMemcpy to the GPU");
  }
  void Download(T* host) const {
    CheckCuda(cudaMemcpy(host, ptr_, bytes(), cudaMemcpyDeviceToHost), "cudaMemcpy from the GPU");
  }

 private:
  size_t count_;
  T* ptr_ = nullptr;
};

// Page-locked host memory, zeroed: the target of small asynchronous copies (status flags).
template <typename T>
class PinnedArray {
 public:
  explicit PinnedArray(size_t count) : count_(count) {
    CheckCuda(cudaMallocHost(reinterpret_cast<void**>(&ptr_), count * sizeof(T)), "cudaMallocHost");
    for (size_t i = 0; i < count; ++i) ptr_[i] = T{};
  }
  ~PinnedArray() {
    if (ptr_ != nullptr) cudaFreeHost(ptr_);
  }
  PinnedArray(const PinnedArray&) = delete;
  PinnedArray& operator=(const PinnedArray&) = delete;
  T* get() const { return ptr_; }

 private:
  size_t count_;
  T* ptr_ = nullptr;
};

// A stream that does not synchronise with the legacy default stream (onnxruntime's streams
// do not either), so lanes never wait on each other by accident.
class Stream {
 public:
  Stream() { CheckCuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate"); }
  ~Stream() {
    if (stream_ != nullptr) cudaStreamDestroy(stream_);
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  cudaStream_t get() const { return stream_; }

 private:
  cudaStream_t stream_ = nullptr;
};

}  // namespace cuda
}  // namespace onepixel
