// Conversions between JS values and the engine's types, and errors carried to JS with a `code`:
// the one place N-API meets the engine's C++ types.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "model_session.h"
#include "ort_runtime.h"
#include "sweep.h"

namespace onepixel {

Napi::Error ToJsError(Napi::Env env, const std::string& code, const std::string& message);

// Runs `fn` and turns onepixel::Error and std::exception into a code and message.
template <typename Fn>
bool Capture(std::string& code, std::string& message, Fn fn) {
  try {
    fn();
    return true;
  } catch (const Error& e) {
    code = e.code();
    message = e.what();
  } catch (const std::bad_alloc&) {
    code = "OUT_OF_MEMORY";
    message = "out of memory";
  } catch (const std::exception& e) {
    code = "INTERNAL";
    message = e.what();
  }
  return false;
}

// An AsyncWorker that settles a promise and reports failures with their code.
class PromiseWorker : public Napi::AsyncWorker {
 public:
  explicit PromiseWorker(Napi::Env env)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  template <typename Fn>
  void Attempt(Fn fn) {
    if (!Capture(code_, message_, fn)) SetError(message_);
  }
  void OnError(const Napi::Error&) override {
    deferred_.Reject(ToJsError(Env(), code_, message_).Value());
  }
  Napi::Promise::Deferred deferred_;

 private:
  std::string code_;
  std::string message_;
};

// A Float32Array argument, copied; INVALID_ARGUMENT for anything else.
std::vector<float> FloatsArg(const Napi::Value& value, const char* what);
// A sweep spec from its JS object, validated.
SweepSpec SpecFromJs(const Napi::Object& o);
Napi::Object ValueInfoToJs(Napi::Env env, const ValueInfo& info);

template <typename T>
Napi::Value CopyOut(Napi::Env env, const std::vector<T>& values) {
  using Array = Napi::TypedArrayOf<T>;
  Array array = Array::New(env, values.size());
  std::copy(values.begin(), values.end(), array.Data());
  return array;
}


}  // namespace onepixel
