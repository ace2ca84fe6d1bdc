#include "sweep.h"

#include <cmath>
#include <exception>
#include <limits>
#include <thread>

namespace onepixel {

void SweepSpec::Validate() const {
  auto fail = [](const std::string& what) { throw Error("INVALID_ARGUMENT", what); };
  if (batch < 1) fail("batch must be at least 1");
  if (threads < 1) fail("threads must be at least 1");
  if (channels < 1 || height < 1 || width < 1) fail("image dimensions must be positive");
  if (levelCount < 1) fail("at least one level is needed");
  if (block < 1 || stride < 1) fail("block and stride must be at least 1");
  if (block > height || block > width) fail("block is larger than the image");
  if (classes < 1) fail("the model must have at least one class");
  if (int64_t(base.size()) != imageSize()) fail("base image has the wrong size");
  if (int64_t(levels.size()) != int64_t(levelCount) * channels) fail("levels have the wrong size");
}

void SweepControl::Cancel(const OrtApi* api) {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_.store(true);
  for (OrtRunOptions* options : active_) {
    OrtStatus* status = api->RunOptionsSetTerminate(options);
    if (status != nullptr) api->ReleaseStatus(status);
  }
}

void SweepControl::Register(const OrtApi* api, OrtRunOptions* options) {
  std::lock_guard<std::mutex> lock(mutex_);
  active_.push_back(options);
  if (cancelled_.load()) {
    OrtStatus* status = api->RunOptionsSetTerminate(options);
    if (status != nullptr) api->ReleaseStatus(status);
  }
}

void SweepControl::Unregister(OrtRunOptions* options) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = active_.begin(); it != active_.end(); ++it) {
    if (*it == options) {
      active_.erase(it);
      return;
    }
  }
}

namespace {

// One worker's preallocated batch: every slot starts as the base image, and a slot is put
// back to the base after each run, so filling a batch touches only the swept pixels.
class Batch {
 public:
  Batch(const ModelSession& model, const SweepSpec& spec, SweepControl& control)
      : model_(model), spec_(spec), control_(control) {
    const int64_t image = spec.imageSize();
    input_.resize(size_t(spec.batch * image));
    for (int64_t s = 0; s < spec.batch; ++s) {
      std::copy(spec.base.begin(), spec.base.end(), input_.begin() + s * image);
    }
    output_.resize(size_t(spec.batch * spec.classes));
    std::vector<int64_t> inShape = spec.nhwc
        ? std::vector<int64_t>{spec.batch, spec.height, spec.width, spec.channels}
        : std::vector<int64_t>{spec.batch, spec.channels, spec.height, spec.width};
    inTensor_ = model.WrapFloats(input_.data(), input_.size(), inShape);
    outTensor_ = model.WrapFloats(output_.data(), output_.size(), {spec.batch, spec.classes});
    const OrtApi* api = model.api();
    OrtRunOptions* options = nullptr;
    Check(api, api->CreateRunOptions(&options));
    runOptions_ = Owned<OrtRunOptions>(options, api->ReleaseRunOptions);
    control_.Register(api, runOptions_.get());
  }
  ~Batch() { control_.Unregister(runOptions_.get()); }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  // Sets the swept unit of `cell` in slot `slot` to level `level`, or back to the base.
  void Write(int64_t slot, int64_t cell, int level, bool restore) {
    const int rows = spec_.rows(), cols = spec_.cols();
    const int64_t perChannel = int64_t(rows) * cols;
    const int channel = spec_.channelMode ? int(cell / perChannel) : -1;
    const int64_t pixel = cell % perChannel;
    const int top = int(pixel / cols) * spec_.stride;
    const int left = int(pixel % cols) * spec_.stride;
    const int firstChannel = channel < 0 ? 0 : channel;
    const int lastChannel = channel < 0 ? spec_.channels : channel + 1;
    float* image = input_.data() + slot * spec_.imageSize();
    const float* value = spec_.levels.data() + int64_t(level) * spec_.channels;
    for (int y = top; y < top + spec_.block; ++y) {
      for (int x = left; x < left + spec_.block; ++x) {
        for (int c = firstChannel; c < lastChannel; ++c) {
          const int64_t at = spec_.nhwc ? (int64_t(y) * spec_.width + x) * spec_.channels + c
                                        : (int64_t(c) * spec_.height + y) * spec_.width + x;
          image[at] = restore ? spec_.base[size_t(at)] : value[c];
        }
      }
    }
  }

  void Run() {
    const OrtApi* api = model_.api();
    const char* inName = spec_.inputName.c_str();
    const char* outName = spec_.outputName.c_str();
    const OrtValue* in = inTensor_.get();
    OrtValue* out = outTensor_.get();
    OrtStatus* status =
        api->Run(model_.session(), runOptions_.get(), &inName, &in, 1, &outName, 1, &out);
    if (status != nullptr && control_.cancelled()) {
      api->ReleaseStatus(status);
      throw Error("ABORT_ERR", "the sweep was cancelled");
    }
    Check(api, status);
  }

