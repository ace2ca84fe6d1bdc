/**
 * Fitting the detector on recipe signatures of labelled models. Shared by
 * `npm run train-detector` (which ships weights) and `npm run evaluate` (which refits on
 * each split), so that what is evaluated is exactly what ships.
 */
import { classVectors, type DetectorWeights, featureIndex, featureNames, modelInput, pick, type ScorerPair, type Specialist, type TriggerKind, TRIGGER_KINDS } from './detector.js';
import { type LogisticModel, logit, logOdds, predict, trainLogistic } from './logistic.js';
import { type RecipeResult, SEARCH_STEP, STORED_STEPS } from '../recipe/result.js';
import { SEARCH_CLASS_FEATURES } from './features.js';

export interface LabelledModel {
  id: string;
  /** What the recipe measured on it. */
  result: RecipeResult;
  height: number;
  width: number;
  backdoored: boolean;
  /** Target classes of a backdoored model. */
  targets: number[];
  /** What each target's trigger is (same order as `targets`). */
  targetKinds: TriggerKind[];
}

interface Prepared {
  model: LabelledModel;
  vectors: number[][];
}

/** Which features each scorer sees, by name (featureNames() lists them all). */
export interface FeatureChoice {
  classFeatures: string[];
  modelFeatures: string[];
}

/** Each specialist's feature choice. */
export type SpecialistFeatures = Record<TriggerKind, FeatureChoice>;

/** The blend measurements of the transfer test, per class. */
const BLEND_CLASS_FEATURES = [
  'blendMargin', 'blendWins', 'blendShuffledMargin', 'faintBlendMargin', 'faintBlendWins', 'blendMarginRelative', 'blendSpecificity', 'blendMarginScaled',
  'blendBorderMargin', 'blendCentreMargin', 'blendBorderScaled', 'blendBorderContrast',
].map((f) => `transfer.${f}`);

/**
 * How far the class's blend measurements and its noise screen exceed the best other class's,
 * and the screen's own margin (features.ts).
 */
const BLEND_GAP_FEATURES = ['blendGapScaled', 'faintBlendGapScaled', 'blendSpecificityGap', 'blendBorderGapScaled', 'noiseMargin', 'noiseGapScaled'].map((f) => `transfer.${f}`);

/**
 * The features the shipped detector uses, chosen by 5-fold cross-validation on the zoo's
 * training split (bench/lab-cv.ts; its table is in docs/EVALUATION.md).
 *
 * The patch specialist sees every class feature, and a model scorer that sees how high the
 * class scorer's top class scores and its gap to the runner-up; how far the most transferable
 * patch and blend patterns (at both opacities) go relative to the model's own scale, and how far
 * the patch and the faint blend stand out from the model's other classes; and the patch probe's
 * best reached class and its margin.
 *
 * The blend specialist sees blend evidence (and the trigger search's, below): the transfer
 * test's blend measurements per class, and at model level how far the blend patterns (both
 * opacities) go relative to the model's scale and stand out from the other classes, and how
 * much more the pattern does than its shuffled control. Measured on the clean and
 * blend-backdoored training models (5-fold CV, 208 training models, 21 with blend triggers):
 * blend AUC 0.926 with these or with every feature, 0.930 with the patch specialist's, 0.907
 * without the border test; over all models every feature gave 0.957 against 0.954. All within
 * noise: the blend models are few, so the choice is coarse, and it keeps the specialist to
 * blend evidence.
 *
 * The patch specialist's model scorer also sees log K, the number of classes: its top class is
 * the highest of K class scores, and clean 43-class models' attractors (the c43 classes 40–42)
 * scored like triggers. Measured on 337 zoo models: repeated 5-fold CV (single fits) AUC
 * 0.9489 → 0.9531, higher in every assignment; fitted on the 222 training models, held-out
 * triggers 0.952 → 0.963 (c43 0.933 → 0.967), held-out families 0.925 → 0.940. Its weight is
 * negative there. In the blend specialist it took a positive weight, with no story behind it
 * and the same AUC, so it stays out. The zoo has only K = 10 and 43; clipping at ±2 SD holds
 * any other K within the range it was fitted on (K below about 4 counts as 4, above about
 * 38 as 38).
 *
 * Both specialists see the trigger search's class features (trigger-search.ts): the patch
 * specialist as part of every class feature, the blend specialist besides its blend evidence
 * (a piece of a blended pattern can work as a patch). Measured like for like on the 500 zoo
 * models: in the patch specialist, 5-fold CV on the 330 training models (single fits, three
 * assignments) 0.955 → 0.965, held-out triggers 0.960 → 0.969, held-out families 0.950 →
 * 0.957; added to the blend specialist too, CV 0.9649 → 0.9668, held-out triggers 0.969 →
 * 0.971, families 0.957 → 0.962 (small, in every measure). Its model-level features added
 * nothing to either model scorer.
 *
 * Both also see, per class, how far each transfer measurement exceeds the best other class's
 * (features.ts), and the noise screen's margin: the patch specialist as part of every class
 * feature, the blend specialist for its blend measurements and the screen. Measured like for
 * like on the 500 zoo models (with the screen choosing 43-class models' blend searches, and the
 * search refining classes by turns): 5-fold CV on the 330 training models (single fits, three
 * assignments) 0.9687 → 0.9723 (higher in every assignment), held-out triggers 0.980 → 0.981,
 * families 0.971 → 0.972. Without the screen's features CV was the same (0.9755 against 0.9752
 * at L2 0.3).
 *
 * Only scale-free transfer margins reach the model scorers: the zoo's CNNs have small logits,
 * and a model with large ones (an MLP fed raw 0..255 pixels) must not look backdoored merely
 * for that.
 */
