// The CUDA variant's additions to the addon (addon.cc includes this under ONEPIXEL_CUDA).
#pragma once

#include <napi.h>

#include "cuda_sweep.h"

namespace onepixel {
namespace cuda {

// The `cuda` export: status(), selfTest(), provider(), probe() (see cuda_addon.cc).
Napi::Object Exports(Napi::Env env);

}  // namespace cuda
}  // namespace onepixel
