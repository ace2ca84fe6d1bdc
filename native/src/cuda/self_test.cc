#include "self_test.h"

#include <cuda_runtime.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "cuda_memory.h"
#include "cuda_provider.h"
#include "kernels.h"
#include "probe_model.h"

namespace onepixel {
namespace cuda {

namespace {

// ---- The reference: the CPU sweep's semantics (sweep.cc), written out plainly. ----

Geometry MakeGeometry(int channels, int height, int width, bool nhwc, bool channelMode, int block,
                      int stride, int levelCount, int classes) {
  Geometry g;
  g.channels = channels;
  g.height = height;
  g.width = width;
  g.nhwc = nhwc;
  g.channelMode = channelMode;
  g.block = block;
  g.stride = stride;
  g.rows = (height - block) / stride + 1;
  g.cols = (width - block) / stride + 1;
  g.levelCount = levelCount;
  g.classes = classes;
  g.cells = int64_t(channelMode ? channels : 1) * g.rows * g.cols;
  g.imageSize = int64_t(channels) * height * width;
  g.items = g.cells * levelCount;
  return g;
}

// The image of one item: the base image with the item's unit set to its level (Batch::Write).
std::vector<float> ReferenceImage(const Geometry& g, const std::vector<float>& base,
                                  const std::vector<float>& levels, int64_t item) {
  std::vector<float> image = base;
  if (item >= g.items) return image;
  const int64_t cell = item / g.levelCount;
  const int level = int(item % g.levelCount);
  const int64_t perChannel = int64_t(g.rows) * g.cols;
  const int channel = g.channelMode ? int(cell / perChannel) : -1;
  const int64_t pixel = cell % perChannel;
  const int top = int(pixel / g.cols) * g.stride;
  const int left = int(pixel % g.cols) * g.stride;
  for (int y = top; y < top + g.block; ++y) {
    for (int x = left; x < left + g.block; ++x) {
      for (int c = channel < 0 ? 0 : channel; c < (channel < 0 ? g.channels : channel + 1); ++c) {
        const int64_t at = g.nhwc ? (int64_t(y) * g.width + x) * g.channels + c
                                  : (int64_t(c) * g.height + y) * g.width + x;
        image[size_t(at)] = levels[size_t(level * g.channels + c)];
      }
    }
  }
  return image;
}

// Batch::Scores.
std::vector<double> ReferenceScores(const float* row, int k, bool softmax, bool logScore) {
  std::vector<double> probs(static_cast<size_t>(k));
  if (!softmax) {
    for (int i = 0; i < k; ++i) {
      probs[size_t(i)] = logScore ? std::log(std::max(double(row[i]), 1e-30)) : row[i];
    }
    return probs;
  }
  double top = row[0];
  for (int i = 1; i < k; ++i) top = std::max(top, double(row[i]));
  double sum = 0;
  for (int i = 0; i < k; ++i) sum += (probs[size_t(i)] = std::exp(double(row[i]) - top));
  if (logScore) {
    const double logSum = std::log(sum);
    for (int i = 0; i < k; ++i) probs[size_t(i)] = double(row[i]) - top - logSum;
  } else {
    for (int i = 0; i < k; ++i) probs[size_t(i)] /= sum;
  }
  return probs;
}

// ---- Running the kernels: emulated on host arrays, or launched on device copies. ----

struct ReduceOutcome {
  std::vector<int32_t> level;
  std::vector<float> score;
  int nonFinite = 0;
};

class Runner {
 public:
  explicit Runner(bool onDevice) : onDevice_(onDevice) {}