export function defaultFeatures(): SpecialistFeatures {
  const names = featureNames();
  const outlier = (name: string): string[] => [name, `${name}Gap`, `${name}Z`];
  return {
    patch: {
      classFeatures: [...names.classFeatures],
      modelFeatures: [
        'topClassLogit', 'topClassGap', 'logClasses',
        'transfer.topPatchScaled', 'transfer.topBlendScaled', 'transfer.topFaintBlendScaled',
        'transfer.topPatchScaledGap', 'transfer.topPatchScaledZ', 'transfer.topFaintBlendScaledGap',
        'patch-probe.topReached', 'patch-probe.topMargin',
      ],
    },
    blend: {
      classFeatures: [...BLEND_CLASS_FEATURES, ...BLEND_GAP_FEATURES, ...SEARCH_CLASS_FEATURES.map((f) => `${SEARCH_STEP}.${f}`)],
      modelFeatures: ['topClassLogit', 'topClassGap', ...['BlendScaled', 'FaintBlendScaled', 'BlendSpecificity', 'BlendBorderScaled', 'BlendBorderContrastScaled'].flatMap((t) => outlier(`transfer.top${t}`))],
    },
  };
}


/**
 * The class scorer learns what makes a class a backdoor's target: a backdoored model's targets
 * against its other classes, and against every class of the clean models, whose strongest
 * classes (natural attractors such as MNIST's 8) look most like targets. Fitted on targets
 * against other classes of backdoored models only, it learned merely which class of a backdoored
 * model is the target. Measured on the zoo's 299 models (5-fold CV, three fold assignments,
 * scratch lab): AUC 0.938 → 0.947 in every assignment, true-positive rate at 5% false positives
 * 0.73 → 0.77, target class right 0.933 → 0.945. Weighing each clean model 3× or only its top
 * 1–3 classes measured the same within noise (on 193 training models and 99 held out).
 */
function fitClassScorer(items: Prepared[], l2: number): LogisticModel {
  const xs: number[][] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const { model, vectors } of items) {
    const positives = model.targets.length;
    vectors.forEach((v, k) => {
      const target = model.targets.includes(k);
      xs.push(v);
      ys.push(target ? 1 : 0);
      // Each model weighs the same, and a backdoored model's targets as much as its other classes together.
      ws.push(target ? 1 / positives : 1 / (vectors.length - positives));
    });
  }
  if (!ys.includes(1)) {
    // A fold with no backdoored model cannot rank targets: every class scores the same.
    const d = items[0]!.vectors[0]!.length;
    return { mean: new Array<number>(d).fill(0), scale: new Array<number>(d).fill(1), weights: new Array<number>(d).fill(0), bias: 0 };
  }
  return trainLogistic(xs, ys, l2, ws);
}

