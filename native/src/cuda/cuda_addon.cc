// The `cuda` object of the CUDA variant's exports: what src/engine/device.ts and the tests ask of the
// GPU path. Every function returns a plain object and never throws for a missing GPU.
#include "cuda_addon.h"

#include "cuda_sweep.h"
#include "self_test.h"

namespace onepixel {
namespace cuda {

namespace {

Napi::Object StatusToJs(Napi::Env env, const CudaStatus& s) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("count", s.count);
  if (s.error != 0) o.Set("error", s.message);
  o.Set("driverVersion", s.driverVersion);
  o.Set("runtimeVersion", s.runtimeVersion);
  Napi::Array devices = Napi::Array::New(env, s.devices.size());
  for (uint32_t i = 0; i < s.devices.size(); ++i) {
    const DeviceInfo& d = s.devices[i];
    Napi::Object device = Napi::Object::New(env);
    device.Set("index", d.index);
    device.Set("name", d.name);
    device.Set("computeCapability", std::to_string(d.major) + "." + std::to_string(d.minor));
    device.Set("memoryBytes", double(d.memory));
    devices.Set(i, device);
  }
  o.Set("devices", devices);
  return o;
}

std::string StringArg(const Napi::CallbackInfo& info, size_t i, const char* usage) {
  if (info.Length() <= i || !info[i].IsString()) {
    Napi::Error error = Napi::Error::New(info.Env(), usage);
    error.Value().Set("code", Napi::String::New(info.Env(), "INVALID_ARGUMENT"));
    throw error;
  }
  return info[i].As<Napi::String>().Utf8Value();
}

int IntArg(const Napi::CallbackInfo& info, size_t i, int fallback) {
  return info.Length() > i && info[i].IsNumber() ? info[i].As<Napi::Number>().Int32Value() : fallback;
}

// status(): the driver, the runtime and the devices (cudaGetDeviceCount and friends).
Napi::Value Status(const Napi::CallbackInfo& info) { return StatusToJs(info.Env(), QueryCuda()); }

// selfTest(onDevice, seed, cases): the kernels against the CPU reference.
Napi::Value SelfTest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const bool onDevice = info.Length() > 0 && info[0].ToBoolean();
  Napi::Object o = Napi::Object::New(env);
  SelfTestReport r;
  try {
    r = KernelSelfTest(onDevice, uint32_t(IntArg(info, 1, 1)), IntArg(info, 2, 50));
  } catch (const std::exception& e) {
    r.failures = 1;
    r.firstFailure = e.what();
  }
  o.Set("onDevice", onDevice);
  o.Set("cases", r.cases);
  o.Set("checks", r.checks);
  o.Set("failures", r.failures);
  if (!r.firstFailure.empty()) o.Set("firstFailure", r.firstFailure);
  return o;
}

// provider(libraryPath): whether onnxruntime's CUDA execution provider attaches.
Napi::Value Provider(const Napi::CallbackInfo& info) {
  const ProviderReport r = CheckProvider(StringArg(info, 0, "provider(libraryPath)"));
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("ok", r.ok);
  if (!r.ok) o.Set("message", r.message);
  return o;
}

// probe(libraryPath, device): the whole GPU path on a tiny model (run it in a child process).
Napi::Value ProbeJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ProbeReport r = Probe(StringArg(info, 0, "probe(libraryPath, device)"), IntArg(info, 1, 0));
  Napi::Object o = Napi::Object::New(env);
  o.Set("ok", r.ok);
  o.Set("stage", r.stage);
  if (!r.message.empty()) o.Set("message", r.message);
  o.Set("cuda", StatusToJs(env, r.cuda));
  if (!r.onnxruntime.empty()) o.Set("onnxruntime", r.onnxruntime);
  return o;
}

}  // namespace

Napi::Object Exports(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("status", Napi::Function::New(env, Status, "status"));
  o.Set("selfTest", Napi::Function::New(env, SelfTest, "selfTest"));
  o.Set("provider", Napi::Function::New(env, Provider, "provider"));
  o.Set("probe", Napi::Function::New(env, ProbeJs, "probe"));
  o.Set("lanes", kLanes);
  return o;
}

}  // namespace cuda
}  // namespace onepixel
