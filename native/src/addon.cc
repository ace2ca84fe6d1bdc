// The addon's entry: the Runtime and Model classes (runtime_wrap, model_wrap) and what the
// build can do. All heavy work runs on worker threads; errors reach JS as Error objects with a
// `code` (js_convert).
#include <napi.h>

#include <thread>

#include "model_wrap.h"
#include "runtime_wrap.h"
#ifdef ONEPIXEL_CUDA
#include "cuda/cuda_addon.h"
#endif

namespace onepixel {
namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  Napi::Function model = DefineModel(env);
  data->modelConstructor = Napi::Persistent(model);
  env.SetInstanceData(data);
  exports.Set("Runtime", DefineRuntime(env));
  exports.Set("Model", model);
  exports.Set("hardwareThreads", Napi::Number::New(env, std::thread::hardware_concurrency()));
#ifdef ONEPIXEL_CUDA
  exports.Set("variant", "cuda");
  exports.Set("cuda", cuda::Exports(env));
#else
  exports.Set("variant", "cpu");
#endif
  return exports;
}

}  // namespace
}  // namespace onepixel

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return onepixel::Init(env, exports);
}

NODE_API_MODULE(onepixel, InitModule)
