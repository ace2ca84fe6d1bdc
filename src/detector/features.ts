/**
 * Structural features of a model's recipe signatures. The size of a gain is no evidence by
 * itself (clean, well-trained models reach one-pixel gains as high as backdoors), so most
 * features describe shape: how compact the high-gain region is, how specific it is to one
 * class, how it compares with the other classes, and whether it holds across sweeps.
 */
import { type Box, cellCentre, dequantizeGain, type GainMap, gainMaps, PROBE_STEP, type RecipeResult, SEARCH_STEP, type SearchMeasure, TRANSFER_STEP, type TransferMeasure } from '../recipe/result.js';
import { TRANSFER_FEATURES } from '../recipe/transfer-test.js';
import { SEARCH_MEASURES } from '../recipe/trigger-search.js';

export const CLASS_FEATURES = [
  'peak', 'concentration', 'specificity', 'relative', 'baseLogP',
  'probPeak', 'probConcentration', 'probSpecificity',
] as const;

/** Per class, from a patch probe's grown patches (src/recipe/patch-probe.ts). */
export const PROBE_FEATURES = ['reached', 'probeGain', 'margin', 'othersReached'] as const;

/**
 * Per class, from the transfer test: its measurements, then the patch and blend margins relative
 * to the median class, the blend's margin over its shuffled control, and both margins relative
 * to the model's own scale; last, how far the class exceeds the best other class in each of the
 * patch, blend, faint blend, blend-over-shuffled, border and noise-screen margins (a trigger's
 * class stands alone; an attractor has rivals).
 */
export const TRANSFER_CLASS_FEATURES = [
  ...TRANSFER_FEATURES, 'patchMarginRelative', 'blendMarginRelative', 'blendSpecificity', 'patchMarginScaled', 'blendMarginScaled', 'blendBorderScaled', 'blendBorderContrast', 'patchBoxShare',
  'patchGapScaled', 'blendGapScaled', 'faintBlendGapScaled', 'blendSpecificityGap', 'blendBorderGapScaled', 'noiseGapScaled',
] as const;

/**
 * Per class, from the trigger search (trigger-search.ts): the coarse scan's best margin, the
 * refined patch's margin and wins, and how far its margin exceeds the best other class's,
 * margins relative to the model's own scale.
 */
export const SEARCH_CLASS_FEATURES = ['coarseScaled', 'refinedScaled', 'refinedWins', 'refinedGapScaled'] as const;

/** Where each measurement sits in a transfer test's row. */
const T = Object.fromEntries(TRANSFER_FEATURES.map((name, i) => [name, i])) as Record<(typeof TRANSFER_FEATURES)[number], number>;

/** One feature: its name (the detector's weights select features by name) and its value. */
export interface Feature {
  name: string;
  value: number;
}

export interface ClassEvidence {
  /** Per gain map (named as the stored steps), its CLASS_FEATURES values. */
  perStep: { step: string; values: number[] }[];
  /** TRANSFER_CLASS_FEATURES values. */
  transfer: number[];
  /** PROBE_FEATURES values. */
  probe: number[];
  /** SEARCH_CLASS_FEATURES values. */
  search: number[];
  /** Where the peak is in each gain map, in input pixels (centre of the swept unit). */
  peaks: { x: number; y: number; value: number }[];
}

interface Map2D {
  rows: number;
  cols: number;
  values: Float32Array; // [K, rows, cols], dequantized log gains
}

