#include "sweep.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
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
  if (coarseStep < 1) fail("coarseStep must be at least 1");
  if (maxPeaks < 1) fail("maxPeaks must be at least 1");
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

  // The score of every class for one slot: its probability, or its log-probability, in
  // double so that the reduction does not depend on the order in which slots are visited.
  const double* Scores(int64_t slot) {
    const int k = spec_.classes;
    probs_.resize(size_t(k));
    const float* row = output_.data() + slot * k;
    for (int i = 0; i < k; ++i) {
      if (!std::isfinite(row[i])) {
        throw Error("NON_FINITE_OUTPUT", "the model produced NaN or Inf for a swept image");
      }
    }
    if (!spec_.softmax) {
      // Outputs that already are probabilities; 1e-30 keeps log(0) finite.
      for (int i = 0; i < k; ++i) {
        probs_[size_t(i)] = spec_.logScore ? std::log(std::max(double(row[i]), 1e-30)) : row[i];
      }
      return probs_.data();
    }
    double top = row[0];
    for (int i = 1; i < k; ++i) top = std::max(top, double(row[i]));
    double sum = 0;
    for (int i = 0; i < k; ++i) sum += (probs_[size_t(i)] = std::exp(double(row[i]) - top));
    if (spec_.logScore) {
      const double logSum = std::log(sum);
      for (int i = 0; i < k; ++i) probs_[size_t(i)] = double(row[i]) - top - logSum;
    } else {
      for (int i = 0; i < k; ++i) probs_[size_t(i)] /= sum;
    }
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

namespace {

// Everything known about one cell while its levels are searched.
struct CellSearch {
  struct Tracker {
    int k;       // class
    int center;  // best level found so far around this peak
    int half;    // distance of the next pair of levels to try; 0 when done
  };
  int64_t cell = -1;
  std::vector<int> row;       // level -> row of `probs`, kNotRun or kRequested
  std::vector<float> probs;   // `classes` probabilities per evaluated level
  std::vector<Tracker> trackers;
  int outstanding = 0;
  bool started = false, planned = false, full = false, zooming = false;

  static constexpr int kNotRun = -1;
  static constexpr int kRequested = -2;

  void Reset(int64_t c, int levels, int classes) {
    cell = c;
    row.assign(size_t(levels), kNotRun);
    probs.clear();
    probs.reserve(size_t(classes) * 32);
    trackers.clear();
    outstanding = 0;
    started = planned = full = zooming = false;
  }
  float P(int level, int k, int classes) const {
    return probs[size_t(row[size_t(level)]) * size_t(classes) + size_t(k)];
  }
};

// Decides, from a cell's own outputs only, which levels it needs next. Because nothing else
// feeds the decision, the adaptive result too is the same for any thread count or batch size.
class LevelPlanner {
 public:
  LevelPlanner(const SweepSpec& spec, const std::vector<float>& baseProb)
      : spec_(spec), baseProb_(baseProb) {
    const int last = spec.levelCount - 1;
    for (int l = 0; l < last; l += spec.coarseStep) grid_.push_back(l);
    grid_.push_back(last);
  }

  // Appends the levels `s` needs next to `out`; an empty `out` means the cell is finished.
  // Returns true when this call decided to sweep the cell fully.
  bool Next(CellSearch& s, std::vector<int>& out) const {
    if (!s.started) {
      s.started = true;
      for (int l : grid_) Request(s, l, out);
      return false;
    }
    if (s.full) return false;
    if (!s.planned) {
      s.planned = true;
      if (spec_.coarseStep > 1 && !PlanTrackers(s)) {
        s.full = true;
        s.trackers.clear();
        for (int l = 0; l < spec_.levelCount; ++l) Request(s, l, out);
        return true;
      }
    } else if (s.zooming) {
      Advance(s);
    }
    for (;;) {
      bool active = false;
      for (const auto& t : s.trackers) {
        if (t.half < 1) continue;
        active = true;
        Request(s, t.center - t.half, out);
        Request(s, t.center + t.half, out);
      }
      s.zooming = !out.empty();
      if (!out.empty() || !active) return false;
      Advance(s);  // every level this round wanted was already known
    }
  }

 private:
  void Request(CellSearch& s, int level, std::vector<int>& out) const {
    if (level < 0 || level >= spec_.levelCount || s.row[size_t(level)] != CellSearch::kNotRun) return;
    s.row[size_t(level)] = CellSearch::kRequested;
    out.push_back(level);
  }

  // One tracker per peak of each class's grid curve that moves at all. False when some
  // curve has too many peaks to trust a local search.
  bool PlanTrackers(CellSearch& s) const {
    const int K = spec_.classes;
    const int n = int(grid_.size());
    for (int k = 0; k < K; ++k) {
      float lo = s.P(grid_[0], k, K), hi = lo;
      for (int g = 1; g < n; ++g) {
        lo = std::min(lo, s.P(grid_[size_t(g)], k, K));
        hi = std::max(hi, s.P(grid_[size_t(g)], k, K));
      }
      if (hi - lo < spec_.refineGain || hi - baseProb_[size_t(k)] < spec_.refineGain) continue;
      size_t first = s.trackers.size();
      for (int g = 0; g < n; ++g) {
        const float v = s.P(grid_[size_t(g)], k, K);
        // The first level of a plateau counts, so ties still go to the smallest level.
        const bool rises = g == 0 || v > s.P(grid_[size_t(g - 1)], k, K);
        const bool holds = g == n - 1 || v >= s.P(grid_[size_t(g + 1)], k, K);
        if (rises && holds && v >= hi - spec_.peakMargin) {
          s.trackers.push_back({k, grid_[size_t(g)], spec_.coarseStep / 2});
        }
      }
      if (int(s.trackers.size() - first) > spec_.maxPeaks) return false;
    }
    return true;
  }

  // Moves each tracker to the best of its centre and the pair just evaluated, then halves.
  void Advance(CellSearch& s) const {
    const int K = spec_.classes;
    for (auto& t : s.trackers) {
      if (t.half < 1) continue;
      int best = t.center;
      for (int l : {t.center - t.half, t.center + t.half}) {
        if (l < 0 || l >= spec_.levelCount) continue;
        const float v = s.P(l, t.k, K), b = s.P(best, t.k, K);
        if (v > b || (v == b && l < best)) best = l;
      }
      t.center = best;
      t.half /= 2;
    }
  }

  const SweepSpec& spec_;
  const std::vector<float>& baseProb_;
  std::vector<int> grid_;
};

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
  control.total = uint64_t(cells);

  {
    Batch base(model, spec, control);
    base.Run();
    const double* probs = base.Scores(0);
    for (int k = 0; k < classes; ++k) result.baseProb[size_t(k)] = float(probs[k]);
  }
  std::atomic<uint64_t> passes{uint64_t(spec.batch)};
  std::atomic<uint64_t> fullCells{0};
  std::atomic<int64_t> nextCell{0};
  const LevelPlanner planner(spec, result.baseProb);

  // Each worker claims whole cells and owns their searches: a cell is reduced by one worker
  // only, so the results need no locking. The batch mixes levels of several cells.
  RunOnThreads(model, spec.threads, control, [&](int) {
    Batch batch(model, spec, control);
    struct Request {
      CellSearch* search;
      int level;
    };
    std::deque<Request> queue;
    std::vector<std::unique_ptr<CellSearch>> owned;
    std::vector<CellSearch*> idle;
    std::vector<Request> slots(size_t(spec.batch));
    std::vector<CellSearch*> touched;
    std::vector<int> next;
    bool exhausted = false;

    auto plan = [&](CellSearch* s) {
      next.clear();
      if (planner.Next(*s, next)) ++fullCells;
      for (int l : next) queue.push_back({s, l});
      s->outstanding = int(next.size());
      if (!next.empty()) return;
      // Finished: each class's best over every level run, ties to the smallest level.
      for (int k = 0; k < classes; ++k) {
        const size_t at = size_t(int64_t(k) * cells + s->cell);
        for (int l = 0; l < levels; ++l) {
          if (s->row[size_t(l)] < 0) continue;
          const float p = s->P(l, k, classes);
          if (p > result.bestProb[at]) {
            result.bestProb[at] = p;
            result.bestLevel[at] = l;
          }
        }
      }
      idle.push_back(s);
      control.done += 1;
    };

    while (!control.cancelled()) {
      while (int64_t(queue.size()) < spec.batch && !exhausted) {
        const int64_t cell = nextCell.fetch_add(1);
        if (cell >= cells) {
          exhausted = true;
          break;
        }
        if (idle.empty()) {
          owned.push_back(std::make_unique<CellSearch>());
          idle.push_back(owned.back().get());
        }
        CellSearch* s = idle.back();
        idle.pop_back();
        s->Reset(cell, levels, classes);
        plan(s);
      }
      if (queue.empty()) return;
      int64_t filled = 0;
      for (; filled < spec.batch && !queue.empty(); ++filled) {
        slots[size_t(filled)] = queue.front();
        queue.pop_front();
        batch.Write(filled, slots[size_t(filled)].search->cell, slots[size_t(filled)].level, false);
      }
      batch.Run();
      passes += uint64_t(spec.batch);
      touched.clear();
      for (int64_t i = 0; i < filled; ++i) {
        const Request& r = slots[size_t(i)];
        const double* probs = batch.Scores(i);
        CellSearch* s = r.search;
        s->row[size_t(r.level)] = int(s->probs.size() / size_t(classes));
        for (int k = 0; k < classes; ++k) s->probs.push_back(float(probs[k]));
        if (--s->outstanding == 0) touched.push_back(s);
        batch.Write(i, s->cell, 0, true);
      }
      for (CellSearch* s : touched) plan(s);
    }
  });
  result.passes = passes.load();
  result.fullCells = fullCells.load();
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
