// The GPU sweep's kernels: grid-stride loops around the per-thread bodies of kernel_bodies.h.
#include <cuda_runtime.h>

#include "kernel_bodies.h"
#include "kernels.h"

namespace onepixel {
namespace cuda {
namespace {

constexpr int kThreads = 256;

// Enough blocks to cover n threads, capped; the kernels loop over the rest.
unsigned BlocksFor(int64_t n) {
  const int64_t blocks = (n + kThreads - 1) / kThreads;
  return unsigned(blocks < 1 ? 1 : (blocks > 65535 ? 65535 : blocks));
}

__device__ __forceinline__ int64_t ThreadIndex() {
  return int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
}
__device__ __forceinline__ int64_t ThreadCount() { return int64_t(gridDim.x) * blockDim.x; }

__global__ void FillKernel(Geometry g, const float* __restrict__ base,
                           const float* __restrict__ levels, float* __restrict__ input,
                           int64_t first, int64_t slots) {
  const int64_t n = slots * g.imageSize;
  for (int64_t i = ThreadIndex(); i < n; i += ThreadCount()) {
    const int64_t slot = i / g.imageSize;
    input[i] = body::FillValue(g, base, levels, first + slot, i - slot * g.imageSize);
  }
}

__global__ void RowStatsKernel(Geometry g, ScoreKind kind, const float* __restrict__ output,
                               int64_t rows, double* rowTop, double* rowSum, int* nonFinite) {
  for (int64_t r = ThreadIndex(); r < rows; r += ThreadCount()) {
    if (!body::RowStats(output + r * g.classes, g.classes, kind, rowTop + r, rowSum + r)) {
      *nonFinite = 1;
    }
  }
}

__global__ void BestKernel(Geometry g, ScoreKind kind, const float* __restrict__ output,
                           const double* __restrict__ rowTop, const double* __restrict__ rowSum,
                           int64_t first, int64_t filled, unsigned long long* best) {
  const int64_t n = body::BatchCellCount(g, first, filled) * g.classes;
  for (int64_t t = ThreadIndex(); t < n; t += ThreadCount()) {
    const int k = int(t % g.classes);
    int64_t cell = 0;
    const unsigned long long key =
        body::GroupBest(g, kind, output, rowTop, rowSum, first, filled, t / g.classes, k, &cell);
    if (key != 0) atomicMax(best + int64_t(k) * g.cells + cell, key);
  }
}

__global__ void BaseScoresKernel(Geometry g, ScoreKind kind, const float* __restrict__ output,
                                 const double* __restrict__ rowTop,
                                 const double* __restrict__ rowSum, float* baseScore) {
  for (int64_t k = ThreadIndex(); k < g.classes; k += ThreadCount()) {
    baseScore[k] = body::Score(output[k], kind, rowTop[0], rowSum[0]);
  }
}

__global__ void FinalizeKernel(Geometry g, const unsigned long long* __restrict__ best,
                               int32_t* bestLevel, float* bestScore) {
  const int64_t n = g.cells * g.classes;
  for (int64_t i = ThreadIndex(); i < n; i += ThreadCount()) {
    body::UnpackBest(best[i], bestLevel + i, bestScore + i);
  }
}

int LastError() { return int(cudaGetLastError()); }

}  // namespace

int LaunchFill(const Geometry& g, const SweepBuffers& s, const BatchBuffers& b, int64_t first,
               int64_t slots, void* stream) {
  FillKernel<<<BlocksFor(slots * g.imageSize), kThreads, 0, cudaStream_t(stream)>>>(
      g, s.base, s.levels, b.input, first, slots);
  return LastError();
}

int LaunchReduce(const Geometry& g, ScoreKind kind, const SweepBuffers& s, const BatchBuffers& b,
                 int64_t first, int64_t filled, void* stream) {
  if (filled < 1) return 0;
  RowStatsKernel<<<BlocksFor(filled), kThreads, 0, cudaStream_t(stream)>>>(
      g, kind, b.output, filled, b.rowTop, b.rowSum, s.nonFinite);
  const int64_t threads = body::BatchCellCount(g, first, filled) * g.classes;
  BestKernel<<<BlocksFor(threads), kThreads, 0, cudaStream_t(stream)>>>(
      g, kind, b.output, b.rowTop, b.rowSum, first, filled, s.best);
  return LastError();
}

int LaunchBaseScores(const Geometry& g, ScoreKind kind, const SweepBuffers& s,
                     const BatchBuffers& b, void* stream) {
  RowStatsKernel<<<1, 1, 0, cudaStream_t(stream)>>>(g, kind, b.output, 1, b.rowTop, b.rowSum,
                                                      s.nonFinite);
  BaseScoresKernel<<<BlocksFor(g.classes), kThreads, 0, cudaStream_t(stream)>>>(
      g, kind, b.output, b.rowTop, b.rowSum, s.baseScore);
  return LastError();
}

int LaunchClearBest(const Geometry& g, const SweepBuffers& s, void* stream) {
  const size_t bytes = size_t(g.cells) * size_t(g.classes) * sizeof(unsigned long long);
  return int(cudaMemsetAsync(s.best, 0, bytes, cudaStream_t(stream)));
}

int LaunchFinalize(const Geometry& g, const SweepBuffers& s, int32_t* bestLevel, float* bestScore,
                   void* stream) {
  FinalizeKernel<<<BlocksFor(g.cells * g.classes), kThreads, 0, cudaStream_t(stream)>>>(
      g, s.best, bestLevel, bestScore);
  return LastError();
}

}  // namespace cuda
}  // namespace onepixel
