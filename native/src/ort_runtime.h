// onnxruntime's C API, loaded from the library onnxruntime-node ships, with RAII owners.
#pragma once

#include <onnxruntime_c_api.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace onepixel {

// Every failure carries a stable code so the JS side can map it to a user-facing error.
class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// Owns one onnxruntime object and releases it with the API's matching Release function.
template <typename T>
class Owned {
 public:
  using Release = void(ORT_API_CALL*)(T*);
  Owned() = default;
  Owned(T* ptr, Release release) : ptr_(ptr), release_(release) {}
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  Owned(Owned&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)), release_(other.release_) {}
  Owned& operator=(Owned&& other) noexcept {
    if (this != &other) {
      reset();
      ptr_ = std::exchange(other.ptr_, nullptr);
      release_ = other.release_;
    }
    return *this;
  }
  ~Owned() { reset(); }
  void reset() {
    if (ptr_ != nullptr) release_(ptr_);
    ptr_ = nullptr;
  }
  T* get() const { return ptr_; }

 private:
  T* ptr_ = nullptr;
  Release release_ = nullptr;
};

// Throws onepixel::Error for a non-null status, releasing the status first.
void Check(const OrtApi* api, OrtStatus* status);

class OrtRuntime {
 public:
  // Loads libonnxruntime from this exact path; a second copy of onnxruntime in one process
  // would split its allocators and thread pools, so the caller passes onnxruntime-node's file.
  explicit OrtRuntime(const std::string& libraryPath);
  OrtRuntime(const OrtRuntime&) = delete;
  OrtRuntime& operator=(const OrtRuntime&) = delete;

  const OrtApi* api() const { return api_; }
  OrtEnv* env() const { return env_.get(); }
  const std::string& version() const { return version_; }
  const std::string& libraryPath() const { return libraryPath_; }

 private:
  std::string libraryPath_;
  std::string version_;
  const OrtApi* api_ = nullptr;
  Owned<OrtEnv> env_;
};

}  // namespace onepixel
