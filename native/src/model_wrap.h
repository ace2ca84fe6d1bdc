// The JS class Model: one opened ONNX model, with run() for a caller-built batch, sweep() and
// runRepeated() on the engine's threads, and close(), which terminates passes in flight.
#pragma once

#include <napi.h>

#include <memory>

#include "model_session.h"

namespace onepixel {

// Per-environment data: the Model constructor, which only Runtime.openModel() calls.
struct AddonData {
  Napi::FunctionReference modelConstructor;
};

Napi::Function DefineModel(Napi::Env env);
Napi::Object NewModel(Napi::Env env, std::shared_ptr<ModelSession> model);

}  // namespace onepixel