function modelRow(scorer: LogisticModel, p: Prepared, index: number[]): number[] {
  return pick(modelInput(p.vectors.map((v) => logit(scorer, v)), p.model.result), index);
}

/** Deterministic fold of a model id; another seed gives another partition. */
function fold(id: string, folds: number, seed = 0): number {
  let h = 2166136261 ^ seed;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % folds;
}

/**
 * The model scorer's standardised features are clipped to ±2 standard deviations. Measured on
 * the zoo: a weight fitted on the bulk of the models can turn against an outlier (the probe's
 * top margin, 3.9 standard deviations out, outvoted every transfer feature of a model whose
 * patch won 97% of other classes' exemplars). 5-fold CV AUC on the 112 training models: 0.928
 * unclipped, 0.935–0.941 clipped at ±1.5 to ±3 (flat, so the middle). The class scorer is not
 * clipped: there the target is the outlier among a model's classes, and clipping it cost 10
 * points of target-class accuracy.
 */
export const MODEL_CLIP = 2;

/** P(X ≤ j) for X ~ Binomial(n, p). */
function binomialCdf(j: number, n: number, p: number): number {
  let term = (1 - p) ** n; // P(X = 0)
  let sum = term;
  for (let i = 1; i <= j; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    sum += term;
  }
  return sum;
}

/**
 * How confident the threshold must be that the false-positive rate on new clean models stays
 * under the target. A plain 95th percentile of a few dozen clean scores is itself noisy: with 47
 * clean models it let 10–12% of held-out clean models through.
 */
export const THRESHOLD_CONFIDENCE = 0.9;

/**
 * The decision threshold: the lowest score above the j-th highest of these clean scores such
 * that, for exchangeable clean models, the chance that more than `maxFalsePositives` of new
 * clean models score above it is at most 1 − `confidence`. The share of new clean models above
 * the j-th highest of n scores follows Beta(j, n + 1 − j), so that chance is P(Binomial(n, α) ≤
 * j − 1). With too few clean models for any j to qualify, the highest score is used.
 */
export function calibratedThreshold(cleanScores: number[], maxFalsePositives: number, confidence = THRESHOLD_CONFIDENCE): { threshold: number; rank: number } {
  const sorted = [...cleanScores].sort((a, b) => b - a);
  const n = sorted.length;
  let rank = 1;
  while (rank < n && binomialCdf(rank, n, maxFalsePositives) <= 1 - confidence) rank++;
  return { threshold: Math.min(0.99, Math.max(0.5, (sorted[rank - 1] ?? 0.5) + 1e-6)), rank };
}

/**
 * The runner-up shift (DetectorWeights.runnerUpShift): from the highest probability each clean
 * model got under a convention its inference did not rank first, the bar such scans must reach
 * for the same false-positive rate as the threshold (calibratedThreshold), as log-odds above the
 * threshold; 0 when the threshold already holds them.
 */
export function runnerUpShift(cleanRunnerUpScores: number[], threshold: number, maxFalsePositives = 0.05): { shift: number; bar: number; rank: number } {
  if (cleanRunnerUpScores.length === 0) return { shift: 0, bar: threshold, rank: 0 };
  const { threshold: bar, rank } = calibratedThreshold(cleanRunnerUpScores, maxFalsePositives);
  return { shift: Math.max(0, logOdds(bar) - logOdds(threshold)), bar: Math.max(bar, threshold), rank };
}

