/**
 * Cost before work, from the file alone: a sweep's passes, what one pass costs on a reference
 * machine (from the graph, see graph-cost.ts), and the block size that fits a time budget. An
 * exhaustive 224×224 signature is 12.8M passes (days on two cores); under a budget it is
 * swept on s×s blocks, the smallest s that fits.
 */
import type { PassCost } from '../engine/graph-cost.js';
import type { SignatureOptions } from '../engine/options.js';

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

/**
 * The reference machine a budget is counted on: a 2-core runner (fitted on this project's
 * 2-core machine by `npm run bench`, which reports predicted against measured seconds per
 * pass). A budget is a count of work, stated in that machine's seconds, so the same model and
 * flags get the same plan however busy or fast the machine running the scan is.
 */
export const REFERENCE = {
  /** Per image, whatever the graph: onnxruntime's dispatch and the sweep's bookkeeping. */
  passMicros: 2,
  /** Per multiply-accumulate of a dense op. */
  macMicros: 3e-5,
  /** Per element any other op touches. */
  elementMicros: 1e-3,
  /** Per input value of an image drawn in JS (the probe, transfer test and search build theirs). */
  drawnValueMicros: 0.01,
};

/** Seconds one forward pass of one image takes on the reference machine. */
export function passSeconds(cost: Pick<PassCost, 'macs' | 'elements'>): number {
  return (REFERENCE.passMicros + cost.macs * REFERENCE.macMicros + cost.elements * REFERENCE.elementMicros) / 1e6;
}

/** Seconds on the reference machine for `passes` forward passes, `drawn` of them of images drawn in JS. */
export function referenceSeconds(cost: Pick<PassCost, 'macs' | 'elements'>, passes: number, drawn: number, inputValues: number): number {
  return passes * passSeconds(cost) + (drawn * inputValues * REFERENCE.drawnValueMicros) / 1e6;
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
