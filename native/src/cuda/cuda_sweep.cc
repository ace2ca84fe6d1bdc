#include "cuda_sweep.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "cuda_memory.h"
#include "cuda_provider.h"
#include "kernels.h"

namespace onepixel {
namespace cuda {

void CheckCuda(int error, const char* what) {
  if (error == cudaSuccess) return;
  const auto e = static_cast<cudaError_t>(error);
  cudaGetLastError();  // clear a sticky-free error so later calls are not blamed for it
  const std::string message = std::string(what) + ": " + cudaGetErrorString(e);
  if (e == cudaErrorMemoryAllocation) throw Error("OUT_OF_MEMORY", "GPU out of memory (" + message + ")");
  throw Error("CUDA_ERROR", message);
}

CudaStatus QueryCuda() {
  CudaStatus status;
  cudaRuntimeGetVersion(&status.runtimeVersion);
  cudaDriverGetVersion(&status.driverVersion);
  const cudaError_t error = cudaGetDeviceCount(&status.count);
  if (error != cudaSuccess) {
    status.count = 0;
    status.error = int(error);
    status.message = cudaGetErrorString(error);
    cudaGetLastError();
    // The runtime's words for these two cases blame the version even when there is no driver.
    auto version = [](int v) { return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10); };
    if (status.driverVersion == 0) {
      status.message = "no NVIDIA driver (libcuda.so.1 cannot be loaded)";
    } else if (error == cudaErrorInsufficientDriver) {
      status.message = "the NVIDIA driver supports CUDA " + version(status.driverVersion) +
                       ", this addon was built with CUDA " + version(status.runtimeVersion) +
                       " (update the driver, or build the addon with an older CUDA toolkit)";
    }
    return status;
  }
  for (int i = 0; i < status.count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) {
      cudaGetLastError();
      continue;
    }
    status.devices.push_back({i, prop.name, prop.major, prop.minor, prop.totalGlobalMem});
  }
  return status;
}

std::shared_ptr<ModelSession> OpenCudaModel(std::shared_ptr<const OrtRuntime> runtime,
                                            const std::string& path, int device) {
  const CudaStatus cuda = QueryCuda();
  if (cuda.count == 0) {
    throw Error("CUDA_UNAVAILABLE", "no CUDA device: " + (cuda.error != 0 ? cuda.message : std::string("0 devices")));
  }
  if (device < 0 || device >= cuda.count) {
    throw Error("CUDA_UNAVAILABLE", "CUDA device " + std::to_string(device) + " does not exist (" +
                                        std::to_string(cuda.count) + " found)");
  }
  const std::string library = runtime->libraryPath();
  try {
    return std::make_shared<ModelSession>(runtime, path, CudaSessionSetup(device, library), device);
  } catch (const Error& e) {
    // onnxruntime creates the CUDA execution provider with the session: a CUDA, cuBLAS or cuDNN
    // library it cannot load shows up here, not as a model problem.
    const std::string what = e.what();
    const bool cudaProblem = e.code() == "ORT_EP_FAIL" || what.find("CUDA") != std::string::npos ||
                             what.find("cuda") != std::string::npos ||
                             what.find("cudnn") != std::string::npos ||
                             what.find("cublas") != std::string::npos;
    if (e.code() != "CUDA_UNAVAILABLE" && cudaProblem) {
      throw Error("CUDA_UNAVAILABLE", "onnxruntime could not start CUDA for this model: " + what);
    }
    throw;
  }
}

