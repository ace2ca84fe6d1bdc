/**
 * The scan recipe: the steps that run the model for the detector. One pixel is not always
 * enough (common 3×3–5×5 patch triggers need a block to fire), so the recipe sweeps the
 * one-pixel and a 3×3-block signature at a black base, then runs the patch probe
 * (patch-probe.ts) for patterned triggers no uniform block sets off, the transfer test
 * (transfer-test.ts) for triggers that carry a class onto other classes' images, and the
 * trigger search (trigger-search.ts), and last the whole-image search (whole-image-search.ts) for
 * triggers that retone, warp or posterise the whole image. Gains are recorded as log-probabilities, from which the
 * paper's probability gains follow exactly: D_prob = P0·(e^D_log − 1). Why these steps and not
 * others is measured in docs/DETECTOR.md.
 */
import { OnepixelError } from '../engine/errors.js';
import { type LoadedModel } from '../engine/model.js';
import { DEFAULT_OPTIONS, type SignatureOptions } from '../engine/options.js';
import { cellCount, passesPerCell } from '../signature/budget.js';
import { type Signature, type SignatureCallbacks, sweepModel } from '../signature/signature.js';
import { stepContext } from './context.js';
import { PROBE, type ProbeSettings, probePasses, runPatchProbe } from './patch-probe.js';
import { runTransferTest, TRANSFER, type TransferSettings, transferPasses } from './transfer-test.js';
import { runTriggerSearch, SEARCH, type SearchSettings, searchPasses } from './trigger-search.js';
import { runWholeImageSearch, WHOLE_IMAGE, type WholeImageSettings, wholeImagePasses } from './whole-image-search.js';
import { cellCentre, PROBE_STEP, quantizeGain, type RecipeResult, SEARCH_STEP, type StepResult, TRANSFER_STEP, WHOLE_IMAGE_STEP } from './result.js';

export interface RecipeStep {
  name: string;
  base: number;
  /** Block and stride at 32×32; larger inputs scale both (see stepOptions). */
  block: number;
  stride: number;
  levels: number;
  search: 'adaptive' | 'exhaustive';
}

/**
 * The one-pixel sweep runs 32 levels (0, 8.2, …, 255), not 256: on the zoo's 177 models the
 * detector's cross-validated AUC, target accuracy and trigger-box IoU were the same to three
 * decimals, and the recipe ran 8–17% fewer passes (bench/lab-pixel-levels.ts).
 * `onepixel signature` keeps 256 levels by default.
 */
export const RECIPE: RecipeStep[] = [
  { name: 'pixel-black', base: 0, block: 1, stride: 1, levels: 32, search: 'adaptive' },
  { name: 'block3-black', base: 0, block: 3, stride: 1, levels: 9, search: 'exhaustive' },
];

/**
 * Bumped whenever a step's algorithm changes in a way its settings do not show (v2: probe
 * windows reach the bottom and right edges and grow a patch where the block sweep peaks; the
 * transfer test tries several patches per class and locates its boxes; v3: the blend search
 * also measures its pattern mixed into the border only and into the centre only).
 */
const RECIPE_VERSION = 3;

/** Everything a recipe run depends on besides the model and its input settings. */
export function recipeSettings(): { version: number; recipe: RecipeStep[]; probe: ProbeSettings; transfer: TransferSettings; search: SearchSettings; wholeImage: WholeImageSettings } {
  return { version: RECIPE_VERSION, recipe: RECIPE, probe: PROBE, transfer: TRANSFER, search: SEARCH, wholeImage: WHOLE_IMAGE };
}

/** Inputs larger than 32 pixels are swept on proportionally larger blocks. */
export function recipeScale(height: number, width: number): number {
  return Math.max(1, Math.floor(Math.min(height, width) / 32));
}

export function stepOptions(step: RecipeStep, base: SignatureOptions, height: number, width: number, scale = recipeScale(height, width)): SignatureOptions {
  const block = Math.min(step.block * scale, height, width);
  return {
    ...base,
    base: step.base,
    block,
    stride: Math.max(1, step.stride * scale),
    levels: step.levels,
    search: step.search,
    score: 'log-probability',
    mode: 'gray',
    budget: undefined,
  };
}

export const RECIPE_STEPS = [...RECIPE.map((s) => s.name), PROBE_STEP, TRANSFER_STEP, SEARCH_STEP, WHOLE_IMAGE_STEP];

type Shape = { height: number; width: number; channels: number; classes: number };

/** The input's longer side in cells of `scale` pixels (the transfer test's locate search spans it). */
const cellsAcross = (shape: { height: number; width: number }, scale: number): number => Math.ceil(Math.max(shape.height, shape.width) / scale);

/**
 * The recipe's forward passes for a model of this shape, from its settings alone: the sweeps'
 * passes, and of the rest those whose images are drawn in JS (the probe, the transfer test and
 * the search). Each step's count is its upper bound, so a budget planned from it is never short.
 */