function dequantize(step: GainMap): Map2D {
  const values = new Float32Array(step.gain.length);
  const table = Array.from({ length: 256 }, (_, q) => dequantizeGain(q));
  for (let i = 0; i < values.length; i++) values[i] = table[step.gain[i]!]!;
  return { rows: step.rows, cols: step.cols, values };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The probability gains P0·(e^D − 1) of a step, from its log-probability gains. */
function probabilityGains(step: GainMap, map: Map2D): Map2D {
  const plane = map.rows * map.cols;
  const values = new Float32Array(map.values.length);
  for (let i = 0; i < values.length; i++) values[i] = Math.exp(step.baseLogP[Math.floor(i / plane)]!) * Math.expm1(map.values[i]!);
  return { rows: map.rows, cols: map.cols, values };
}

interface Shape {
  peak: number;
  at: number;
  concentration: number;
  specificity: number;
}

/**
 * For each class of a map: its peak, where it is, the share of the class's gain within a
 * small window around the peak, and how far the peak exceeds every other class's gain at
 * the same place (`transform` puts gains on the scale the difference is taken in).
 */
function shapes(map: Map2D, classes: number, transform: (v: number) => number): Shape[] {
  const plane = map.rows * map.cols;
  const radius = Math.max(1, Math.round(0.08 * Math.max(map.rows, map.cols)));
  const out: Shape[] = [];
  for (let k = 0; k < classes; k++) {
    const values = map.values.subarray(k * plane, (k + 1) * plane);
    let at = 0;
    for (let c = 1; c < plane; c++) if (values[c]! > values[at]!) at = c;
    const pr = Math.floor(at / map.cols);
    const pc = at % map.cols;
    let total = 0;
    let near = 0;
    for (let r = 0; r < map.rows; r++) {
      for (let c = 0; c < map.cols; c++) {
        const v = Math.max(0, values[r * map.cols + c]!);
        total += v;
        if (Math.abs(r - pr) <= radius && Math.abs(c - pc) <= radius) near += v;
      }
    }
    let other = 0;
    for (let j = 0; j < classes; j++) if (j !== k) other = Math.max(other, map.values[j * plane + at]!);
    const peak = Math.max(0, values[at]!);
    out.push({ peak, at, concentration: total > 0 ? near / total : 0, specificity: transform(peak) - transform(Math.max(0, other)) });
  }
  return out;
}

/** Per-class evidence of every class, from every step of the recipe. */
export function classEvidence(r: RecipeResult): ClassEvidence[] {
  const K = r.pixel.classes;
  const out: ClassEvidence[] = Array.from({ length: K }, () => ({ perStep: [], transfer: [], probe: [], search: [], peaks: [] }));
  for (const { name, map: step } of gainMaps(r)) {
    const map = dequantize(step);
    const log = shapes(map, K, Math.log1p);
    const prob = shapes(probabilityGains(step, map), K, (v) => v);
    const peakMedian = median(log.map((s) => s.peak));
    for (let k = 0; k < K; k++) {
      const l = log[k]!;
      const p = prob[k]!;
      out[k]!.perStep.push({
        step: name,
        values: [Math.log1p(l.peak), l.concentration, l.specificity, Math.log1p(l.peak) - Math.log1p(peakMedian), Math.max(-30, step.baseLogP[k]!), p.peak, p.concentration, p.specificity],
      });
      const [x, y] = cellCentre(step, l.at);
      out[k]!.peaks.push({ x, y, value: l.peak });
    }
  }
  {
    // A trigger reaches its class on every base, from far away, and few other classes can.
    const reached = r.probe.refined.map((v) => Math.max(-30, v));
    const half = Math.log(0.5);
    for (let k = 0; k < K; k++) {
      let other = -30;
      let othersReached = 0;
      for (let j = 0; j < K; j++) {
        if (j === k) continue;
        other = Math.max(other, reached[j]!);
        if (reached[j]! > half) othersReached++;
      }
      out[k]!.probe.push(reached[k]!, reached[k]! - Math.max(-30, r.probe.baseLogP[k]!), reached[k]! - other, othersReached);
    }
  }
  {
    const step = r.transfer;
    const columns = transferColumns(step);
    const patchMedian = median(columns[T.patchMargin]!);
    const blendMedian = median(columns[T.blendMargin]!);
    const scale = transferScale(step);
    const boxShares = patchBoxShares(r);
    const scaled = (column: number[]): number[] => column.map((v) => v / scale);
    const gaps = [
      gapToBestOther(scaled(columns[T.patchMargin]!)),
      gapToBestOther(scaled(columns[T.blendMargin]!)),
      gapToBestOther(scaled(columns[T.faintBlendMargin]!)),
      gapToBestOther(columns[T.blendMargin]!.map((v, k) => v - columns[T.blendShuffledMargin]![k]!)),
      gapToBestOther(scaled(columns[T.blendBorderMargin]!)),
      gapToBestOther(scaled(columns[T.noiseMargin]!)),
    ];
    for (let k = 0; k < K; k++) {
      const row = columns.map((c) => c[k]!);
      const patch = row[T.patchMargin]!;
      const blend = row[T.blendMargin]!;
      const border = row[T.blendBorderMargin]!;
      const derived = [patch - patchMedian, blend - blendMedian, blend - row[T.blendShuffledMargin]!, patch / scale, blend / scale, border / scale, (border - row[T.blendCentreMargin]!) / scale];
      // Shares of exemplars won are 0..1 and used as they are; margins go through slog.
      out[k]!.transfer.push(...row.map((v, i) => (TRANSFER_FEATURES[i]!.endsWith('Wins') ? v : slog(v))), ...derived.map(slog), boxShares[k]!, ...gaps.map((g) => slog(g[k]!)));
    }
  }
  {
    const step = r.search;
    const refined = searchRefinedScaled(step);
    const columns = measureColumns(step.search, SEARCH_MEASURES.length);
    const scale = transferScale(step);
    const gap = gapToBestOther(refined);
    for (let k = 0; k < K; k++) out[k]!.search.push(slog(columns[0]![k]! / scale), slog(refined[k]!), columns[2]![k]!, slog(gap[k]!));
  }
  return out;
}

/**
 * The transfer test's measurements as columns (one array per TRANSFER_FEATURES entry, one value
 * per class). A class without a measurement (no exemplars of other classes, or no blend search
 * under a tight budget) gets its column's median: no evidence either way.
 */
function transferColumns(step: TransferMeasure): number[][] {
  return measureColumns(step.transfer, TRANSFER_FEATURES.length);
}

function measureColumns(rows: (number | null)[][], count: number): number[][] {
  return Array.from({ length: count }, (_, f) => {
    const values = rows.map((r) => r[f]);
    const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const fill = known.length > 0 ? median(known) : 0;
    return values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : fill));
  });
}