  std::vector<float> Fill(const Geometry& g, const std::vector<float>& base,
                          const std::vector<float>& levels, int64_t first, int64_t slots) {
    std::vector<float> out(size_t(slots * g.imageSize), std::nanf(""));
    if (!onDevice_) {
      SweepBuffers s{base.data(), levels.data(), nullptr, nullptr, nullptr};
      BatchBuffers b{out.data(), nullptr, nullptr, nullptr};
      EmulateFill(g, s, b, first, slots);
      return out;
    }
    DeviceArray<float> dBase(base.size()), dLevels(levels.size()), dOut(out.size());
    dBase.Upload(base.data());
    dLevels.Upload(levels.data());
    SweepBuffers s{dBase.get(), dLevels.get(), nullptr, nullptr, nullptr};
    BatchBuffers b{dOut.get(), nullptr, nullptr, nullptr};
    CheckCuda(LaunchFill(g, s, b, first, slots, nullptr), "fill");
    CheckCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    dOut.Download(out.data());
    return out;
  }

  // Reduces `outputs` (items x classes) batch by batch in `order`; rows past a batch's end
  // are NaN, which the kernels must never look at.
  ReduceOutcome Reduce(const Geometry& g, ScoreKind kind, const std::vector<float>& outputs,
                       int64_t batch, const std::vector<int64_t>& order) {
    const size_t n = size_t(g.cells * g.classes);
    ReduceOutcome r;
    r.level.resize(n);
    r.score.resize(n);
    std::vector<float> rows(size_t(batch * g.classes));
    auto load = [&](int64_t j) -> int64_t {
      const int64_t first = j * batch;
      const int64_t filled = std::min(batch, g.items - first);
      std::fill(rows.begin(), rows.end(), std::nanf(""));
      std::copy(outputs.begin() + first * g.classes, outputs.begin() + (first + filled) * g.classes,
                rows.begin());
      return filled;
    };
    if (!onDevice_) {
      std::vector<unsigned long long> best(n);
      std::vector<double> top(static_cast<size_t>(batch)), sum(static_cast<size_t>(batch));
      SweepBuffers s{nullptr, nullptr, best.data(), nullptr, &r.nonFinite};
      BatchBuffers b{nullptr, rows.data(), top.data(), sum.data()};
      EmulateClearBest(g, s);
      for (int64_t j : order) {
        const int64_t filled = load(j);
        EmulateReduce(g, kind, s, b, j * batch, filled);
      }
      EmulateFinalize(g, s, r.level.data(), r.score.data());
      return r;
    }
    DeviceArray<unsigned long long> best(n);
    DeviceArray<float> dRows(rows.size());
    DeviceArray<double> top(static_cast<size_t>(batch)), sum(static_cast<size_t>(batch));
    DeviceArray<int> flag(1);
    DeviceArray<int32_t> level(n);
    DeviceArray<float> score(n);
    SweepBuffers s{nullptr, nullptr, best.get(), nullptr, flag.get()};
    BatchBuffers b{nullptr, dRows.get(), top.get(), sum.get()};
    CheckCuda(LaunchClearBest(g, s, nullptr), "clear");
    CheckCuda(cudaMemset(flag.get(), 0, sizeof(int)), "cudaMemset");
    for (int64_t j : order) {
      const int64_t filled = load(j);
      dRows.Upload(rows.data());
      CheckCuda(LaunchReduce(g, kind, s, b, j * batch, filled, nullptr), "reduce");
      CheckCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    }
    CheckCuda(LaunchFinalize(g, s, level.get(), score.get(), nullptr), "finalize");
    CheckCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    level.Download(r.level.data());
    score.Download(r.score.data());
    flag.Download(&r.nonFinite);
    return r;
  }