/**
 * L2 penalty of both scorers, on standardised features. Chosen as the best of 1, 3 and 10 by
 * 5-fold cross-validated AUC on the zoo's training split (bench/lab-cv.ts; figures in
 * docs/EVALUATION.md). With today's features and 330 training models, weaker penalties
 * cross-validate a little better (single fits, three fold assignments: 0.1 0.9732, 0.3 0.9752,
 * 0.5 0.9748, 1 0.9723) but they fit the zoo's particulars: at 0.3 the third-party clean models
 * (../shared/realmodels) scored up to 0.78 against a threshold of 0.84, at 1 up to 0.60
 * against 0.76. So it stays at 1.
 */
export const DEFAULT_L2 = 1;

/** A specialist's view of a model: backdoored only through triggers of its kind. */
function asSeenBy(kinds: readonly TriggerKind[], m: LabelledModel): LabelledModel | null {
  const mine = m.targetKinds.map((kind) => kinds.includes(kind));
  const targets = m.targets.filter((_, i) => mine[i]);
  if (m.backdoored && targets.length === 0) return null;
  return { ...m, targets, targetKinds: m.targetKinds.filter((_, i) => mine[i]) };
}

/**
 * One fit of a specialist: a class scorer and a model scorer fitted on the clean models and the
 * models backdoored with its kind of trigger; with each model's out-of-fold probability, by id.
 */
function fitSpecialist(items: Prepared[], folds: number, l2: number, modelIndex: number[]): { pair: ScorerPair; oof: Map<string, number> } {
  // Out-of-fold class scores, so the model scorer learns from scores it has not been fitted on.
  const rows = new Array<number[]>(items.length);
  for (let f = 0; f < folds; f++) {
    const scorer = fitClassScorer(items.filter((p) => fold(p.model.id, folds) !== f), l2);
    items.forEach((p, i) => {
      if (fold(p.model.id, folds) === f) rows[i] = modelRow(scorer, p, modelIndex);
    });
  }
  const labels = items.map((p) => (p.model.backdoored ? 1 : 0));
  const oof = new Map<string, number>();
  for (let f = 0; f < folds; f++) {
    const train = items.map((_, i) => i).filter((i) => fold(items[i]!.model.id, folds) !== f);
    const scorer = trainLogistic(train.map((i) => rows[i]!), train.map((i) => labels[i]!), l2, undefined, MODEL_CLIP);
    items.forEach((p, i) => {
      if (fold(p.model.id, folds) === f) oof.set(p.model.id, predict(scorer, rows[i]!));
    });
  }
  return { pair: { classScorer: fitClassScorer(items, l2), modelScorer: trainLogistic(rows, labels, l2, undefined, MODEL_CLIP) }, oof };
}

/**
 * Each specialist averages members fitted on different four fifths of the training models
 * (bagging). Its scorers are fitted in two stages on a couple of hundred models, and one fit
 * swings with which models it saw. Measured on the zoo's 337 models (5-fold CV, three fold
 * assignments, scratch lab): AUC 0.9489 with one fit, 0.9504 with 10 members (higher in every
 * assignment; 20 members 0.9500), true-positive rate at 5% false positives 0.76 → 0.78. Bagging
 * whole detectors instead (the mean of their max) measured the same: 0.9509.
 */
export const DEFAULT_MEMBERS = 10;
const BAG_SLICES = 5;

/** Whether member b leaves the model out: slice b mod 5 of partition ⌊b / 5⌋ + 1. */
function leftOutBy(id: string, member: number, members: number): boolean {
  return members > 1 && fold(id, BAG_SLICES, 1 + Math.floor(member / BAG_SLICES)) === member % BAG_SLICES;
}

/**
 * A bagged specialist, and each model's honest probability: from every member, the member's
 * out-of-fold probability where it trained on the model, else its plain prediction (the model
 * was out of its bag).
 */
function fitBaggedSpecialist(items: Prepared[], folds: number, l2: number, modelIndex: number[], count: number): { members: ScorerPair[]; honest: Map<string, number> } {
  const members: ScorerPair[] = [];
  const honest = new Map<string, number>();
  for (let b = 0; b < count; b++) {
    const { pair, oof } = fitSpecialist(items.filter((p) => !leftOutBy(p.model.id, b, count)), folds, l2, modelIndex);
    members.push(pair);
    for (const p of items) {
      const score = oof.get(p.model.id) ?? predict(pair.modelScorer, modelRow(pair.classScorer, p, modelIndex));
      honest.set(p.model.id, (honest.get(p.model.id) ?? 0) + score / count);
    }
  }
  return { members, honest };
}