/**
 * Per class, the share of the probe's window that its narrowed patch keeps (1 where the patch was
 * not narrowed). Measured on the zoo: a trigger needs a few of the window's cells (median box 20
 * of 36 pixels for patch backdoors' targets), while a clean model's most transferable class
 * needs nearly all of them (median 36 of 36): its patch works as a mass of ink, not as a pattern.
 */
function patchBoxShares(r: RecipeResult): number[] {
  const area = (b: readonly number[] | null | undefined): number => (b ? (b[2]! - b[0]!) * (b[3]! - b[1]!) : 0);
  const window = Math.max(0, ...r.probe.refinedBox.map(area));
  return Array.from({ length: r.transfer.classes }, (_, k) => {
    const box = r.transfer.patchBox[k];
    return box && window > 0 ? Math.min(1, area(box) / window) : 1;
  });
}

/**
 * Per class, the refined patch's margin relative to the model's scale; the coarse one where not
 * refined, and the coarse column's median where the scan had no exemplars to score it on (a
 * model whose transfer test kept none: NaN in a live scan, null once stored).
 */
function searchRefinedScaled(step: SearchMeasure): number[] {
  const scale = transferScale(step);
  const coarse = measureColumns(step.search, 1)[0]!;
  return step.search.map((r, k) => (typeof r[1] === 'number' && Number.isFinite(r[1]) ? r[1] : coarse[k]!) / scale);
}

/**
 * Margins grow with a model's logit scale (an MLP fed raw 0..255 pixels reaches margins of 50
 * where a small CNN reaches 5), so they are also read relative to how sure the model is of its
 * own exemplars.
 */
function transferScale(step: { exemplarMargin?: number | null }): number {
  const m = step.exemplarMargin;
  return typeof m === 'number' && Number.isFinite(m) ? Math.max(1, m) : 1;
}

/** Per class, how far its value exceeds the best other class's (0 for a model with one class). */
function gapToBestOther(values: number[]): number[] {
  let first = -Infinity;
  let second = -Infinity;
  for (const v of values) {
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return values.map((v) => {
    const other = v === first ? second : first;
    return Number.isFinite(other) ? v - other : 0;
  });
}

/** How far the largest value stands out: its gap to the runner-up, and its robust z-score. */
function outlier(values: number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => b - a);
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  return [sorted[0]!, sorted[0]! - (sorted[1] ?? sorted[0]!), (sorted[0]! - m) / Math.max(mad, 0.1)].map(slog) as [number, number, number];
}