  std::vector<float> BaseScores(const Geometry& g, ScoreKind kind, const std::vector<float>& row,
                                int* nonFinite) {
    std::vector<float> scores(static_cast<size_t>(g.classes));
    *nonFinite = 0;
    if (!onDevice_) {
      double top = 0, sum = 0;
      SweepBuffers s{nullptr, nullptr, nullptr, scores.data(), nonFinite};
      BatchBuffers b{nullptr, const_cast<float*>(row.data()), &top, &sum};
      EmulateBaseScores(g, kind, s, b);
      return scores;
    }
    DeviceArray<float> dRow(row.size()), dScores(scores.size());
    DeviceArray<double> top(1), sum(1);
    DeviceArray<int> flag(1);
    dRow.Upload(row.data());
    CheckCuda(cudaMemset(flag.get(), 0, sizeof(int)), "cudaMemset");
    SweepBuffers s{nullptr, nullptr, nullptr, dScores.get(), flag.get()};
    BatchBuffers b{nullptr, dRow.get(), top.get(), sum.get()};
    CheckCuda(LaunchBaseScores(g, kind, s, b, nullptr), "base scores");
    CheckCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    dScores.Download(scores.data());
    flag.Download(nonFinite);
    return scores;
  }

 private:
  bool onDevice_;
};

bool SameFloat(float a, float b, bool exact) {
  if (exact) return std::memcmp(&a, &b, sizeof a) == 0 || (a == 0 && b == 0);
  return std::fabs(a - b) <= 1e-6f * std::max(1.0f, std::fabs(a));
}

}  // namespace

SelfTestReport KernelSelfTest(bool onDevice, uint32_t seed, int cases) {
  SelfTestReport report;
  Runner runner(onDevice);
  const bool exact = !onDevice;
  auto fail = [&](const std::string& what) {
    ++report.failures;
    if (report.firstFailure.empty()) report.firstFailure = what;
  };
  for (int c = 0; c < cases; ++c) {
    ++report.cases;
    std::mt19937 rng(seed * 7919u + uint32_t(c));
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int channels = std::vector<int>{1, 3, 5}[size_t(uniform(0, 2))];
    const int height = uniform(3, 9), width = uniform(3, 9);
    const int block = uniform(1, std::min(3, std::min(height, width)));
    const int stride = uniform(1, 3);
    const Geometry g = MakeGeometry(channels, height, width, uniform(0, 1) == 1, uniform(0, 1) == 1,
                                    block, stride, uniform(2, 9), uniform(2, 12));
    const std::string name = "case " + std::to_string(c) + " (C" + std::to_string(channels) + " " +
                             std::to_string(height) + "x" + std::to_string(width) +
                             (g.nhwc ? " NHWC" : " NCHW") + (g.channelMode ? " channel" : " gray") +
                             " block " + std::to_string(block) + " stride " + std::to_string(stride) +
                             " L" + std::to_string(g.levelCount) + " K" + std::to_string(g.classes) + ")";
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> base(static_cast<size_t>(g.imageSize)), levels(size_t(g.levelCount * channels));
    for (auto& v : base) v = normal(rng);
    for (auto& v : levels) v = normal(rng);

    // fill: the first batch, one straddling the end (padding), one past the end, one anywhere.
    const int64_t batch = uniform(1, 3 * g.levelCount);
    for (int64_t first : {int64_t(0), std::max<int64_t>(0, g.items - batch / 2), g.items,
                          int64_t(uniform(0, int(g.items - 1)))}) {
      ++report.checks;
      const std::vector<float> images = runner.Fill(g, base, levels, first, batch);
      for (int64_t slot = 0; slot < batch; ++slot) {
        const std::vector<float> want = ReferenceImage(g, base, levels, first + slot);
        if (!std::equal(want.begin(), want.end(), images.begin() + slot * g.imageSize)) {
          fail(name + ": fill differs from the reference at item " + std::to_string(first + slot));
          break;
        }
      }
    }

    // reduce: every kind of score, outputs with exact ties, batches in a shuffled order.
    for (int k = 0; k < 4; ++k) {
      ++report.checks;
      const auto kind = static_cast<ScoreKind>(k);
      const bool softmax = kind == kSoftmaxProbability || kind == kSoftmaxLogProbability;
      const bool logScore = kind == kSoftmaxLogProbability || kind == kLogProbability;
      std::vector<float> outputs(size_t(g.items * g.classes));
      const float probabilities[] = {0.0f, -0.0f, 0.25f, 0.5f, 0.5f, 1.0f, 1e-40f};
      for (auto& v : outputs) {
        if (softmax) v = std::round(normal(rng) * 2.0f) / 2.0f;
        else v = uniform(0, 3) == 0 ? std::uniform_real_distribution<float>(0, 1)(rng)
                                    : probabilities[uniform(0, 6)];
      }
      const int64_t batches = (g.items + batch - 1) / batch;
      std::vector<int64_t> order(static_cast<size_t>(batches));
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), rng);
      const ReduceOutcome got = runner.Reduce(g, kind, outputs, batch, order);
      if (got.nonFinite != 0) fail(name + ": reduce flagged finite outputs as NaN/Inf");
      std::vector<std::vector<double>> scores;
      for (int64_t item = 0; item < g.items; ++item) {
        scores.push_back(ReferenceScores(outputs.data() + item * g.classes, g.classes, softmax, logScore));
      }
      bool bad = false;
      for (int64_t cell = 0; cell < g.cells && !bad; ++cell) {
        for (int cls = 0; cls < g.classes && !bad; ++cls) {
          float best = -std::numeric_limits<float>::infinity();
          int bestLevel = -1;
          for (int l = 0; l < g.levelCount; ++l) {
            const float p = float(scores[size_t(cell * g.levelCount + l)][size_t(cls)]);
            if (p > best) {
              best = p;
              bestLevel = l;
            }
          }
          const size_t at = size_t(int64_t(cls) * g.cells + cell);
          bool levelOk = got.level[at] == bestLevel;
          if (!levelOk && !exact && got.level[at] >= 0 && got.level[at] < g.levelCount) {
            // On a GPU a near-tie may round the other way; the level it chose must score the same.
            const float other = float(scores[size_t(cell * g.levelCount + got.level[at])][size_t(cls)]);
            levelOk = SameFloat(other, best, false);
          }
          if (!levelOk || !SameFloat(got.score[at], best, exact)) {
            char detail[160];
            std::snprintf(detail, sizeof detail, ": reduce (kind %d) cell %lld class %d: level %d score %.9g, want %d %.9g",
                          k, static_cast<long long>(cell), cls, got.level[at], double(got.score[at]), bestLevel, double(best));
            fail(name + detail);
            bad = true;
          }
        }
      }
      // A NaN or Inf in a swept image's row is reported; the same value in padding is not.
      ++report.checks;
      std::vector<float> poisoned = outputs;
      poisoned[size_t(uniform(0, int(poisoned.size() - 1)))] = uniform(0, 1) ? std::nanf("") : INFINITY;
      if (runner.Reduce(g, kind, poisoned, batch, order).nonFinite == 0) {
        fail(name + ": reduce missed a NaN or Inf output");
      }
      // The base image's scores.
      ++report.checks;
      std::vector<float> row(outputs.begin(), outputs.begin() + g.classes);
      int nonFinite = 0;
      const std::vector<float> baseScores = runner.BaseScores(g, kind, row, &nonFinite);
      const std::vector<double> want = ReferenceScores(row.data(), g.classes, softmax, logScore);
      for (int cls = 0; cls < g.classes; ++cls) {
        if (nonFinite != 0 || !SameFloat(baseScores[size_t(cls)], float(want[size_t(cls)]), exact)) {
          fail(name + ": base scores differ (kind " + std::to_string(k) + ")");
          break;
        }
      }
    }
  }
  return report;
}