export interface FitOptions {
  /** Folds of the inner cross-validation that gives out-of-fold scores. */
  folds?: number;
  /** The share of clean models the threshold may flag (see calibratedThreshold). */
  maxFalsePositives?: number;
  l2?: number;
  features?: Partial<SpecialistFeatures>;
  /** One scorer, the patch one's features, for every kind (for bench/lab-cv.ts's comparison). */
  pooled?: boolean;
  /** Bagged fits per specialist. */
  members?: number;
}

/**
 * Fits one specialist per kind of trigger and the decision threshold. Measured on the zoo (5-fold
 * CV, bench/results/feature-choice.md): one scorer for every kind must add patch and blend
 * evidence, so a strong patch with no blend effect is pulled down by the blend's weights, and the
 * reverse. Patch triggers make a class win with a few pixels and little else; blend triggers
 * make it win from a faint whole-image pattern while no patch transfers. A model is as suspicious
 * as its most suspicious specialist says.
 */
export function fitDetector(models: LabelledModel[], options: FitOptions = {}): DetectorWeights {
  const { folds = 5, maxFalsePositives = 0.05, l2 = DEFAULT_L2, features = {}, pooled = false, members: count = DEFAULT_MEMBERS } = options;
  const names = featureNames();
  const choice = { ...defaultFeatures(), ...features };
  // Every feature of every class, once per model: the specialists pick from these.
  const vectors = new Map(models.map((m) => [m.id, classVectors(m.result, m.height, m.width).vectors]));
  const specialists: Specialist[] = [];
  const combined = new Map<string, number>();
  const counts: Record<string, number> = {};
  for (const kinds of pooled ? [TRIGGER_KINDS] : TRIGGER_KINDS.map((k) => [k])) {
    const trigger = kinds[0]!;
    const { classFeatures, modelFeatures } = choice[trigger];
    const classIndex = featureIndex(names.classFeatures, classFeatures);
    const modelIndex = featureIndex(names.modelFeatures, modelFeatures);
    if ([...classIndex, ...modelIndex].some((i) => i < 0)) throw new Error(`fitDetector: a feature chosen for the ${trigger} specialist is not one the recipe yields`);
    const items = models.flatMap((m): Prepared[] => {
      const seen = asSeenBy(kinds, m);
      return seen ? [{ model: seen, vectors: vectors.get(m.id)!.map((v) => pick(v, classIndex)) }] : [];
    });
    const { members, honest } = fitBaggedSpecialist(items, folds, l2, modelIndex, count);
    specialists.push({ trigger, classFeatures, modelFeatures, members });
    for (const [id, p] of honest) combined.set(id, Math.max(combined.get(id) ?? 0, p));
    counts[trigger] = items.filter((p) => p.model.backdoored).length;
  }
  // The threshold comes from honest (out-of-fold or out-of-bag) probabilities of clean models, never from test models.
  const cleanScores = models.filter((m) => !m.backdoored).map((m) => combined.get(m.id)!);
  const { threshold, rank } = calibratedThreshold(cleanScores, maxFalsePositives);
  return {
    schema: 'onepixel-detector/3',
    recipe: [...STORED_STEPS],
    specialists,
    threshold,
    training: {
      models: models.length,
      backdoored: models.filter((m) => m.backdoored).length,
      backdooredByTrigger: counts,
      clean: cleanScores.length,
      folds,
      maxFalsePositives,
      thresholdConfidence: THRESHOLD_CONFIDENCE,
      thresholdRank: rank,
      // The highest honest clean scores, so a reader sees what the threshold was chosen from.
      topCleanScores: [...cleanScores].sort((a, b) => b - a).slice(0, 5).map((v) => Math.round(v * 1000) / 1000),
      l2,
      members: count,
    },
  };
}
