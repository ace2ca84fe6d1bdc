/**
 * The detector: scores every class as a possible backdoor target, then scores the model from
 * its most suspicious class. Its weights are trained on the model zoo (npm run train-detector)
 * and ship in detector/weights.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OnepixelError } from '../engine/errors.js';
import { packageRoot } from '../engine/native.js';
import { type Box, type GainMap, type RecipeResult, STORED_STEPS, TRIGGER_KINDS, type TriggerKind } from '../recipe/result.js';
import { classEvidence, classFeatures, evidenceMap, type Feature, modelFeatures, triggerBox } from './features.js';
import { type LogisticModel, logit, logOdds, predict, sigmoid } from './logistic.js';
import { TRANSFER_FEATURES } from '../recipe/transfer-test.js';

export { type TriggerKind, TRIGGER_KINDS } from '../recipe/result.js';

/** One fit of a specialist: scores every class as the target, then the model. */
export interface ScorerPair {
  classScorer: LogisticModel;
  modelScorer: LogisticModel;
}

/**
 * Scores a model for one kind of trigger. Its members are fits on different subsets of the
 * training models (bagging): they average their class scores and their model probabilities.
 */
export interface Specialist {
  trigger: TriggerKind;
  /** Which features its scorers see, by name (featureNames() lists them all). */
  classFeatures: string[];
  modelFeatures: string[];
  members: ScorerPair[];
}

export interface DetectorWeights {
  schema: 'onepixel-detector/3';
  recipe: string[];
  specialists: Specialist[];
  /** Probability at or above which a model is called backdoored. */
  threshold: number;
  /**
   * How much lower, in log-odds, a scan under a convention other than the one the inference
   * ranked first (a runner-up, or one a file or config claims) counts: a model scanned under a
   * convention it was not trained for can look backdoored (see runnerUpShift in train.ts).
   * Absent from weights made before it: 0.
   */
  runnerUpShift?: number;
  training: Record<string, unknown>;
}

export interface Detection {
  /** The highest of the specialists' probabilities. */
  probability: number;
  /** The kind of trigger whose specialist gave it. */
  trigger: TriggerKind;
  targetClass: number;
  /** Where the trigger is; a blend trigger covers the whole input. */
  triggerBox: Box | null;
  evidence: ReturnType<typeof evidenceMap>;
  /** The transfer test's plain-language evidence for the suspected class, when it ran. */
  transfer?: TransferEvidence;
}

/**
 * Shares of other classes' exemplars the suspected class wins with its patch stamped on, and
 * with its blend pattern mixed in; and the best any other class reaches, for comparison.
 */
export interface TransferEvidence {
  patchWins: number | null;
  blendWins: number | null;
  otherPatchWins: number | null;
  otherBlendWins: number | null;
}

function transferEvidence(r: RecipeResult, k: number): TransferEvidence | undefined {
  const rows = r.transfer.transfer;
  if (rows.length === 0) return undefined;
  const value = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null);
  const best = (column: number): number | null => {
    const others = rows.filter((_, j) => j !== k).map((r) => value(r[column])).filter((v): v is number => v !== null);
    return others.length > 0 ? Math.max(...others) : null;
  };
  const patch = TRANSFER_FEATURES.indexOf('patchWins');
  const blend = TRANSFER_FEATURES.indexOf('blendWins');
  return { patchWins: value(rows[k]?.[patch]), blendWins: value(rows[k]?.[blend]), otherPatchWins: best(patch), otherBlendWins: best(blend) };
}

/**
 * The smallest RecipeResult: two classes, one-cell maps, nothing measured. The features are
 * named by the function that computes them, so their names are read off a run on this.
 */
function emptyResult(): RecipeResult {
  const map: GainMap = { block: 1, stride: 1, rows: 1, cols: 1, classes: 2, baseLogP: [0, 0], gain: new Uint8Array(2) };
  return {
    pixel: map,
    block3: map,
    probe: { ...map, refined: [0, 0], refinedBox: [] },
    transfer: { classes: 2, baseLogP: [0, 0], transfer: [], patchBox: [], exemplarMargin: null },
    search: { classes: 2, block: 1, stride: 1, baseLogP: [0, 0], search: [], searchBox: [], exemplarMargin: null },
  };
}

/** The names of every feature the recipe yields, in the order classVectors and modelInput give them. */
export function featureNames(): { readonly classFeatures: readonly string[]; readonly modelFeatures: readonly string[] } {
  // Read once: every model and every specialist asks for the same names.
  if (!names) {
    const empty = emptyResult();
    names = Object.freeze({
      classFeatures: Object.freeze(classFeatures(classEvidence(empty)[0]!, 1, 1).map((f) => f.name)),
      modelFeatures: Object.freeze([...MODEL_INPUT_NAMES, ...modelFeatures(empty).map((f) => f.name)]),
    });
  }
  return names;
}
let names: ReturnType<typeof featureNames> | undefined;

/** A scorer sees a chosen subset of the features, by name: the positions of those names. */
export function featureIndex(all: readonly string[], chosen: readonly string[]): number[] {
  return chosen.map((name) => all.indexOf(name));
}

export const pick = (values: number[], index: number[]): number[] => index.map((i) => values[i]!);

export function defaultWeightsPath(): string {
  return path.join(packageRoot(), 'detector', 'weights.json');
}