/** A signed logarithm: margins run from -60 to 60 across models, and a few must not dominate a fit. */
const slog = (v: number): number => Math.sign(v) * Math.log1p(Math.abs(v));

/** How far apart (as a fraction of the input's diagonal) the peaks of the strong steps are. */
function peakSpread(e: ClassEvidence, diagonal: number): number {
  const strong = e.peaks.filter((p) => p.value > 0.1);
  if (strong.length < 2) return 1;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < strong.length; i++) {
    for (let j = i + 1; j < strong.length; j++) {
      sum += Math.hypot(strong[i]!.x - strong[j]!.x, strong[i]!.y - strong[j]!.y);
      n++;
    }
  }
  return sum / n / diagonal;
}

/**
 * One class's features, each named: every gain map's CLASS_FEATURES, the peak spread, then the
 * probe's, the transfer test's and the search's. Names and values come from this one function.
 */
export function classFeatures(e: ClassEvidence, height: number, width: number): Feature[] {
  const named = (step: string, names: readonly string[], values: number[]): Feature[] => values.map((value, i) => ({ name: `${step}.${names[i]}`, value }));
  return [
    ...e.perStep.flatMap((s) => named(s.step, CLASS_FEATURES, s.values)),
    { name: 'peakSpread', value: peakSpread(e, Math.hypot(height, width)) },
    ...named(PROBE_STEP, PROBE_FEATURES, e.probe),
    ...named(TRANSFER_STEP, TRANSFER_CLASS_FEATURES, e.transfer),
    ...named(SEARCH_STEP, SEARCH_CLASS_FEATURES, e.search),
  ];
}

/** Model-level features that do not belong to one class, each named. */
export function modelFeatures(r: RecipeResult): Feature[] {
  const features: Feature[] = [];
  const add = (name: string, value: number): void => {
    features.push({ name, value });
  };
  const winners: number[] = [];
  for (const { name, map } of gainMaps(r)) {
    const top = Math.max(...map.baseLogP);
    winners.push(map.baseLogP.indexOf(top));
    add(`${name}.baseTopLogP`, top); // log of the base image's highest class probability
  }
  add('sameBaseClass', new Set(winners).size === 1 ? 1 : 0); // every base image lands in one class
  // The log of the class count is the model input's own (detector.ts, modelInput), not repeated here.
  {
    // Measured on the zoo, the probe's best class alone separates backdoored models best
    // (AUC 0.77), and backdoored models let more classes be reached, not fewer.
    const reached = r.probe.refined.map((v) => Math.max(-30, v));
    const sorted = [...reached].sort((a, b) => b - a);
    add(`${PROBE_STEP}.topReached`, sorted[0]!);
    add(`${PROBE_STEP}.topMargin`, sorted[0]! - (sorted[1] ?? sorted[0]!));
    add(`${PROBE_STEP}.shareReached`, reached.filter((v) => v > Math.log(0.5)).length / reached.length);
  }
  {
    // A trigger's class stands out from the model's other classes; a clean model's most
    // transferable class (an "attractor" such as MNIST's 8) stands out less.
    const step = r.transfer;
    const columns = transferColumns(step);
    const patch = columns[T.patchMargin]!;
    const blend = columns[T.blendMargin]!;
    const faint = columns[T.faintBlendMargin]!;
    const shuffled = columns[T.blendShuffledMargin]!;
    const border = columns[T.blendBorderMargin]!;
    const centre = columns[T.blendCentreMargin]!;
    const scale = transferScale(step);
    const outliers: [string, number[]][] = [
      ['Patch', patch],
      ['Blend', blend],
      ['FaintBlend', faint],
      ['BlendSpecificity', blend.map((v, k) => v - shuffled[k]!)],
      ['PatchScaled', patch.map((v) => v / scale)],
      ['BlendScaled', blend.map((v) => v / scale)],
      ['FaintBlendScaled', faint.map((v) => v / scale)],
      ['BlendBorderScaled', border.map((v) => v / scale)],
      ['BlendBorderContrastScaled', border.map((v, k) => (v - centre[k]!) / scale)],
    ];
    for (const [name, values] of outliers) addOutlier(add, `${TRANSFER_STEP}.top${name}`, values);
    add(`${TRANSFER_STEP}.exemplarCoverage`, (step.exemplarClasses ?? step.classes) / step.classes);
    add(`${TRANSFER_STEP}.logExemplarMargin`, Math.log(scale));
  }
  addOutlier(add, `${SEARCH_STEP}.topRefinedScaled`, searchRefinedScaled(r.search));
  return features;
}