export function recipePasses(shape: Shape, scale = recipeScale(shape.height, shape.width)): { passes: number; drawn: number } {
  const { height, width } = shape;
  let drawn = probePasses(shape.classes, shape.channels, height, width, scale, PROBE) + transferPasses(shape.classes, TRANSFER, cellsAcross(shape, scale));
  drawn += searchPasses(shape.classes, height, width, scale, shape.classes * TRANSFER.perClass, SEARCH);
  drawn += wholeImagePasses(shape.classes, WHOLE_IMAGE);
  let swept = 0;
  for (const step of RECIPE) {
    const o = stepOptions(step, DEFAULT_OPTIONS, height, width, scale);
    swept += cellCount(height, width, o.block, o.stride, 1) * passesPerCell(o);
  }
  return { passes: swept + drawn, drawn };
}

export function stepResult(step: RecipeStep, sig: Signature): StepResult {
  const [classes, rows, cols] = sig.info.shape as [number, number, number];
  const gain = new Uint8Array(sig.delta.length);
  for (let i = 0; i < gain.length; i++) gain[i] = quantizeGain(sig.delta[i]!);
  return {
    step: step.name,
    block: sig.info.options.block,
    stride: sig.info.options.stride,
    rows,
    cols,
    classes,
    baseLogP: sig.info.baseProbabilities,
    gain,
  };
}

/** The probability signature of the paper, from a log-probability one. */
export function toProbabilitySignature(sig: Signature): Signature {
  const cells = sig.delta.length / sig.info.classes;
  const delta = new Float32Array(sig.delta.length);
  const p0 = sig.info.baseProbabilities.map(Math.exp);
  for (let i = 0; i < delta.length; i++) {
    const base = p0[Math.floor(i / cells)]!;
    delta[i] = base * Math.expm1(sig.delta[i]!);
  }
  return {
    signature: sig.signature,
    delta,
    info: { ...sig.info, baseProbabilities: p0, options: { ...sig.info.options, score: 'probability' } },
  };
}

export interface RecipeRun {
  /** What every step measured. */
  result: RecipeResult;
  /** How much the recipe's blocks were scaled up (1 at 32×32 and below, more for big inputs). */
  scale: number;
  /** The first step as the paper's probability signature, for the artifacts. */
  signature: Signature;
  passes: number;
  seconds: number;
}

/** Runs every step of the recipe on an open model. */
export async function runRecipe(
  model: LoadedModel,
  options: SignatureOptions,
  callbacks: SignatureCallbacks & { onStep?: (index: number, total: number, step: string) => void } = {},
): Promise<RecipeRun> {
  const started = performance.now();
  const sweeps: StepResult[] = [];
  let first: Signature | undefined;
  let passes = 0;
  if (options.mode !== 'gray') throw new OnepixelError('BAD_OPTION', 'the scan sweeps in gray mode only');
  const { height, width } = model.input;
  const scale = recipeScale(height, width);
  // One pass of the base image decides what the output is for every step; a sweep from another
  // base checks its own.
  const ctx = await stepContext(model, options, scale, callbacks);
  for (const [index, step] of RECIPE.entries()) {
    callbacks.onStep?.(index, RECIPE_STEPS.length, step.name);
    const o = stepOptions(step, options, height, width, scale);
    const sig = await sweepModel(model, o, callbacks, o.base === options.base ? ctx : undefined);
    passes += sig.info.passes;
    sweeps.push(stepResult(step, sig));
    first ??= sig;
  }
  callbacks.onStep?.(RECIPE.length, RECIPE_STEPS.length, PROBE_STEP);
  const probed = await runPatchProbe(ctx, PROBE, gainPeaks(sweeps.at(-1)!));
  passes += probed.passes;
  const { patches: _patches, candidates: _candidates, ...probeStep } = probed;
  callbacks.onStep?.(RECIPE.length + 1, RECIPE_STEPS.length, TRANSFER_STEP);
  const transferred = await runTransferTest(ctx, probed, TRANSFER);
  passes += transferred.passes;
  const { exemplarImages: _exemplars, ...transferStep } = transferred;
  callbacks.onStep?.(RECIPE.length + 2, RECIPE_STEPS.length, SEARCH_STEP);
  const searched = await runTriggerSearch(ctx, transferred, SEARCH);
  passes += searched.passes;
  callbacks.onStep?.(RECIPE.length + 3, RECIPE_STEPS.length, WHOLE_IMAGE_STEP);
  const { passes: wholePasses, ...wholeImage } = await runWholeImageSearch(ctx, transferred.baseLogP, WHOLE_IMAGE);
  passes += wholePasses;
  const result: RecipeResult = { pixel: sweeps[0]!, block3: sweeps[1]!, probe: probeStep, transfer: transferStep, search: searched, wholeImage };
  return { result, scale, signature: toProbabilitySignature(first!), passes, seconds: (performance.now() - started) / 1000 };
}

/** Per class, the centre of the cell where a sweep's gain peaks; null where it does not rise. */
export function gainPeaks(step: StepResult): ([number, number] | null)[] {
  const plane = step.rows * step.cols;
  return Array.from({ length: step.classes }, (_, k) => {
    let at = 0;
    for (let i = 1; i < plane; i++) if (step.gain[k * plane + i]! > step.gain[k * plane + at]!) at = i;
    return step.gain[k * plane + at] === 0 ? null : cellCentre(step, at);
  });
}

