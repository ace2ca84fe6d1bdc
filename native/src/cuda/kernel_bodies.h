// What one GPU thread of each kernel computes, compiled twice: by nvcc for the kernels
// (kernels.cu) and by the host compiler for their emulation (emulate.cc).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels.h"

#if defined(__CUDACC__)
#define ONEPIXEL_HD __host__ __device__ __forceinline__
#else
#define ONEPIXEL_HD inline
#endif

#if defined(__CUDA_ARCH__)
#define ONEPIXEL_ISFINITE(v) isfinite(v)
#else
#define ONEPIXEL_ISFINITE(v) std::isfinite(v)
#endif

namespace onepixel {
namespace cuda {
namespace body {

// Element `e` of the image that slot `item` sends to the model: the base image, with the item's
// swept unit (its block of pixels, all channels or its one channel) set to the item's level.
// Items past the end pad the last batch and are the base image.
ONEPIXEL_HD float FillValue(const Geometry& g, const float* base, const float* levels, int64_t item,
                            int64_t e) {
  const float b = base[e];
  if (item >= g.items) return b;
  const int64_t cell = item / g.levelCount;
  const int level = int(item - cell * g.levelCount);
  const int64_t perChannel = int64_t(g.rows) * g.cols;
  const int channel = g.channelMode ? int(cell / perChannel) : -1;
  const int64_t pixel = g.channelMode ? cell - int64_t(channel) * perChannel : cell;
  const int top = int(pixel / g.cols) * g.stride;
  const int left = int(pixel % g.cols) * g.stride;
  int c, y, x;
  if (g.nhwc) {
    c = int(e % g.channels);
    const int64_t p = e / g.channels;
    x = int(p % g.width);
    y = int(p / g.width);
  } else {
    x = int(e % g.width);
    const int64_t r = e / g.width;
    y = int(r % g.height);
    c = int(r / g.height);
  }
  if (y < top || y >= top + g.block || x < left || x >= left + g.block) return b;
  if (channel >= 0 && c != channel) return b;
  return levels[int64_t(level) * g.channels + c];
}

// The softmax statistics of one output row, summed in the CPU sweep's order (one thread per
// row, left to right), so the GPU's probabilities round like the CPU's: the row's maximum, and
// the sum of exp(x - max) (its logarithm for log-probabilities). Returns false when a value is
// NaN or Inf.
ONEPIXEL_HD bool RowStats(const float* row, int classes, ScoreKind kind, double* top, double* sum) {
  bool finite = true;
  double t = row[0];
  for (int i = 0; i < classes; ++i) {
    const float v = row[i];
    if (!ONEPIXEL_ISFINITE(v)) finite = false;
    t = fmax(t, double(v));
  }
  double s = 0;
  if (kind == kSoftmaxProbability || kind == kSoftmaxLogProbability) {
    for (int i = 0; i < classes; ++i) s += exp(double(row[i]) - t);
    if (kind == kSoftmaxLogProbability) s = log(s);
  }
  *top = t;
  *sum = s;
  return finite;
}

// One class's score for one row: Batch::Scores of sweep.cc, value for value.
ONEPIXEL_HD float Score(float x, ScoreKind kind, double top, double sum) {
  switch (kind) {
    case kSoftmaxProbability: return float(exp(double(x) - top) / sum);
    case kSoftmaxLogProbability: return float(double(x) - top - sum);  // sum holds log(sum)
    case kProbability: return x;
    default: return float(log(fmax(double(x), 1e-30)));
  }
}

// A (score, level) pair packed so that unsigned order is "higher score, then lower level": the
// running best is then an atomicMax, and the result does not depend on the order in which
// batches finish. Scores are never NaN here (non-finite outputs stop the sweep); -0 counts as 0.
ONEPIXEL_HD uint32_t OrderedBits(float v) {
  if (v == 0.0f) v = 0.0f;
  uint32_t u;
#if defined(__CUDA_ARCH__)
  u = __float_as_uint(v);
#else
  std::memcpy(&u, &v, sizeof u);
#endif
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

ONEPIXEL_HD float FromOrderedBits(uint32_t o) {
  const uint32_t u = (o & 0x80000000u) ? (o & 0x7fffffffu) : ~o;
#if defined(__CUDA_ARCH__)
  return __uint_as_float(u);
#else
  float v;
  std::memcpy(&v, &u, sizeof v);
  return v;
#endif
}

ONEPIXEL_HD unsigned long long PackBest(float score, int level) {
  return (static_cast<unsigned long long>(OrderedBits(score)) << 32) |
         static_cast<unsigned long long>(0xffffffffu - static_cast<uint32_t>(level));
}

ONEPIXEL_HD void UnpackBest(unsigned long long key, int32_t* level, float* score) {
  if (key == 0) {
    *level = -1;
    *score = -INFINITY;
    return;
  }
  *level = int32_t(0xffffffffu - static_cast<uint32_t>(key & 0xffffffffull));
  *score = FromOrderedBits(static_cast<uint32_t>(key >> 32));
}

// The cells a batch touches: its items first .. first+filled-1 are consecutive, so they form
// runs of consecutive levels of at most ceil(filled / levelCount) + 1 cells.
ONEPIXEL_HD int64_t BatchFirstCell(const Geometry& g, int64_t first) { return first / g.levelCount; }
ONEPIXEL_HD int64_t BatchCellCount(const Geometry& g, int64_t first, int64_t filled) {
  return (first + filled - 1) / g.levelCount - first / g.levelCount + 1;
}

// Thread (group, class) of the reduction: the best (score, level) of one class over the slots
// of one cell in this batch, levels in increasing order with a strict `>` (ties to the lowest
// level, as on the CPU). Returns 0 when the cell has no slot here.
ONEPIXEL_HD unsigned long long GroupBest(const Geometry& g, ScoreKind kind, const float* output,
                                         const double* rowTop, const double* rowSum,
                                         int64_t first, int64_t filled, int64_t group, int k,
                                         int64_t* cellOut) {
  const int64_t cell = BatchFirstCell(g, first) + group;
  *cellOut = cell;
  const int64_t cellStart = cell * g.levelCount;
  int64_t begin = cellStart > first ? cellStart - first : 0;
  int64_t end = cellStart + g.levelCount - first;
  if (end > filled) end = filled;
  float best = 0;
  int bestLevel = -1;
  for (int64_t s = begin; s < end; ++s) {
    const float v = Score(output[s * g.classes + k], kind, rowTop[s], rowSum[s]);
    if (bestLevel < 0 || v > best) {
      best = v;
      bestLevel = int(first + s - cellStart);
    }
  }
  return bestLevel < 0 ? 0ull : PackBest(best, bestLevel);
}

}  // namespace body
}  // namespace cuda
}  // namespace onepixel
