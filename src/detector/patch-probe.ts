/**
 * The patch probe: the recipe's step for triggers that no single pixel or uniform block sets
 * off. Measured on the zoo, a real trigger stamped on a black image fires its target class in
 * nearly every backdoored model, but a 2-6 px pattern (checker, stripes, random colours) is not
 * reproduced by uniform blocks, and on a plain image a clean model is also pushed to almost any
 * class by a few pixels. What sets a trigger apart is that it wins on *any* image. So the probe
 * scores a small patch by its mean log-probability over several bases (black and black with
 * random strokes, which look like data to models trained on dark backgrounds): first random
 * patterns at every window position, then a greedy search that grows the best patch of each
 * of the most promising classes one cell at a time. Forward passes only.
 */
import type { LoadedModel } from '../model.js';
import type { SignatureOptions } from '../options.js';
import type { Box } from '../report.js';
import { checkOutput, type SignatureCallbacks } from '../signature.js';
import { Canvas, palette, type Patch, random, Scorer, stamp, strokes } from './images.js';
import { quantizeGain, type StepResult } from './recipe.js';

export interface ProbeSettings {
  /** Patch side, in cells. */
  window: number;
  /** Window positions every `stride` cells. */
  stride: number;
  /** Random patterns tried at each position. */
  patterns: number;
  /** Bases: black, then black with random strokes. */
  bases: number;
  /** Greedy steps per patch, and patches grown per class. */
  steps: number;
  seeds: number;
  /** Classes whose patches are grown (the best by the random patterns); the rest keep their scan score. */
  maxClasses: number;
}

export const PROBE: ProbeSettings = { window: 6, stride: 3, patterns: 6, bases: 4, steps: 6, seeds: 2, maxClasses: 10 };

/** The probe as a recipe step: `gain` maps the random patterns' best mean log-gain per position. */
export interface ProbeResult extends StepResult {
  /** Per class: the mean log-probability over the bases of its best grown patch. */
  refined: number[];
  /** Per class: where that patch is, in input pixels [x0, y0, x1, y1). */
  refinedBox: Box[];
  /** Per class: the patch itself, for the transfer test. */
  patches: Patch[];
  /** Cell side in pixels and patch side in cells. */
  cell: number;
  window: number;
  passes: number;
}

/** Mean over the bases of class k's log-probability, for consecutive groups of `bases` rows. */
function meanOver(rows: Float32Array[], at: number, bases: number, k: number): number {
  let sum = 0;
  for (let b = 0; b < bases; b++) sum += rows[at * bases + b]![k]!;
  return sum / bases;
}

/**
 * Runs the probe on an open model. `cell` is the patch's cell side in pixels (the recipe's
 * scale: 1 up to 32×32 inputs, more for larger ones).
 */