  // The class probabilities of one slot, computed in double so that the reduction does not
  // depend on the order in which slots are visited.
  const double* Probabilities(int64_t slot) {
    const int k = spec_.classes;
    probs_.resize(size_t(k));
    const float* row = output_.data() + slot * k;
    for (int i = 0; i < k; ++i) {
      if (!std::isfinite(row[i])) {
        throw Error("NON_FINITE_OUTPUT", "the model produced NaN or Inf for a swept image");
      }
    }
    if (!spec_.softmax) {
      for (int i = 0; i < k; ++i) probs_[size_t(i)] = row[i];
      return probs_.data();
    }
    double top = row[0];
    for (int i = 1; i < k; ++i) top = std::max(top, double(row[i]));
    double sum = 0;
    for (int i = 0; i < k; ++i) sum += (probs_[size_t(i)] = std::exp(double(row[i]) - top));
    for (int i = 0; i < k; ++i) probs_[size_t(i)] /= sum;
    return probs_.data();
  }

 private:
  const ModelSession& model_;
  const SweepSpec& spec_;
  SweepControl& control_;
  std::vector<float> input_;
  std::vector<float> output_;
  std::vector<double> probs_;
  Owned<OrtValue> inTensor_;
  Owned<OrtValue> outTensor_;
  Owned<OrtRunOptions> runOptions_;
};

// Runs `work(thread)` on `threads` threads and rethrows the first failure; a failure cancels
// the others so that they stop at their next batch.
template <typename Work>
void RunOnThreads(const ModelSession& model, int threads, SweepControl& control, Work work) {
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        work(t);
      } catch (...) {
        errors[size_t(t)] = std::current_exception();
        control.Cancel(model.api());
      }
    });
  }
  for (auto& thread : pool) thread.join();
  // A real failure explains itself better than the cancellations it caused in the others.
  std::exception_ptr first;
  for (auto& error : errors) {
    if (!error) continue;
    try {
      std::rethrow_exception(error);
    } catch (const Error& e) {
      if (e.code() != "ABORT_ERR") std::rethrow_exception(error);
      if (!first) first = error;
    } catch (...) {
      std::rethrow_exception(error);
    }
  }
  if (first) std::rethrow_exception(first);
  if (control.cancelled()) throw Error("ABORT_ERR", "the sweep was cancelled");
}

}  // namespace

SweepResult RunSweep(const ModelSession& model, const SweepSpec& spec, SweepControl& control) {
  spec.Validate();
  const int64_t cells = spec.cells();
  const int classes = spec.classes;
  const int levels = spec.levelCount;
  SweepResult result;
  result.bestLevel.assign(size_t(cells * classes), -1);
  result.bestProb.assign(size_t(cells * classes), -std::numeric_limits<float>::infinity());
  result.baseProb.resize(size_t(classes));
  control.total = uint64_t(cells) * uint64_t(levels);

  {
    Batch base(model, spec, control);
    base.Run();
    const double* probs = base.Probabilities(0);
    for (int k = 0; k < classes; ++k) result.baseProb[size_t(k)] = float(probs[k]);
  }
  std::atomic<uint64_t> passes{uint64_t(spec.batch)};
  std::atomic<int64_t> nextCell{0};

  // Each worker claims whole cells and streams their levels, in order, through its batch.
  // A cell is reduced by one worker only, and its levels arrive in increasing order, so a
  // strict ">" keeps the smallest level on ties without any locking.
  RunOnThreads(model, spec.threads, control, [&](int) {
    Batch batch(model, spec, control);
    std::vector<int64_t> slotCell(size_t(spec.batch));
    std::vector<int> slotLevel(size_t(spec.batch));
    int64_t cell = -1;
    int level = 0;
    bool exhausted = false;
    while (!control.cancelled()) {
      int64_t filled = 0;
      while (filled < spec.batch && !exhausted) {
        if (cell < 0) {
          cell = nextCell.fetch_add(1);
          if (cell >= cells) {
            exhausted = true;
            break;
          }
          level = 0;
        }
        batch.Write(filled, cell, level, false);
        slotCell[size_t(filled)] = cell;
        slotLevel[size_t(filled)] = level;
        ++filled;
        if (++level == levels) cell = -1;
      }
      if (filled == 0) return;
      batch.Run();
      passes += uint64_t(spec.batch);
      for (int64_t s = 0; s < filled; ++s) {
        const double* probs = batch.Probabilities(s);
        const int64_t at = slotCell[size_t(s)];
        for (int k = 0; k < classes; ++k) {
          const float p = float(probs[k]);
          const size_t index = size_t(int64_t(k) * cells + at);
          if (p > result.bestProb[index]) {
            result.bestProb[index] = p;
            result.bestLevel[index] = slotLevel[size_t(s)];
          }
        }
        batch.Write(s, at, 0, true);
      }
      control.done += uint64_t(filled);
    }
  });
  result.passes = passes.load();
  return result;
}

uint64_t RunRepeated(const ModelSession& model, const SweepSpec& spec, int64_t batchesPerThread,
                     SweepControl& control) {
  spec.Validate();
  control.total = uint64_t(batchesPerThread) * uint64_t(spec.threads) * uint64_t(spec.batch);
  RunOnThreads(model, spec.threads, control, [&](int) {
    Batch batch(model, spec, control);
    for (int64_t i = 0; i < batchesPerThread && !control.cancelled(); ++i) {
      batch.Run();
      control.done += uint64_t(spec.batch);
    }
  });
  return control.done.load();
}

}  // namespace onepixel
