/**
 * Which input convention a model expects: the value range its pixels are mapped to, and any
 * mean/std normalisation. A wrong guess is not a small error: a [-1,1] model scanned as [0,1]
 * sees a mid-grey world and its signature says nothing (a real BadNets model scored p 0.001
 * that way, and 0.995 under its own convention). So the convention is inferred from the model
 * itself, never simply assumed:
 *
 *  - the graph first: a normalisation folded in at the input (Sub/Div/Mul/Add by constants)
 *    says the model takes raw pixels, and its constants say at which scale;
 *  - then behaviour: under the right convention a model's answers on varied natural-looking
 *    images (strokes, shapes, textures) are spread over its classes; under a wrong one they
 *    collapse onto one or two classes, or saturate.
 *
 * Forward passes only, seeded: the same model always gets the same answer.
 */
import { Canvas, type Colour, random, ImageRunner, scribble, topClass } from './images.js';
import type { LoadedModel } from '../engine/model.js';
import type { SignatureOptions } from '../engine/options.js';
import { checkOutput } from '../signature/signature.js';
import type { InputAffine } from '../engine/onnx-proto.js';

export interface Convention {
  /** A short name: the range as lo,hi, with "mean-std" where a normalisation applies. */
  name: string;
  inputRange: [number, number];
  mean?: number[];
  std?: number[];
}

/** Mean and std that trainers commonly use: MNIST's for one channel, ImageNet's for three. */
const MNIST_MEAN = [0.1307];
const MNIST_STD = [0.3081];
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/** The conventions inference chooses from, for a model with this many channels. */
export function candidateConventions(channels: number): Convention[] {
  const normalised: Convention =
    channels === 3
      ? { name: 'mean-std', inputRange: [0, 1], mean: IMAGENET_MEAN, std: IMAGENET_STD }
      : { name: 'mean-std', inputRange: [0, 1], mean: MNIST_MEAN, std: MNIST_STD };
  return [
    { name: '0,1', inputRange: [0, 1] },
    { name: '-1,1', inputRange: [-1, 1] },
    { name: '0,255', inputRange: [0, 255] },
    normalised,
  ];
}

/** What the model answers on the probe images under one convention. */
export interface ConventionBehaviour {
  convention: string;
  /** exp(entropy) of the answered classes: the effective number of classes answered. */
  spread: number;
  /** The largest share of the images given to one class. */
  topShare: number;
  /** Mean probability of the answered class. */
  confidence: number;
  /** Share of images answered with probability ≥ 0.9999 (saturated outputs). */
  saturated: number;
  /** exp(entropy) of the mean probability vector. */
  softSpread: number;
}

export interface ConventionChoice {
  /** The conventions the scan runs under: one when the rule is sure, more when it is not. */
  chosen: Convention[];
  /** How sure the rule was: 'graph' (a folded normalisation), 'clear' or 'unsure' (behaviour). */
  basis: 'graph' | 'clear' | 'unsure';
  /** How far the winner's score is ahead of the runner-up's, as a factor (1 when the graph decided). */
  ratio: number;
  behaviour: ConventionBehaviour[];
}

/** Images per kind; four kinds, so 256 passes per convention. */
const PER_KIND = 64;
const PROBE_SEED = 0x51c0e;

/** The forward passes the behaviour probe runs for a model with this many channels: 256 per candidate. */
export function inferencePasses(channels: number): number {
  return candidateConventions(channels).length * 4 * PER_KIND;
}

/** Natural-looking images in pixel values: pen strokes, filled shapes, smooth fields, inverted strokes. */
export function conventionImages(channels: number, height: number, width: number): Canvas[] {
  const next = random(PROBE_SEED);
  const colour = (bright: boolean): Colour =>
    channels === 3
      ? [0, 1, 2].map(() => Math.round(bright ? 96 + next() * 159 : next() * 255))
      : new Array<number>(channels).fill(Math.round(bright ? 160 + next() * 95 : next() * 255));
  const scale = Math.max(1, Math.round(Math.min(height, width) / 28));
  const images: Canvas[] = [];
  // Strokes on black, as digits are written.
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    const strokes = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes; n++) scribble(canvas, colour(true), next, scale);
    images.push(canvas);
  }
  // Filled ellipses on black, as clothes and objects are photographed.
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    const shapes = 1 + Math.floor(next() * 2);
    for (let n = 0; n < shapes; n++) ellipse(canvas, colour(true), next);
    images.push(canvas);
  }
  // Smooth colour fields with a shape: the look of a photograph's low frequencies.
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    smoothField(canvas, next);
    ellipse(canvas, colour(false), next);
    images.push(canvas);
  }
  // Dark strokes on a light background.
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    canvas.pixels.fill(Math.round(150 + next() * 105));
    const strokes = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes; n++) scribble(canvas, new Array<number>(channels).fill(Math.round(next() * 80)), next, scale);
    images.push(canvas);
  }
  return images;
}

