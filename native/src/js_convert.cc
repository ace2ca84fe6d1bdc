#include "js_convert.h"

namespace onepixel {

Napi::Error ToJsError(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Value().Set("code", Napi::String::New(env, code));
  return error;
}

namespace {

int64_t IntField(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) throw Error("INVALID_ARGUMENT", std::string(key) + " must be a number");
  return v.As<Napi::Number>().Int64Value();
}

std::string StringField(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  if (!v.IsString()) throw Error("INVALID_ARGUMENT", std::string(key) + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

}  // namespace

std::vector<float> FloatsArg(const Napi::Value& value, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Error("INVALID_ARGUMENT", std::string(what) + " must be a Float32Array");
  }
  auto array = value.As<Napi::Float32Array>();
  return std::vector<float>(array.Data(), array.Data() + array.ElementLength());
}

SweepSpec SpecFromJs(const Napi::Object& o) {
  SweepSpec spec;
  spec.inputName = StringField(o, "inputName");
  spec.outputName = StringField(o, "outputName");
  spec.batch = IntField(o, "batch");
  spec.threads = int(IntField(o, "threads"));
  spec.channels = int(IntField(o, "channels"));
  spec.height = int(IntField(o, "height"));
  spec.width = int(IntField(o, "width"));
  spec.nhwc = o.Get("nhwc").ToBoolean();
  spec.base = FloatsArg(o.Get("base"), "base");
  spec.levels = FloatsArg(o.Get("levels"), "levels");
  spec.levelCount = int(IntField(o, "levelCount"));
  spec.channelMode = o.Get("channelMode").ToBoolean();
  spec.block = int(IntField(o, "block"));
  spec.stride = int(IntField(o, "stride"));
  spec.softmax = o.Get("softmax").ToBoolean();
  spec.logScore = o.Get("logScore").ToBoolean();
  spec.classes = int(IntField(o, "classes"));
  if (o.Has("coarseStep")) spec.coarseStep = int(IntField(o, "coarseStep"));
  spec.Validate();
  return spec;
}

Napi::Object ValueInfoToJs(Napi::Env env, const ValueInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", info.name);
  o.Set("isTensor", info.isTensor);
  o.Set("elementType", info.elementType);
  Napi::Array shape = Napi::Array::New(env, info.shape.size());
  Napi::Array names = Napi::Array::New(env, info.dimNames.size());
  for (uint32_t i = 0; i < info.shape.size(); ++i) {
    shape.Set(i, Napi::Number::New(env, double(info.shape[i])));
    names.Set(i, info.dimNames[i]);
  }
  o.Set("shape", shape);
  o.Set("dimNames", names);
  return o;
}

}  // namespace onepixel