namespace {

Geometry GeometryFor(const SweepSpec& spec) {
  Geometry g;
  g.channels = spec.channels;
  g.height = spec.height;
  g.width = spec.width;
  g.nhwc = spec.nhwc;
  g.channelMode = spec.channelMode;
  g.block = spec.block;
  g.stride = spec.stride;
  g.rows = spec.rows();
  g.cols = spec.cols();
  g.levelCount = spec.levelCount;
  g.classes = spec.classes;
  g.cells = spec.cells();
  g.imageSize = spec.imageSize();
  g.items = g.cells * g.levelCount;
  return g;
}

// One batch in flight: its stream, device buffers, onnxruntime binding and run options.
class Lane {
 public:
  Lane(const ModelSession& model, const SweepSpec& spec, const OrtMemoryInfo* deviceMemory,
       SweepControl& control)
      : model_(model), spec_(spec), control_(control),
        input_(size_t(spec.batch * spec.imageSize())),
        output_(size_t(spec.batch * spec.classes)),
        rowTop_(size_t(spec.batch)), rowSum_(size_t(spec.batch)) {
    const OrtApi* api = model.api();
    std::vector<int64_t> inShape = spec.nhwc
        ? std::vector<int64_t>{spec.batch, spec.height, spec.width, spec.channels}
        : std::vector<int64_t>{spec.batch, spec.channels, spec.height, spec.width};
    std::vector<int64_t> outShape = {spec.batch, spec.classes};
    OrtValue* value = nullptr;
    Check(api, api->CreateTensorWithDataAsOrtValue(deviceMemory, input_.get(), input_.bytes(),
                                                   inShape.data(), inShape.size(),
                                                   ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &value));
    inValue_ = Owned<OrtValue>(value, api->ReleaseValue);
    Check(api, api->CreateTensorWithDataAsOrtValue(deviceMemory, output_.get(), output_.bytes(),
                                                   outShape.data(), outShape.size(),
                                                   ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &value));
    outValue_ = Owned<OrtValue>(value, api->ReleaseValue);
    OrtIoBinding* binding = nullptr;
    Check(api, api->CreateIoBinding(model.session(), &binding));
    binding_ = Owned<OrtIoBinding>(binding, api->ReleaseIoBinding);
    Check(api, api->BindInput(binding_.get(), spec.inputName.c_str(), inValue_.get()));
    Check(api, api->BindOutput(binding_.get(), spec.outputName.c_str(), outValue_.get()));
    OrtRunOptions* options = nullptr;
    Check(api, api->CreateRunOptions(&options));
    runOptions_ = Owned<OrtRunOptions>(options, api->ReleaseRunOptions);
    control_.Register(api, runOptions_.get());
  }
  ~Lane() { control_.Unregister(runOptions_.get()); }
  Lane(const Lane&) = delete;
  Lane& operator=(const Lane&) = delete;

  BatchBuffers buffers() {
    return {input_.get(), output_.get(), rowTop_.get(), rowSum_.get()};
  }
  cudaStream_t stream() const { return stream_.get(); }
  int& flag() { return *flag_.get(); }

  // One forward pass of the bound batch; the outputs are complete on the device on return.
  void Run() {
    const OrtApi* api = model_.api();
    OrtStatus* status = api->RunWithBinding(model_.session(), runOptions_.get(), binding_.get());
    if (status != nullptr && control_.cancelled()) {
      api->ReleaseStatus(status);
      throw Error("ABORT_ERR", "the sweep was cancelled");
    }
    Check(api, status);
    Check(api, api->SynchronizeBoundOutputs(binding_.get()));
  }

 private:
  const ModelSession& model_;
  const SweepSpec& spec_;
  SweepControl& control_;
  Stream stream_;
  DeviceArray<float> input_, output_;
  DeviceArray<double> rowTop_, rowSum_;
  PinnedArray<int> flag_{1};
  Owned<OrtValue> inValue_, outValue_;
  Owned<OrtIoBinding> binding_;
  Owned<OrtRunOptions> runOptions_;
};

void ThrowIfNonFinite(int flag) {
  if (flag != 0) throw Error("NON_FINITE_OUTPUT", "the model produced NaN or Inf for a swept image");
}

}  // namespace

