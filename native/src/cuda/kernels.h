// The GPU sweep's kernels, as plain C++ declarations (no CUDA headers): `fill` writes a batch of
// perturbed images from the base image, `reduce` turns a batch of model outputs into each
// class's running best (level, score). Each has a host emulation that runs the very same
// per-thread code (kernel_bodies.h) on the CPU, so the kernels' arithmetic is tested on machines
// without a GPU; only the launch and the atomics differ.
#pragma once

#include <cstdint>

namespace onepixel {
namespace cuda {

// The exhaustive sweep enumerates items cell-major, level-minor: item = cell * levelCount + level.
struct Geometry {
  int channels = 0, height = 0, width = 0;
  bool nhwc = false;
  bool channelMode = false;
  int block = 1, stride = 1;
  int rows = 0, cols = 0;        // swept units per column and row
  int levelCount = 0;
  int classes = 0;
  int64_t cells = 0;             // (channels in channel mode, else 1) * rows * cols
  int64_t imageSize = 0;         // channels * height * width
  int64_t items = 0;             // cells * levelCount
};

// How a row of model outputs becomes scores, as in the CPU sweep (sweep.cc, Batch::Scores).
enum ScoreKind : int {
  kSoftmaxProbability = 0,       // logits, probability
  kSoftmaxLogProbability = 1,    // logits, log-probability
  kProbability = 2,              // outputs already are probabilities
  kLogProbability = 3,           // probabilities, log-probability (log of max(p, 1e-30))
};

inline ScoreKind ScoreKindFor(bool softmax, bool logScore) {
  return softmax ? (logScore ? kSoftmaxLogProbability : kSoftmaxProbability)
                 : (logScore ? kLogProbability : kProbability);
}

// Device pointers of one batch in flight.
struct BatchBuffers {
  float* input = nullptr;        // slots * imageSize, model layout
  float* output = nullptr;       // slots * classes
  double* rowTop = nullptr;      // slots: max of each output row (softmax)
  double* rowSum = nullptr;      // slots: sum of exp(x - top) of each output row (softmax)
};

// The sweep's device-resident state shared by every batch.
struct SweepBuffers {
  const float* base = nullptr;   // imageSize
  const float* levels = nullptr; // levelCount * channels
  unsigned long long* best = nullptr;  // classes * cells packed (score, level) keys, 0 = none
  float* baseScore = nullptr;    // classes
  int* nonFinite = nullptr;      // set to 1 when a swept image's output is NaN or Inf
};

// Kernel launches on `stream` (a cudaStream_t). They return a CUDA error code (0 = success),
// so that callers without CUDA headers can report it.
int LaunchFill(const Geometry& g, const SweepBuffers& s, const BatchBuffers& b, int64_t first,
               int64_t slots, void* stream);
int LaunchReduce(const Geometry& g, ScoreKind kind, const SweepBuffers& s, const BatchBuffers& b,
                 int64_t first, int64_t filled, void* stream);
int LaunchBaseScores(const Geometry& g, ScoreKind kind, const SweepBuffers& s,
                     const BatchBuffers& b, void* stream);
int LaunchClearBest(const Geometry& g, const SweepBuffers& s, void* stream);
int LaunchFinalize(const Geometry& g, const SweepBuffers& s, int32_t* bestLevel, float* bestScore,
                   void* stream);

// The same kernels run on the host, thread by thread, on host pointers.
void EmulateFill(const Geometry& g, const SweepBuffers& s, const BatchBuffers& b, int64_t first,
                 int64_t slots);
void EmulateReduce(const Geometry& g, ScoreKind kind, const SweepBuffers& s, const BatchBuffers& b,
                   int64_t first, int64_t filled);
void EmulateBaseScores(const Geometry& g, ScoreKind kind, const SweepBuffers& s,
                       const BatchBuffers& b);
void EmulateClearBest(const Geometry& g, const SweepBuffers& s);
void EmulateFinalize(const Geometry& g, const SweepBuffers& s, int32_t* bestLevel, float* bestScore);

}  // namespace cuda
}  // namespace onepixel