function ellipse(canvas: Canvas, colour: Colour, next: () => number): void {
  const { channels: C, height: H, width: W } = canvas;
  const cy = H * (0.25 + next() * 0.5);
  const cx = W * (0.25 + next() * 0.5);
  const ry = H * (0.12 + next() * 0.3);
  const rx = W * (0.12 + next() * 0.3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 > 1) continue;
      for (let c = 0; c < C; c++) canvas.pixels[(c * H + y) * W + x] = colour[c]!;
    }
  }
}

/** A field of a few random low-frequency waves per channel, in 0..255. */
function smoothField(canvas: Canvas, next: () => number): void {
  const { channels: C, height: H, width: W } = canvas;
  for (let c = 0; c < C; c++) {
    const waves = Array.from({ length: 3 }, () => ({ fy: next() * 2, fx: next() * 2, phase: next() * 2 * Math.PI, amp: 20 + next() * 40 }));
    const level = 60 + next() * 135;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let v = level;
        for (const w of waves) v += w.amp * Math.sin(2 * Math.PI * (w.fy * y / H + w.fx * x / W) + w.phase);
        canvas.pixels[(c * H + y) * W + x] = Math.min(255, Math.max(0, v));
      }
    }
  }
}

/** The model's answers on the probe images under one convention. */
async function behaviourUnder(model: LoadedModel, base: SignatureOptions, convention: Convention, images: Canvas[], signal?: AbortSignal): Promise<ConventionBehaviour> {
  const o: SignatureOptions = { ...base, inputRange: convention.inputRange, mean: convention.mean, std: convention.std };
  const { classes, probabilities } = await checkOutput(model, o);
  const rows = await new ImageRunner(model, o, probabilities, classes, signal).score(images);
  const counts = new Float64Array(classes);
  let confidence = 0;
  let saturated = 0;
  const mean = new Float64Array(classes);
  for (const row of rows) {
    for (let k = 0; k < classes; k++) mean[k]! += Math.exp(row[k]!) / rows.length;
    const best = topClass(row);
    counts[best]!++;
    const p = Math.exp(row[best]!);
    confidence += p;
    if (p >= 0.9999) saturated++;
  }
  let entropy = 0;
  for (const n of counts) if (n > 0) entropy -= (n / rows.length) * Math.log(n / rows.length);
  let soft = 0;
  for (const p of mean) if (p > 0) soft -= p * Math.log(p);
  return {
    convention: convention.name,
    softSpread: Math.exp(soft),
    spread: Math.exp(entropy),
    topShare: Math.max(...counts) / rows.length,
    confidence: confidence / rows.length,
    saturated: saturated / rows.length,
  };
}

/** The conventions a folded input normalisation allows: the graph takes raw pixels, at its scale. */
export function conventionsFromGraph(affine: InputAffine | undefined, all: Convention[]): Convention[] | undefined {
  if (!affine) return undefined;
  // The graph maps x to x·scale + offset before any learned layer. Raw pixels at the right
  // scale come out near unit size; [0,1] input into a graph that divides by 255 comes out tiny.
  const span = (lo: number, hi: number): number => Math.max(...affine.scale.map((s) => Math.abs(s * (hi - lo))));
  const fits = all.filter((c) => !c.mean && (c.name === '0,1' || c.name === '0,255')).filter((c) => {
    const s = span(c.inputRange[0], c.inputRange[1]);
    return s >= 0.5 && s <= 20;
  });
  return fits.length > 0 ? fits : undefined;
}

/**
 * Bumped when the probe images or the measures change: stored behaviour (zoo/conventions)
 * made by another probe is measured again.
 */
export const CONVENTION_PROBE_VERSION = 1;

