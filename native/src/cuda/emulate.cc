// The kernels of kernels.cu run on the host: every GPU thread's body, one after another, with
// the atomicMax replaced by a plain max. Used by the kernel tests on machines without a GPU.
#include <algorithm>
#include <cstring>

#include "kernel_bodies.h"
#include "kernels.h"

namespace onepixel {
namespace cuda {

void EmulateFill(const Geometry& g, const SweepBuffers& s, const BatchBuffers& b, int64_t first,
                 int64_t slots) {
  for (int64_t i = 0; i < slots * g.imageSize; ++i) {
    const int64_t slot = i / g.imageSize;
    b.input[i] = body::FillValue(g, s.base, s.levels, first + slot, i - slot * g.imageSize);
  }
}

void EmulateReduce(const Geometry& g, ScoreKind kind, const SweepBuffers& s, const BatchBuffers& b,
                   int64_t first, int64_t filled) {
  if (filled < 1) return;
  for (int64_t r = 0; r < filled; ++r) {
    if (!body::RowStats(b.output + r * g.classes, g.classes, kind, b.rowTop + r, b.rowSum + r)) {
      *s.nonFinite = 1;
    }
  }
  const int64_t n = body::BatchCellCount(g, first, filled) * g.classes;
  for (int64_t t = 0; t < n; ++t) {
    const int k = int(t % g.classes);
    int64_t cell = 0;
    const unsigned long long key = body::GroupBest(g, kind, b.output, b.rowTop, b.rowSum, first,
                                                   filled, t / g.classes, k, &cell);
    unsigned long long& slot = s.best[int64_t(k) * g.cells + cell];
    if (key != 0) slot = std::max(slot, key);
  }
}

void EmulateBaseScores(const Geometry& g, ScoreKind kind, const SweepBuffers& s,
                       const BatchBuffers& b) {
  if (!body::RowStats(b.output, g.classes, kind, b.rowTop, b.rowSum)) *s.nonFinite = 1;
  for (int k = 0; k < g.classes; ++k) {
    s.baseScore[k] = body::Score(b.output[k], kind, b.rowTop[0], b.rowSum[0]);
  }
}

void EmulateClearBest(const Geometry& g, const SweepBuffers& s) {
  std::memset(s.best, 0, size_t(g.cells) * size_t(g.classes) * sizeof(unsigned long long));
}

void EmulateFinalize(const Geometry& g, const SweepBuffers& s, int32_t* bestLevel,
                     float* bestScore) {
  for (int64_t i = 0; i < g.cells * g.classes; ++i) {
    body::UnpackBest(s.best[i], bestLevel + i, bestScore + i);
  }
}

}  // namespace cuda
}  // namespace onepixel
