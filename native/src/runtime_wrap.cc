#include "runtime_wrap.h"

#include <memory>

#include "js_convert.h"
#include "model_wrap.h"
#include "ort_runtime.h"
#ifdef ONEPIXEL_CUDA
#include "cuda/cuda_addon.h"
#endif

namespace onepixel {
namespace {

class OpenWorker : public PromiseWorker {
 public:
  OpenWorker(Napi::Env env, std::shared_ptr<const OrtRuntime> runtime, std::string path, int cudaDevice)
      : PromiseWorker(env), runtime_(std::move(runtime)), path_(std::move(path)), cudaDevice_(cudaDevice) {}
  void Execute() override {
    Attempt([&] {
#ifdef ONEPIXEL_CUDA
      if (cudaDevice_ >= 0) {
        model_ = cuda::OpenCudaModel(runtime_, path_, cudaDevice_);
        return;
      }
#endif
      model_ = std::make_shared<ModelSession>(runtime_, path_);
    });
  }
  void OnOK() override { deferred_.Resolve(NewModel(Env(), model_)); }

 private:
  std::shared_ptr<const OrtRuntime> runtime_;
  std::string path_;
  int cudaDevice_;
  std::shared_ptr<ModelSession> model_;
};

class RuntimeWrap : public Napi::ObjectWrap<RuntimeWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Runtime",
                       {InstanceAccessor("version", &RuntimeWrap::Version, nullptr),
                        InstanceAccessor("apiVersion", &RuntimeWrap::ApiVersion, nullptr),
                        InstanceMethod("openModel", &RuntimeWrap::OpenModel)});
  }

  explicit RuntimeWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RuntimeWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() != 1 || !info[0].IsString()) {
      throw ToJsError(env, "INVALID_ARGUMENT", "new Runtime(libraryPath)");
    }
    std::string code, message;
    bool ok = Capture(code, message, [&] {
      runtime_ = std::make_shared<const OrtRuntime>(info[0].As<Napi::String>().Utf8Value());
    });
    if (!ok) throw ToJsError(env, code, message);
  }

 private:
  Napi::Value Version(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), runtime_->version());
  }
  Napi::Value ApiVersion(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), ORT_API_VERSION);
  }
  // openModel(path[, { device: 'cpu' | 'cuda', deviceId }])
  Napi::Value OpenModel(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsString() || (info.Length() > 1 && !info[1].IsObject())) {
      throw ToJsError(info.Env(), "INVALID_ARGUMENT", "openModel(path[, options])");
    }
    int cudaDevice = -1;
    if (info.Length() > 1) {
      Napi::Object options = info[1].As<Napi::Object>();
      Napi::Value device = options.Get("device");
      if (device.IsString() && device.As<Napi::String>().Utf8Value() == "cuda") {
        Napi::Value id = options.Get("deviceId");
        cudaDevice = id.IsNumber() ? id.As<Napi::Number>().Int32Value() : 0;
        if (cudaDevice < 0) throw ToJsError(info.Env(), "INVALID_ARGUMENT", "deviceId must be 0 or more");
#ifndef ONEPIXEL_CUDA
        throw ToJsError(info.Env(), "CUDA_UNAVAILABLE", "this build of the addon has no CUDA (npm run build:native:cuda)");
#endif
      }
    }
    auto* worker = new OpenWorker(info.Env(), runtime_, info[0].As<Napi::String>().Utf8Value(), cudaDevice);
    worker->Queue();
    return worker->Promise();
  }

  std::shared_ptr<const OrtRuntime> runtime_;
};

}  // namespace

Napi::Function DefineRuntime(Napi::Env env) { return RuntimeWrap::Define(env); }

}  // namespace onepixel