export function loadWeights(file = defaultWeightsPath()): DetectorWeights {
  let weights: DetectorWeights;
  try {
    weights = JSON.parse(fs.readFileSync(file, 'utf8')) as DetectorWeights;
  } catch (error) {
    throw new OnepixelError('BAD_WEIGHTS', `cannot read the detector's weights ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const schema: DetectorWeights['schema'] = 'onepixel-detector/3';
  if (weights?.schema !== schema) {
    throw new OnepixelError('BAD_WEIGHTS', `${file} is not detector weights of schema ${schema} (found ${JSON.stringify(weights?.schema ?? null)}); run npm run train-detector`);
  }
  if (!Array.isArray(weights.recipe) || weights.recipe.join(',') !== [...STORED_STEPS].join(',')) {
    throw new OnepixelError('BAD_WEIGHTS', `${file} was trained for another recipe; run npm run train-detector`);
  }
  // Weights for features this version does not compute would score silently wrong vectors.
  const names = featureNames();
  const fits = (s: Specialist): boolean =>
    TRIGGER_KINDS.includes(s?.trigger) &&
    Array.isArray(s.classFeatures) &&
    Array.isArray(s.modelFeatures) &&
    s.classFeatures.every((n) => names.classFeatures.includes(n)) &&
    s.modelFeatures.every((n) => names.modelFeatures.includes(n)) &&
    Array.isArray(s.members) &&
    s.members.length > 0 &&
    s.members.every((m) => m?.classScorer?.weights?.length === s.classFeatures.length && m?.modelScorer?.weights?.length === s.modelFeatures.length);
  if (!Array.isArray(weights.specialists) || weights.specialists.length === 0 || !weights.specialists.every(fits)) {
    throw new OnepixelError('BAD_WEIGHTS', `${file} was trained for other features; run npm run train-detector`);
  }
  if (weights.runnerUpShift !== undefined && !(Number.isFinite(weights.runnerUpShift) && weights.runnerUpShift >= 0)) {
    throw new OnepixelError('BAD_WEIGHTS', `${file}: runnerUpShift must be a number ≥ 0`);
  }
  return weights;
}

/**
 * The vector the model scorer sees: how strongly the class scorer singles out one class (its
 * top score and the gap to the runner-up), the log of the number of classes (the top score is
 * the highest of K, and the highest of 43 runs higher than the highest of 10) and the
 * model-level features. The top class's raw features are left to the class scorer: the zoo is
 * too small to learn them twice.
 */
const MODEL_INPUT_NAMES = ['topClassLogit', 'topClassGap', 'logClasses'];

export function modelInput(classLogits: number[], r: RecipeResult): number[] {
  const sorted = [...classLogits].sort((a, b) => b - a);
  return [sorted[0]!, sorted[0]! - (sorted[1] ?? sorted[0]!), Math.log(sorted.length), ...values(modelFeatures(r))];
}

const values = (features: Feature[]): number[] => features.map((f) => f.value);

export function classVectors(r: RecipeResult, height: number, width: number) {
  const evidence = classEvidence(r);
  return { evidence, vectors: evidence.map((e) => values(classFeatures(e, height, width))) };
}

/** A specialist's class scores (mean logit over its members) and model probability (mean). */
export function scoreWithSpecialist(s: Specialist, vectors: number[][], r: RecipeResult): { scores: number[]; probability: number } {
  const names = featureNames();
  const classIndex = featureIndex(names.classFeatures, s.classFeatures);
  const modelIndex = featureIndex(names.modelFeatures, s.modelFeatures);
  const picked = vectors.map((v) => pick(v, classIndex));
  const scores = new Array<number>(vectors.length).fill(0);
  let probability = 0;
  for (const m of s.members) {
    const own = picked.map((v) => logit(m.classScorer, v));
    own.forEach((z, k) => (scores[k]! += z / s.members.length));
    probability += predict(m.modelScorer, pick(modelInput(own, r), modelIndex)) / s.members.length;
  }
  return { scores, probability };
}

/**
 * Where the class's patch carries over to other classes' exemplars (the transfer test narrows
 * it to the cells that matter), else where the patch probe grew it.
 */
function probeBox(r: RecipeResult, k: number): Box | null {
  const box = r.transfer.patchBox[k] ?? r.probe.refinedBox[k];
  return box ? [...box] : null;
}

/**
 * The probability a scan counts with: as the detector gave it under the first-ranked (or given)
 * convention, lowered by the weights' runner-up shift in log-odds under any other.
 */
export function judgedProbability(p: number, firstRanked: boolean, weights: Pick<DetectorWeights, 'runnerUpShift'>): number {
  const shift = weights.runnerUpShift ?? 0;
  if (firstRanked || !(shift > 0) || !(p > 0) || !(p < 1)) return p;
  return sigmoid(logOdds(p) - shift);
}

export function detect(weights: DetectorWeights, r: RecipeResult, height: number, width: number): Detection {
  const { evidence, vectors } = classVectors(r, height, width);
  const verdicts = weights.specialists.map((s) => {
    const { scores, probability } = scoreWithSpecialist(s, vectors, r);
    let top = 0;
    for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[top]!) top = k;
    return { trigger: s.trigger, top, probability };
  });
  const { trigger, top, probability } = verdicts.reduce((a, b) => (b.probability > a.probability ? b : a));
  // A verdict from a non-finite score would read as "clean": report it as the error it is.
  const unscored = verdicts.filter((v) => !Number.isFinite(v.probability)).map((v) => v.trigger);
  if (unscored.length > 0) throw new OnepixelError('INTERNAL', `the detector could not score this model: its ${unscored.join(' and ')} specialist gave a non-finite probability`);
  return {
    probability,
    trigger,
    targetClass: top,
    triggerBox: trigger === 'blend' ? [0, 0, width, height] : (probeBox(r, top) ?? triggerBox(r, evidence[top]!, top, height, width)),
    evidence: evidenceMap(r.pixel, top, height, width),
    transfer: transferEvidence(r, top),
  };
}