/** A column's outlier measures (see outlier) as three features: NAME, NAMEGap, NAMEZ. */
function addOutlier(add: (name: string, value: number) => void, name: string, values: number[]): void {
  const [top, gap, z] = outlier(values);
  add(name, top);
  add(`${name}Gap`, gap);
  add(`${name}Z`, z);
}

/**
 * The suspected trigger: the bounding box, in input pixels, of the cells around the class's
 * strongest peak that keep at least half of its gain, in the step where that class's gain is
 * most concentrated.
 */
export function triggerBox(r: RecipeResult, evidence: ClassEvidence, k: number, height: number, width: number): Box | null {
  let bestStep = -1;
  let bestScore = 0;
  evidence.perStep.forEach(({ values: f }, i) => {
    const score = f[0]! * f[1]!;
    if (score > bestScore) {
      bestScore = score;
      bestStep = i;
    }
  });
  if (bestStep < 0) return null;
  const step = gainMaps(r)[bestStep]!.map;
  const map = dequantize(step);
  const plane = map.rows * map.cols;
  const values = map.values.subarray(k * plane, (k + 1) * plane);
  let at = 0;
  for (let c = 1; c < plane; c++) if (values[c]! > values[at]!) at = c;
  const threshold = values[at]! / 2;
  const seen = new Uint8Array(plane);
  const stack = [at];
  seen[at] = 1;
  let [r0, c0, r1, c1] = [Infinity, Infinity, -Infinity, -Infinity];
  while (stack.length > 0) {
    const cell = stack.pop()!;
    const r = Math.floor(cell / map.cols);
    const c = cell % map.cols;
    [r0, c0, r1, c1] = [Math.min(r0, r), Math.min(c0, c), Math.max(r1, r), Math.max(c1, c)];
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const nr = r + dr;
      const nc = c + dc;
      if (nr < 0 || nc < 0 || nr >= map.rows || nc >= map.cols) continue;
      const n = nr * map.cols + nc;
      if (!seen[n] && values[n]! >= threshold) {
        seen[n] = 1;
        stack.push(n);
      }
    }
  }
  return [
    c0 * step.stride,
    r0 * step.stride,
    Math.min(width, c1 * step.stride + step.block),
    Math.min(height, r1 * step.stride + step.block),
  ];
}

/**
 * The chosen class's one-pixel map as the paper's probability gains D = P0·(e^g − 1): how much
 * one pixel raises the class's probability, on an absolute 0..1 scale (a map scaled to its own
 * peak would draw a clean model's 0.004 as brightly as a trigger's 0.9), max-pooled to at most
 * 32×32 cells.
 */
export function evidenceMap(step: GainMap, k: number, height: number, width: number) {
  const map = dequantize(step);
  const plane = map.rows * map.cols;
  const p0 = Math.exp(step.baseLogP[k]!);
  const values = map.values.subarray(k * plane, (k + 1) * plane).map((g) => Math.min(1, p0 * Math.expm1(g)));
  const rows = Math.min(32, map.rows);
  const cols = Math.min(32, map.cols);
  const gain: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let i = Math.floor((r * map.rows) / rows); i < Math.floor(((r + 1) * map.rows) / rows); i++) {
        for (let j = Math.floor((c * map.cols) / cols); j < Math.floor(((c + 1) * map.cols) / cols); j++) {
          m = Math.max(m, values[i * map.cols + j]!);
        }
      }
      row.push(Math.round(m * 1000) / 1000);
    }
    gain.push(row);
  }
  return { rows, cols, cellHeight: height / rows, cellWidth: width / cols, gain };
}
