/**
 * Cost before work: a sweep's passes, the model's measured throughput, and the block size that
 * fits a time budget. An exhaustive 224×224 signature is 12.8M passes (days on two cores);
 * under a budget it is swept on s×s blocks, the smallest s that fits.
 */
import type { NativeModel, NativeSweepSpec } from './native.js';
import type { SignatureOptions } from './options.js';

/** Passes per cell the adaptive search needs on average (measured: 9–36 at 256 levels). */
export const ADAPTIVE_PASSES_PER_CELL = 28;

export interface CostEstimate {
  cells: number;
  passes: number;
  passesPerSecond: number;
  seconds: number;
  /** The stride (and block) the budget led to, when it changed them. */
  budgetStride?: number;
}

export function cellCount(height: number, width: number, block: number, stride: number, planes: number): number {
  return planes * (Math.floor((height - block) / stride) + 1) * (Math.floor((width - block) / stride) + 1);
}

export function passesPerCell(o: Pick<SignatureOptions, 'levels' | 'search'>): number {
  return o.search === 'adaptive' ? Math.min(o.levels, ADAPTIVE_PASSES_PER_CELL) : o.levels;
}

/** Images per second of this model with the sweep's batch and threads, from a short timed run. */
export async function measureThroughput(model: NativeModel, spec: NativeSweepSpec): Promise<number> {
  await model.runRepeated(spec, null, 1).promise; // warm-up: first runs allocate and plan
  let batches = 1;
  for (;;) {
    const started = performance.now();
    const { passes } = await model.runRepeated(spec, null, batches).promise;
    const seconds = (performance.now() - started) / 1000;
    if (seconds >= 0.25 || batches >= 64) return passes / seconds;
    batches *= 4;
  }
}

/**
 * The smallest stride s ≥ the given one whose s×s blocks fit the budget, or undefined when the
 * sweep fits as asked. The block grows with the stride so every pixel is still swept.
 */
export function strideForBudget(
  o: Pick<SignatureOptions, 'levels' | 'search' | 'block' | 'stride' | 'mode'>,
  height: number,
  width: number,
  channels: number,
  passesPerSecond: number,
  budgetSeconds: number,
): number | undefined {
  const planes = o.mode === 'channel' ? channels : 1;
  const seconds = (block: number, stride: number): number =>
    (cellCount(height, width, block, stride, planes) * passesPerCell(o)) / passesPerSecond;
  if (seconds(o.block, o.stride) <= budgetSeconds) return undefined;
  for (let s = o.stride + 1; s <= Math.min(height, width); s++) {
    if (seconds(Math.max(o.block, s), s) <= budgetSeconds) return s;
  }
  return Math.min(height, width);
}