/**
 * A convention's score is log(spread × doubt): the effective number of classes its answers
 * spread over, times the mean probability left to the other classes. Models are overconfident
 * far from their training data, so a wrong range shows up as collapse (low spread) or as
 * certainty (low doubt). A runner-up within this factor of the winner is scanned too.
 */
export const SURE_RATIO = 1.35;
/**
 * [0,1] is the most common convention (PyTorch's ToTensor, Keras' x/255), and missing it costs
 * a backdoor where scanning it needlessly costs one more scan: it is kept whenever it is sane
 * and within this factor of the winner.
 */
export const COMMON_RATIO = 2.5;
const COMMON = '0,1';
/** Saturated on this share of images: the inputs are far larger than the model was trained on. */
const SATURATED = 0.9;
/** Answers spread over fewer effective classes than this have collapsed. */
const COLLAPSED = 2;

const score = (b: ConventionBehaviour): number => Math.log(b.spread) + Math.log(Math.max(1e-6, 1 - b.confidence));

/**
 * Chooses the conventions to scan under. The graph's folded normalisation decides when there is
 * one; otherwise the model's behaviour under each candidate does (see decide()).
 */
export async function inferConvention(model: LoadedModel, base: SignatureOptions, affine: InputAffine | undefined, signal?: AbortSignal): Promise<ConventionChoice> {
  const all = candidateConventions(model.input.channels);
  const images = conventionImages(model.input.channels, model.input.height, model.input.width);
  const behaviour: ConventionBehaviour[] = [];
  for (const c of all) behaviour.push(await behaviourUnder(model, base, c, images, signal));
  return decide(all, behaviour, affine);
}

/**
 * The rule on measured behaviour (and the graph's normalisation, whose conventions are added to
 * the behaviour's), so stored measurements can be judged again. Conventions under which the model saturates or collapses are set aside
 * (unless all are), the best score wins, and every other within SURE_RATIO of it is kept,
 * as are [0,1] within COMMON_RATIO and the convention with the widest spread: when more than
 * one is kept the rule is unsure, and the scan runs under each.
 */
export function decide(all: Convention[], behaviour: ConventionBehaviour[], affine?: InputAffine): ConventionChoice {
  const byBehaviour = decideByBehaviour(all, behaviour);
  // The graph is the model's own: what it says is scanned in addition to what the behaviour
  // says, never instead (an identity-looking Mul by 1/255 in front would otherwise pick [0,255]).
  const fromGraph = conventionsFromGraph(affine, all);
  if (!fromGraph) return byBehaviour;
  const chosen = [...fromGraph, ...byBehaviour.chosen.filter((c) => !fromGraph.some((g) => g.name === c.name))];
  return { chosen, basis: chosen.length === 1 ? 'graph' : 'unsure', ratio: byBehaviour.ratio, behaviour };
}

function decideByBehaviour(all: Convention[], behaviour: ConventionBehaviour[]): ConventionChoice {
  const sane = (b: ConventionBehaviour): boolean => b.saturated < SATURATED && b.spread >= COLLAPSED;
  const pool = behaviour.some(sane) ? [...behaviour.keys()].filter((i) => sane(behaviour[i]!)) : [...behaviour.keys()];
  const order = pool.sort((a, b) => score(behaviour[b]!) - score(behaviour[a]!) || a - b);
  const best = score(behaviour[order[0]!]!);
  const within = (i: number, ratio: number): boolean => score(behaviour[i]!) > best - Math.log(ratio);
  // Doubt favours conventions that feed the model less contrast (a [0,1] view of a model trained
  // on mean/std-normalised inputs is the less certain one), so the widest spread is kept as well.
  const widest = pool.reduce((a, i) => (behaviour[i]!.spread > behaviour[a]!.spread ? i : a), order[0]!);
  const chosen = order.filter((i) => within(i, SURE_RATIO) || i === widest || (all[i]!.name === COMMON && within(i, COMMON_RATIO))).map((i) => all[i]!);
  const ratio = order.length > 1 ? Math.exp(best - score(behaviour[order[1]!]!)) : Infinity;
  return { chosen, basis: chosen.length === 1 ? 'clear' : 'unsure', ratio, behaviour };
}

/** Where a scanned convention came from. */
export type ConventionSource = 'given' | 'inferred' | 'claimed';

export interface PlannedConvention {
  convention: Convention;
  from: ConventionSource;
}

