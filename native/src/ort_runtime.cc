#include "ort_runtime.h"

#include <dlfcn.h>

namespace onepixel {

namespace {

const char* CodeName(OrtErrorCode code) {
  switch (code) {
    case ORT_INVALID_ARGUMENT: return "ORT_INVALID_ARGUMENT";
    case ORT_NO_SUCHFILE: return "ORT_NO_SUCHFILE";
    case ORT_NO_MODEL: return "ORT_NO_MODEL";
    case ORT_ENGINE_ERROR: return "ORT_ENGINE_ERROR";
    case ORT_RUNTIME_EXCEPTION: return "ORT_RUNTIME_EXCEPTION";
    case ORT_INVALID_PROTOBUF: return "ORT_INVALID_PROTOBUF";
    case ORT_MODEL_LOADED: return "ORT_MODEL_LOADED";
    case ORT_NOT_IMPLEMENTED: return "ORT_NOT_IMPLEMENTED";
    case ORT_INVALID_GRAPH: return "ORT_INVALID_GRAPH";
    case ORT_EP_FAIL: return "ORT_EP_FAIL";
    default: return "ORT_FAIL";
  }
}

}  // namespace

void Check(const OrtApi* api, OrtStatus* status) {
  if (status == nullptr) return;
  std::string message = api->GetErrorMessage(status);
  OrtErrorCode code = api->GetErrorCode(status);
  api->ReleaseStatus(status);
  throw Error(CodeName(code), message);
}

OrtRuntime::OrtRuntime(const std::string& libraryPath) : libraryPath_(libraryPath) {
  // The handle is deliberately never dlclose()d: onnxruntime keeps thread-local state and
  // may be shared with onnxruntime-node in the same process, so unloading it is never safe.
  void* lib = dlopen(libraryPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    throw Error("ORT_LOAD_FAILED", std::string("cannot load onnxruntime from ") + libraryPath +
                                       ": " + (why != nullptr ? why : "unknown error"));
  }
  using GetApiBaseFn = const OrtApiBase*(ORT_API_CALL*)();
  auto getApiBase = reinterpret_cast<GetApiBaseFn>(dlsym(lib, "OrtGetApiBase"));
  if (getApiBase == nullptr) {
    throw Error("ORT_LOAD_FAILED", libraryPath + " does not export OrtGetApiBase");
  }
  const OrtApiBase* base = getApiBase();
  version_ = base->GetVersionString();
  api_ = base->GetApi(ORT_API_VERSION);
  if (api_ == nullptr) {
    throw Error("ORT_LOAD_FAILED", "onnxruntime " + version_ + " at " + libraryPath +
                                       " does not provide C API version " +
                                       std::to_string(ORT_API_VERSION));
  }
  OrtEnv* env = nullptr;
  // onnxruntime keeps one environment per process and hands the same one to every caller,
  // onnxruntime-node included. Its own log lines (ANSI-coloured, on stderr) would precede
  // onepixel's one line for a bad model: every error it logs also comes back as the failing
  // call's status, which onepixel reports, so only fatal ones are left to print.
  Check(api_, api_->CreateEnv(ORT_LOGGING_LEVEL_FATAL, "onepixel", &env));
  env_ = Owned<OrtEnv>(env, api_->ReleaseEnv);
}

}  // namespace onepixel