ProviderReport CheckProvider(const std::string& libraryPath) {
  ProviderReport report;
  try {
    OrtRuntime runtime(libraryPath);
    const OrtApi* api = runtime.api();
    OrtSessionOptions* raw = nullptr;
    Check(api, api->CreateSessionOptions(&raw));
    Owned<OrtSessionOptions> options(raw, api->ReleaseSessionOptions);
    AppendCudaProvider(api, options.get(), 0, libraryPath);
    report.ok = true;
  } catch (const std::exception& e) {
    report.message = e.what();
  }
  return report;
}

namespace {

// The probe model in a temporary file, removed on scope exit.
class TempModel {
 public:
  TempModel() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/onepixel-probe-XXXXXX";
    std::vector<char> name(path_.begin(), path_.end());
    name.push_back('\0');
    const int fd = mkstemp(name.data());
    if (fd < 0) throw Error("INTERNAL", "cannot create a temporary file for the CUDA probe");
    path_ = name.data();
    const bool ok = write(fd, kProbeModel, sizeof kProbeModel) == ssize_t(sizeof kProbeModel);
    close(fd);
    if (!ok) throw Error("INTERNAL", "cannot write the CUDA probe's model");
  }
  ~TempModel() { unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

ProbeReport Probe(const std::string& libraryPath, int device) {
  ProbeReport report;
  report.cuda = QueryCuda();
  auto stage = [&](const char* name, const std::string& message) {
    report.stage = name;
    report.message = message;
    return report;
  };
  if (report.cuda.error != 0) return stage("driver", report.cuda.message);
  if (report.cuda.count == 0) return stage("device", "no CUDA device");
  if (device < 0 || device >= report.cuda.count) {
    return stage("device", "CUDA device " + std::to_string(device) + " does not exist");
  }
  try {
    CheckCuda(cudaSetDevice(device), "cudaSetDevice");
    const SelfTestReport kernels = KernelSelfTest(true, 1, 12);
    if (kernels.failures > 0) return stage("kernels", kernels.firstFailure);
  } catch (const std::exception& e) {
    return stage("kernels", e.what());
  }
  std::shared_ptr<const OrtRuntime> runtime;
  try {
    runtime = std::make_shared<const OrtRuntime>(libraryPath);
    report.onnxruntime = runtime->version();
  } catch (const std::exception& e) {
    return stage("onnxruntime", e.what());
  }
  try {
    TempModel file;
    std::shared_ptr<ModelSession> gpu;
    try {
      gpu = OpenCudaModel(runtime, file.path(), device);
    } catch (const std::exception& e) {
      return stage("provider", e.what());
    }
    ModelSession cpu(runtime, file.path());
    SweepSpec spec;
    spec.inputName = "x";
    spec.outputName = "y";
    spec.batch = 8;
    spec.threads = 1;
    spec.channels = 1;
    spec.height = spec.width = 4;
    spec.base.assign(16, 0.0f);
    spec.levelCount = 5;
    for (int l = 0; l < spec.levelCount; ++l) spec.levels.push_back(float(l) / 4.0f);
    spec.classes = 3;
    SweepControl cpuControl, gpuControl;
    const SweepResult want = RunSweep(cpu, spec, cpuControl);
    const SweepResult got = RunCudaSweep(*gpu, spec, gpuControl);
    int mismatched = 0;
    double worst = 0;
    for (size_t i = 0; i < want.bestLevel.size(); ++i) {
      if (want.bestLevel[i] != got.bestLevel[i]) ++mismatched;
      worst = std::max(worst, std::fabs(double(want.bestProb[i]) - double(got.bestProb[i])));
    }
    for (size_t k = 0; k < want.baseProb.size(); ++k) {
      worst = std::max(worst, std::fabs(double(want.baseProb[k]) - double(got.baseProb[k])));
    }
    if (mismatched > 1 || worst > 1e-4) {
      return stage("sweep", "the GPU sweep differs from the CPU sweep on the probe model (" +
                                std::to_string(mismatched) + " levels differ, largest score difference " +
                                std::to_string(worst) + ")");
    }
  } catch (const std::exception& e) {
    return stage("sweep", e.what());
  }
  report.ok = true;
  report.stage = "done";
  return report;
}

}  // namespace cuda
}  // namespace onepixel