export interface ConventionPlan {
  conventions: PlannedConvention[];
  /** 'given' when a trusted setting fixed it; otherwise how the inference decided. */
  basis: 'given' | ConventionChoice['basis'];
  inference?: ConventionChoice;
  /** Claimed conventions that were not scanned, and why. */
  refused: string[];
}

/** A convention's name from its values, as the CLI would take them. */
export function conventionName(channels: number, inputRange: [number, number], mean?: number[], std?: number[]): string {
  const known = candidateConventions(channels).find(
    (c) => c.inputRange[0] === inputRange[0] && c.inputRange[1] === inputRange[1] && same(c.mean, mean) && same(c.std, std),
  );
  if (known) return known.name;
  return [`${inputRange.join(',')}`, mean ? `mean ${mean.join(',')}` : '', std ? `std ${std.join(',')}` : ''].filter(Boolean).join(' ');
}

const same = (a: number[] | undefined, b: number[] | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((v, i) => v === b[i]);

/** A file-name-safe form of a convention's name. */
export function conventionFolder(c: Convention): string {
  return `range-${c.name.replace(/-/g, 'm').replace(/[^0-9a-zA-Z.]+/g, '-')}`;
}

export function withConvention(options: SignatureOptions, c: Convention): SignatureOptions {
  const { mean: _mean, std: _std, ...rest } = options;
  return { ...rest, inputRange: c.inputRange, ...(c.mean ? { mean: c.mean } : {}), ...(c.std ? { std: c.std } : {}) };
}

/**
 * Why an untrusted convention cannot be scanned, or undefined when it can. The pixel range
 * 0..255 must map to a span of model units no real convention comes near collapsing: a range
 * such as 0,0.001 would scan a near-constant image and see nothing.
 */
export function implausible(c: Convention): string | undefined {
  const [lo, hi] = c.inputRange;
  if (!(hi > lo)) return `range ${lo},${hi} does not increase`;
  const spans = (c.std ?? [1]).map((s) => (hi - lo) / Math.abs(s));
  if (spans.some((s) => !(s >= MIN_SPAN && s <= MAX_SPAN))) return `range ${lo},${hi}${c.std ? ` with std ${c.std.join(',')}` : ''} spans ${spans.map((s) => s.toPrecision(3)).join(',')} model units (plausible: ${MIN_SPAN} to ${MAX_SPAN})`;
  return undefined;
}

/** Spans of model units that 0..255 may map to: [0,1] under a small std up to raw pixels. */
const MIN_SPAN = 0.1;
const MAX_SPAN = 1000;

/**
 * The conventions a model is scanned under. A trusted setting (a flag, an action input or the
 * config) fixes it. Otherwise the inference chooses, and what the model's metadata claims is
 * scanned as well when it differs: a claim can add a convention, never replace one.
 */
export async function planConventions(
  model: LoadedModel,
  options: SignatureOptions,
  settings: { trusted: Partial<SignatureOptions>; claims: { source: string; settings: Partial<SignatureOptions> }[] },
  affine: InputAffine | undefined,
  signal?: AbortSignal,
): Promise<ConventionPlan> {
  const { trusted, claims } = settings;
  if (trusted.inputRange || trusted.mean || trusted.std) {
    const given = { name: conventionName(model.input.channels, options.inputRange, options.mean, options.std), inputRange: options.inputRange, mean: options.mean, std: options.std };
    return { conventions: [{ convention: given, from: 'given' }], basis: 'given', refused: [] };
  }
  const inference = await inferConvention(model, options, affine, signal);
  const conventions: PlannedConvention[] = inference.chosen.map((convention) => ({ convention, from: 'inferred' }));
  const refused: string[] = [];
  for (const { source, settings: claimed } of claims) {
    if (!claimed.inputRange && !claimed.mean && !claimed.std) continue;
    const range = claimed.inputRange ?? [0, 1];
    const c: Convention = { name: conventionName(model.input.channels, range, claimed.mean, claimed.std), inputRange: range, mean: claimed.mean, std: claimed.std };
    const why = implausible(c);
    if (why) refused.push(`${source} claims ${c.name}: ${why}`);
    else if (!conventions.some((p) => p.convention.name === c.name)) conventions.push({ convention: c, from: 'claimed' });
  }
  return { conventions, basis: inference.basis, inference, refused };
}
