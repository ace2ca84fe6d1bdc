#include "model_wrap.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "js_convert.h"
#include "sweep.h"
#ifdef ONEPIXEL_CUDA
#include "cuda/cuda_addon.h"
#endif

namespace onepixel {
namespace {

class ModelWrap : public Napi::ObjectWrap<ModelWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Model",
                       {InstanceMethod("info", &ModelWrap::Info),
                        InstanceMethod("run", &ModelWrap::Run),
                        InstanceMethod("sweep", &ModelWrap::Sweep),
                        InstanceMethod("runRepeated", &ModelWrap::RunRepeatedJs),
                        InstanceMethod("close", &ModelWrap::Close)});
  }

  static Napi::Object New(Napi::Env env, std::shared_ptr<ModelSession> model) {
    auto* holder = new std::shared_ptr<ModelSession>(std::move(model));
    auto external = Napi::External<std::shared_ptr<ModelSession>>::New(
        env, holder, [](Napi::Env, std::shared_ptr<ModelSession>* p) { delete p; });
    return env.GetInstanceData<AddonData>()->modelConstructor.New({external});
  }

  explicit ModelWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ModelWrap>(info) {
    if (info.Length() != 1 || !info[0].IsExternal()) {
      throw ToJsError(info.Env(), "INVALID_ARGUMENT", "models are opened with Runtime.openModel()");
    }
    model_ = *info[0].As<Napi::External<std::shared_ptr<ModelSession>>>().Data();
  }

 private:
  std::shared_ptr<ModelSession> Open(Napi::Env env) {
    if (!model_) throw ToJsError(env, "MODEL_CLOSED", "the model was closed");
    return model_;
  }

  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto model = Open(env);
    Napi::Object result = Napi::Object::New(env);
    Napi::Array inputs = Napi::Array::New(env), outputs = Napi::Array::New(env);
    for (uint32_t i = 0; i < model->inputs().size(); ++i) inputs.Set(i, ValueInfoToJs(env, model->inputs()[i]));
    for (uint32_t i = 0; i < model->outputs().size(); ++i) outputs.Set(i, ValueInfoToJs(env, model->outputs()[i]));
    result.Set("inputs", inputs);
    result.Set("outputs", outputs);
    return result;
  }

  // run(inputName, outputName, data, shape): one forward pass of a caller-built batch.
  class RunWorker : public PromiseWorker {
   public:
    RunWorker(Napi::Env env, std::shared_ptr<ModelSession> model, std::shared_ptr<SweepControl> runs,
              std::string in, std::string out, std::vector<float> data, std::vector<int64_t> shape)
        : PromiseWorker(env), model_(std::move(model)), runs_(std::move(runs)), in_(std::move(in)),
          out_(std::move(out)), data_(std::move(data)), shape_(std::move(shape)) {}
    void Execute() override {
      Attempt([&] {
        const OrtApi* api = model_->api();
        Owned<OrtValue> input = model_->WrapFloats(data_.data(), data_.size(), shape_);
        const char* inName = in_.c_str();
        const char* outName = out_.c_str();
        const OrtValue* in = input.get();
        OrtValue* rawOut = nullptr;
        // Registered run options let close() terminate a pass that would never end on its own.
        OrtRunOptions* rawOptions = nullptr;
        Check(api, api->CreateRunOptions(&rawOptions));
        Owned<OrtRunOptions> options(rawOptions, api->ReleaseRunOptions);
        runs_->Register(api, options.get());
        OrtStatus* status = api->Run(model_->session(), options.get(), &inName, &in, 1, &outName, 1, &rawOut);
        runs_->Unregister(options.get());
        if (status != nullptr && runs_->cancelled()) {
          api->ReleaseStatus(status);
          throw Error("ABORTED", "the forward pass was stopped");
        }
        Check(api, status);
        Owned<OrtValue> output(rawOut, api->ReleaseValue);
        model_->ReadFloats(output.get(), out_, &outShape_, &result_);
      });
    }
    void OnOK() override {
      Napi::Env env = Env();
      Napi::Object o = Napi::Object::New(env);
      o.Set("data", CopyOut(env, result_));
      Napi::Array shape = Napi::Array::New(env, outShape_.size());
      for (uint32_t i = 0; i < outShape_.size(); ++i) shape.Set(i, double(outShape_[i]));
      o.Set("shape", shape);
      deferred_.Resolve(o);
    }

   private:
    std::shared_ptr<ModelSession> model_;
    std::shared_ptr<SweepControl> runs_;
    std::string in_, out_;
    std::vector<float> data_;
    std::vector<int64_t> shape_, outShape_;
    std::vector<float> result_;
  };

  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto model = Open(env);
    std::string code, message;
    RunWorker* worker = nullptr;
    bool ok = Capture(code, message, [&] {
      if (info.Length() < 4 || !info[0].IsString() || !info[1].IsString() || !info[3].IsArray()) {
        throw Error("INVALID_ARGUMENT", "run(inputName, outputName, data, shape)");
      }
      auto shapeJs = info[3].As<Napi::Array>();
      std::vector<int64_t> shape;
      for (uint32_t i = 0; i < shapeJs.Length(); ++i) {
        shape.push_back(shapeJs.Get(i).As<Napi::Number>().Int64Value());
      }
      worker = new RunWorker(env, model, runs_, info[0].As<Napi::String>(), info[1].As<Napi::String>(),
                             FloatsArg(info[2], "data"), std::move(shape));
    });
    if (!ok) throw ToJsError(env, code, message);
    worker->Queue();
    return worker->Promise();
  }

  struct Progress {
    uint64_t done;
    uint64_t total;
  };

  // Sweeps (or, for the benchmark, only repeats the base batch) on its own threads while a
  // libuv worker waits for them and forwards progress to JS.
  class SweepWorker : public Napi::AsyncProgressWorker<Progress> {
   public:
    SweepWorker(Napi::Env env, std::shared_ptr<ModelSession> model, SweepSpec spec,
                std::shared_ptr<SweepControl> control, int64_t repeat, Napi::Function onProgress)
        : Napi::AsyncProgressWorker<Progress>(env),
          deferred_(Napi::Promise::Deferred::New(env)),
          model_(std::move(model)), spec_(std::move(spec)), control_(std::move(control)),
          repeat_(repeat) {
      if (!onProgress.IsEmpty()) onProgress_ = Napi::Persistent(onProgress);
    }
    Napi::Promise Promise() { return deferred_.Promise(); }

    void Execute(const ExecutionProgress& progress) override {
      std::atomic<bool> finished{false};
      std::thread reporter([&] {
        while (!finished.load()) {
          Progress p{control_->done.load(), control_->total.load()};
          progress.Send(&p, 1);
          for (int i = 0; i < 10 && !finished.load(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
        }
      });
      bool ok = Capture(code_, message_, [&] {
        if (repeat_ > 0) {
          passes_ = RunRepeated(*model_, spec_, repeat_, *control_);
        } else {
#ifdef ONEPIXEL_CUDA
          // The GPU sweep is exhaustive only; the adaptive search plans on the host.
          if (model_->cudaDevice() >= 0 && spec_.coarseStep == 1) {
            result_ = cuda::RunCudaSweep(*model_, spec_, *control_);
          } else
#endif
          result_ = RunSweep(*model_, spec_, *control_);
          passes_ = result_.passes;
        }
      });
      finished = true;
      reporter.join();
      if (!ok) SetError(message_);
    }

    void OnProgress(const Progress* p, size_t count) override {
      if (count == 0 || onProgress_.IsEmpty()) return;
      onProgress_.Call({Napi::Number::New(Env(), double(p->done)),
                        Napi::Number::New(Env(), double(p->total))});
    }

    void OnOK() override {
      Napi::Env env = Env();
      Napi::Object o = Napi::Object::New(env);
      o.Set("passes", double(passes_));
      if (repeat_ == 0) {
        o.Set("bestLevel", CopyOut(env, result_.bestLevel));
        o.Set("bestProb", CopyOut(env, result_.bestProb));
        o.Set("baseProb", CopyOut(env, result_.baseProb));
        o.Set("fullCells", double(result_.fullCells));
        // cpu; cuda: the fused GPU sweep; cuda-host: host-planned levels, the model on the GPU.
        o.Set("engine", model_->cudaDevice() < 0 ? "cpu" : spec_.coarseStep == 1 ? "cuda" : "cuda-host");
      }
      deferred_.Resolve(o);
    }

    void OnError(const Napi::Error&) override {
      deferred_.Reject(ToJsError(Env(), code_, message_).Value());
    }

   private:
    Napi::Promise::Deferred deferred_;
    std::shared_ptr<ModelSession> model_;
    SweepSpec spec_;
    std::shared_ptr<SweepControl> control_;
    int64_t repeat_;
    Napi::FunctionReference onProgress_;
    SweepResult result_;
    uint64_t passes_ = 0;
    std::string code_, message_;
  };

  Napi::Value StartSweep(const Napi::CallbackInfo& info, int64_t repeat) {
    Napi::Env env = info.Env();
    auto model = Open(env);
    std::string code, message;
    SweepSpec spec;
    bool ok = Capture(code, message, [&] {
      if (info.Length() < 1 || !info[0].IsObject()) throw Error("INVALID_ARGUMENT", "a sweep spec is required");
      spec = SpecFromJs(info[0].As<Napi::Object>());
    });
    if (!ok) throw ToJsError(env, code, message);
    Napi::Function onProgress;
    if (info.Length() > 1 && info[1].IsFunction()) onProgress = info[1].As<Napi::Function>();
    auto control = std::make_shared<SweepControl>();
    auto* worker = new SweepWorker(env, model, std::move(spec), control, repeat, onProgress);
    Napi::Object job = Napi::Object::New(env);
    job.Set("promise", worker->Promise());
    const OrtApi* api = model->api();
    // The job outlives the worker (freed once settled), so cancel() holds only the control.
    job.Set("cancel", Napi::Function::New(env, [control, api](const Napi::CallbackInfo&) {
              control->Cancel(api);
            }));
    worker->Queue();
    return job;
  }

  Napi::Value Sweep(const Napi::CallbackInfo& info) { return StartSweep(info, 0); }

  Napi::Value RunRepeatedJs(const Napi::CallbackInfo& info) {
    if (info.Length() < 3 || !info[2].IsNumber() || info[2].As<Napi::Number>().Int64Value() < 1) {
      throw ToJsError(info.Env(), "INVALID_ARGUMENT", "runRepeated(spec, onProgress, batchesPerThread)");
    }
    return StartSweep(info, info[2].As<Napi::Number>().Int64Value());
  }

  // Single passes in flight are terminated; sweeps have their own cancel() and keep their own
  // reference to the session until they settle.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (model_) runs_->Cancel(model_->api());
    model_.reset();
    return info.Env().Undefined();
  }

  std::shared_ptr<ModelSession> model_;
  std::shared_ptr<SweepControl> runs_ = std::make_shared<SweepControl>();
};

}  // namespace

Napi::Function DefineModel(Napi::Env env) { return ModelWrap::Define(env); }

Napi::Object NewModel(Napi::Env env, std::shared_ptr<ModelSession> model) {
  return ModelWrap::New(env, std::move(model));
}

}  // namespace onepixel
