// The JS class Runtime: one loaded onnxruntime library, which opens models on a worker thread.
#pragma once

#include <napi.h>

namespace onepixel {

Napi::Function DefineRuntime(Napi::Env env);

}  // namespace onepixel