SweepResult RunCudaSweep(const ModelSession& model, const SweepSpec& spec, SweepControl& control) {
  spec.Validate();
  if (spec.coarseStep != 1) {
    throw Error("INVALID_ARGUMENT", "the GPU sweep is exhaustive only (coarseStep must be 1)");
  }
  const int device = model.cudaDevice();
  if (device < 0) throw Error("INVALID_ARGUMENT", "the model was not opened on a CUDA device");
  CheckCuda(cudaSetDevice(device), "cudaSetDevice");
  const OrtApi* api = model.api();
  const Geometry g = GeometryFor(spec);
  const ScoreKind kind = ScoreKindFor(spec.softmax, spec.logScore);
  const int64_t batch = spec.batch;
  const int64_t batches = (g.items + batch - 1) / batch;
  control.total = uint64_t(g.cells);

  OrtMemoryInfo* rawMemory = nullptr;
  Check(api, api->CreateMemoryInfo("Cuda", OrtDeviceAllocator, device, OrtMemTypeDefault, &rawMemory));
  Owned<OrtMemoryInfo> deviceMemory(rawMemory, api->ReleaseMemoryInfo);

  // The only uploads of the sweep: the base image and the level values, once.
  DeviceArray<float> base(spec.base.size()), levels(spec.levels.size()), baseScore(static_cast<size_t>(g.classes));
  DeviceArray<unsigned long long> best(size_t(g.cells * g.classes));
  DeviceArray<int> nonFinite(1);
  base.Upload(spec.base.data());
  levels.Upload(spec.levels.data());
  SweepBuffers shared{base.get(), levels.get(), best.get(), baseScore.get(), nonFinite.get()};
  {
    Stream setup;
    CheckCuda(LaunchClearBest(g, shared, setup.get()), "clearing the running bests");
    CheckCuda(cudaMemsetAsync(nonFinite.get(), 0, sizeof(int), setup.get()), "cudaMemsetAsync");
    CheckCuda(cudaStreamSynchronize(setup.get()), "cudaStreamSynchronize");
  }

  const int lanes = int(std::min<int64_t>(kLanes, std::max<int64_t>(batches, 1)));
  std::vector<std::unique_ptr<Lane>> lane;
  for (int i = 0; i < lanes; ++i) lane.push_back(std::make_unique<Lane>(model, spec, deviceMemory.get(), control));

  // The base image's scores, from a batch of base images (items past the end are the base).
  {
    Lane& l = *lane[0];
    CheckCuda(LaunchFill(g, shared, l.buffers(), g.items, batch, l.stream()), "fill");
    CheckCuda(cudaStreamSynchronize(l.stream()), "cudaStreamSynchronize");
    l.Run();
    CheckCuda(LaunchBaseScores(g, kind, shared, l.buffers(), l.stream()), "base scores");
    CheckCuda(cudaMemcpyAsync(&l.flag(), nonFinite.get(), sizeof(int), cudaMemcpyDeviceToHost, l.stream()), "cudaMemcpyAsync");
    CheckCuda(cudaStreamSynchronize(l.stream()), "cudaStreamSynchronize");
    if (l.flag() != 0) throw Error("NON_FINITE_OUTPUT", "the model produced NaN or Inf for the base image");
  }

  std::atomic<int64_t> next{0};
  std::atomic<int64_t> itemsDone{0};
  std::vector<std::exception_ptr> errors(static_cast<size_t>(lanes));
  std::vector<std::thread> threads;
  for (int i = 0; i < lanes; ++i) {
    threads.emplace_back([&, i] {
      Lane& l = *lane[size_t(i)];
      try {
        CheckCuda(cudaSetDevice(device), "cudaSetDevice");
        for (;;) {
          const int64_t j = next.fetch_add(1);
          if (j >= batches || control.cancelled()) break;
          const int64_t first = j * batch;
          const int64_t filled = std::min(batch, g.items - first);
          // Queued behind this lane's last reduction, which must finish reading the outputs
          // before the next forward pass overwrites them: one synchronisation covers both.
          CheckCuda(LaunchFill(g, shared, l.buffers(), first, batch, l.stream()), "fill");
          CheckCuda(cudaStreamSynchronize(l.stream()), "cudaStreamSynchronize");
          ThrowIfNonFinite(l.flag());
          l.Run();
          CheckCuda(LaunchReduce(g, kind, shared, l.buffers(), first, filled, l.stream()), "reduce");
          CheckCuda(cudaMemcpyAsync(&l.flag(), nonFinite.get(), sizeof(int), cudaMemcpyDeviceToHost,
                                    l.stream()), "cudaMemcpyAsync");
          const int64_t done = itemsDone.fetch_add(filled) + filled;
          control.done = uint64_t(std::min<int64_t>(g.cells, done / g.levelCount));
        }
        CheckCuda(cudaStreamSynchronize(l.stream()), "cudaStreamSynchronize");
        ThrowIfNonFinite(l.flag());
      } catch (...) {
        errors[size_t(i)] = std::current_exception();
        control.Cancel(api);
      }
    });
  }
  for (auto& t : threads) t.join();
  // A real failure explains itself better than the cancellation it caused in the other lane.
  std::exception_ptr cancelled;
  for (auto& error : errors) {
    if (!error) continue;
    try {
      std::rethrow_exception(error);
    } catch (const Error& e) {
      if (e.code() != "ABORT_ERR") throw;
      cancelled = error;
    }
  }
  if (cancelled) std::rethrow_exception(cancelled);
  if (control.cancelled()) throw Error("ABORT_ERR", "the sweep was cancelled");
  lane.clear();  // frees the batch buffers before the result's

  SweepResult result;
  const size_t n = size_t(g.cells * g.classes);
  result.bestLevel.resize(n);
  result.bestProb.resize(n);
  result.baseProb.resize(size_t(g.classes));
  {
    DeviceArray<int32_t> bestLevel(n);
    DeviceArray<float> bestScore(n);
    Stream finish;
    CheckCuda(LaunchFinalize(g, shared, bestLevel.get(), bestScore.get(), finish.get()), "finalize");
    CheckCuda(cudaStreamSynchronize(finish.get()), "cudaStreamSynchronize");
    bestLevel.Download(result.bestLevel.data());
    bestScore.Download(result.bestProb.data());
    baseScore.Download(result.baseProb.data());
  }
  result.passes = uint64_t(batch) * uint64_t(batches + 1);
  result.fullCells = 0;
  control.done = uint64_t(g.cells);
  return result;
}

}  // namespace cuda
}  // namespace onepixel