export async function runPatchProbe(
  model: LoadedModel,
  o: SignatureOptions,
  cell: number,
  callbacks: SignatureCallbacks = {},
  settings: ProbeSettings = PROBE,
): Promise<ProbeResult> {
  const started = performance.now();
  const { channels, height, width } = model.input;
  const { classes, probabilities } = await checkOutput(model, o);
  const colours = palette(channels);
  const next = random(0x0e9e1);
  const windowPx = Math.min(settings.window * cell, height, width);
  const window = Math.max(1, Math.floor(windowPx / cell));
  const stridePx = settings.stride * cell;
  const rows = Math.floor((height - window * cell) / stridePx) + 1;
  const cols = Math.floor((width - window * cell) / stridePx) + 1;
  const scorer = new Scorer(model, o, probabilities, classes, callbacks.signal);

  const bases: Canvas[] = [];
  for (let b = 0; b < settings.bases; b++) {
    const canvas = new Canvas(channels, height, width);
    if (b > 0) strokes(canvas, colours, next, cell);
    bases.push(canvas);
  }
  const B = bases.length;
  const baseRows = await scorer.score(bases);
  const baseMean = Array.from({ length: classes }, (_, k) => meanOver(baseRows, 0, B, k));

  // Random patterns at every position: a map per class, and the best patch per position.
  const patches: Patch[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let n = 0; n < settings.patterns; n++) {
        const cells = Array.from({ length: window * window }, () => (next() < 0.4 ? colours[0]! : colours[1 + Math.floor(next() * (colours.length - 1))]!));
        patches.push({ y0: r * stridePx, x0: c * stridePx, cells });
      }
    }
  }
  const plannedPasses = probePasses(classes, channels, height, width, cell, settings);
  const report = (): void => callbacks.onProgress?.({ done: Math.min(scorer.passes, plannedPasses), total: plannedPasses, seconds: (performance.now() - started) / 1000 });
  const scanRows = await scorer.score(patches.flatMap((p) => bases.map((b) => stamp(b, p, cell, window))));
  report();
  const positions = rows * cols;
  const map = new Float32Array(classes * positions).fill(-Infinity);
  const bestPatch: number[] = new Array<number>(classes * positions).fill(0);
  patches.forEach((_, i) => {
    const at = Math.floor(i / settings.patterns);
    for (let k = 0; k < classes; k++) {
      const v = meanOver(scanRows, i, B, k);
      if (v > map[k * positions + at]!) {
        map[k * positions + at] = v;
        bestPatch[k * positions + at] = i;
      }
    }
  });

  // Grow patches for the classes the random patterns raised most.
  const scanBest = Array.from({ length: classes }, (_, k) => Math.max(...map.subarray(k * positions, (k + 1) * positions)));
  const order = [...scanBest.keys()].sort((a, b) => scanBest[b]! - scanBest[a]! || a - b);
  const refined = [...scanBest];
  const grown: Patch[] = Array.from({ length: classes }, (_, k) => {
    const at = map.subarray(k * positions, (k + 1) * positions).indexOf(scanBest[k]!);
    return patches[bestPatch[k * positions + at]!]!;
  });
  const refinedBox: Box[] = grown.map((p) => [p.x0, p.y0, p.x0 + window * cell, p.y0 + window * cell]);
  for (const k of order.slice(0, settings.maxClasses)) {
    const plane = map.subarray(k * positions, (k + 1) * positions);
    const seeds = [...plane.keys()].sort((a, b) => plane[b]! - plane[a]! || a - b).slice(0, settings.seeds);
    for (const at of seeds) {
      let patch = patches[bestPatch[k * positions + at]!]!;
      let score = plane[at]!;
      for (let step = 0; step < settings.steps && score < Math.log(0.99); step++) {
        const candidates: Patch[] = [];
        patch.cells.forEach((current, i) => {
          for (const colour of colours) {
            if (colour === current) continue;
            const cells = [...patch.cells];
            cells[i] = colour;
            candidates.push({ ...patch, cells });
          }
        });
        const scored = await scorer.score(candidates.flatMap((p) => bases.map((b) => stamp(b, p, cell, window))));
        report();
        let best = -1;
        let bestScore = score;
        candidates.forEach((_, i) => {
          const v = meanOver(scored, i, B, k);
          if (v > bestScore) {
            bestScore = v;
            best = i;
          }
        });
        if (best < 0) break;
        patch = candidates[best]!;
        score = bestScore;
      }
      if (score > refined[k]!) {
        refined[k] = score;
        grown[k] = patch;
        refinedBox[k] = [patch.x0, patch.y0, patch.x0 + window * cell, patch.y0 + window * cell];
      }
    }
  }
  report();

  const gain = new Uint8Array(classes * positions);
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < positions; i++) gain[k * positions + i] = quantizeGain(map[k * positions + i]! - baseMean[k]!);
  }
  return {
    step: 'patch-probe',
    block: window * cell,
    stride: stridePx,
    rows,
    cols,
    classes,
    baseLogP: baseMean,
    gain,
    refined,
    refinedBox,
    patches: grown,
    cell,
    window,
    passes: scorer.passes,
  };
}

/** How many forward passes the probe needs at most (its greedy steps may stop early). */
export function probePasses(classes: number, channels: number, height: number, width: number, cell: number, settings: ProbeSettings = PROBE): number {
  const window = Math.max(1, Math.floor(Math.min(settings.window * cell, height, width) / cell));
  const stridePx = settings.stride * cell;
  const positions = (Math.floor((height - window * cell) / stridePx) + 1) * (Math.floor((width - window * cell) / stridePx) + 1);
  const colours = palette(channels).length;
  return (1 + positions * settings.patterns + Math.min(classes, settings.maxClasses) * settings.seeds * settings.steps * window * window * (colours - 1)) * settings.bases;
}
