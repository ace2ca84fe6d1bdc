// The fused pixel sweep: perturbed images are written into preallocated batch tensors, run,
// and reduced in place into every class's running best (level, probability).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "model_session.h"

namespace onepixel {

struct SweepSpec {
  std::string inputName;
  std::string outputName;
  int64_t batch = 1;        // images per Run()
  int threads = 1;          // concurrent Run() calls
  int channels = 0, height = 0, width = 0;
  bool nhwc = false;
  std::vector<float> base;    // one image, model layout, model units
  std::vector<float> levels;  // levelCount x channels, model units
  int levelCount = 0;
  bool channelMode = false;   // sweep each channel on its own instead of all at once
  int block = 1, stride = 1;
  bool softmax = true;        // false when the model already outputs probabilities
  bool logScore = false;      // record log-probability gains instead of probability gains
  int classes = 0;
  // Adaptive search: levels 0, step, 2·step, … and L−1 first, then a halving zoom around each
  // peak of every class that moves; step 1 is the exhaustive sweep.
  int coarseStep = 1;
  // A class is refined only when its grid curve moves by this much and its best grid level
  // gains this much over the base image: below that its gain cannot reach the 0.01 where S
  // matters unless the curve hides a spike larger than the gain tolerance itself.
  float refineGain = 0.005f;
  // Only peaks this close to a curve's best can still win once refined.
  float peakMargin = 0.01f;
  int maxPeaks = 3;             // more close peaks than this: the curve is not trusted, sweep fully

  int rows() const { return (height - block) / stride + 1; }
  int cols() const { return (width - block) / stride + 1; }
  int64_t cells() const { return int64_t(channelMode ? channels : 1) * rows() * cols(); }
  int64_t imageSize() const { return int64_t(channels) * height * width; }
  void Validate() const;  // throws Error("INVALID_ARGUMENT") on inconsistent values
};

// Shared between the JS thread (cancel, progress) and the sweep threads.
class SweepControl {
 public:
  void Cancel(const OrtApi* api);
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  // While registered, a Run() in flight is terminated by Cancel().
  void Register(const OrtApi* api, OrtRunOptions* options);
  void Unregister(OrtRunOptions* options);

  std::atomic<uint64_t> done{0};   // cells finished
  std::atomic<uint64_t> total{0};  // cells

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::vector<OrtRunOptions*> active_;
};

struct SweepResult {
  std::vector<int32_t> bestLevel;  // classes x cells
  std::vector<float> bestProb;     // classes x cells
  std::vector<float> baseProb;     // classes
  uint64_t passes = 0;             // images run, padding of the last batches included
  uint64_t fullCells = 0;          // cells the adaptive search swept fully
};

SweepResult RunSweep(const ModelSession& model, const SweepSpec& spec, SweepControl& control);

// Runs the base batch `batchesPerThread` times on each thread and nothing else: the
// onnxruntime ceiling the sweep is measured against. Returns the images run; progress
// counts images here, not cells.
uint64_t RunRepeated(const ModelSession& model, const SweepSpec& spec, int64_t batchesPerThread,
                     SweepControl& control);

}  // namespace onepixel
