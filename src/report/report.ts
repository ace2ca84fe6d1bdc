/**
 * The scan report: what `onepixel scan --json` prints and the action's `report` output holds.
 * One schema for the CLI, the action, shard reports and their merge.
 */
import path from 'node:path';
import type { TriggerKind } from '../detector/detector.js';
import type { SignatureOptions } from '../engine/options.js';

export type Verdict = 'clean' | 'backdoored' | 'error';

export type { Box } from '../recipe/result.js';
import type { Box, RecordedTrigger, WholeImageFinding } from '../recipe/result.js';

/** A model's answer to one image: its top class and that class's probability. */
export interface ShownAnswer {
  top: number;
  probability: number;
}

export interface RecoveredTrigger extends RecordedTrigger {
  /**
   * Stamped on the exemplars of other classes (when evidence.png is drawn): how many the target
   * then wins, and an even spread of them with the model's answers before and after.
   */
  stamped?: { tried: number; wins: number; shown: { label: number; before: ShownAnswer; after: ShownAnswer }[] };
  /** evidence.png, where it was written. */
  picture?: string;
}

export interface ModelReport {
  /** The model's path as given (relative to the workspace in the action). */
  model: string;
  sha256: string | null;
  verdict: Verdict;
  /** The detector's probability that the model is backdoored; null on error. */
  probability: number | null;
  targetClass: number | null;
  /** What the suspected trigger is: a patch (at triggerBox) or a pattern blended over the whole image. */
  trigger?: TriggerKind | null;
  triggerBox: Box | null;
  seconds: number;
  /** One line saying why the model could not be analysed. */
  error?: string;
  errorCode?: string;
  classes?: number;
  input?: { name: string; layout: string; channels: number; height: number; width: number };
  /** Signature options the model was scanned with (after config and metadata). */
  settings?: Partial<SignatureOptions>;
  /** Folder holding signature.npy, delta.npy, signature.json and heatmaps.png, if written. */
  artifacts?: string;
  /**
   * The suspected target class's one-pixel map, downsampled to at most 32×32 cells (max-pooled):
   * per cell, how much one pixel raises the class's probability (the paper's D, 0..1, absolute),
   * enough to draw the evidence without reading the .npy files.
   */
  evidence?: { rows: number; cols: number; cellHeight: number; cellWidth: number; gain: number[][] };
  /**
   * The transfer test's evidence for the suspected class: the share of exemplars of other
   * classes it wins with its patch stamped on (patchWins) and with its blend pattern mixed in
   * (blendWins), and the best share any other class reaches (otherPatchWins, otherBlendWins).
   */
  transfer?: { patchWins: number | null; blendWins: number | null; otherPatchWins: number | null; otherBlendWins: number | null };
  /**
   * The suspected class's recovered trigger (for a clean model: the best trigger found for the
   * class the detector found most suspicious), as the transfer test recorded it, and how it did
   * stamped on exemplars of other classes.
   */
  recovered?: RecoveredTrigger;
  /**
   * The whole-image search's strongest finding (whole-image-search.ts): which class a change
   * spread over the whole image (a tone curve, a smooth field, a warp, posterisation) makes win
   * on images of other classes the search did not fit on, at 25/50/75/100% of its strength.
   * Measured and reported; the verdict does not weigh it yet.
   */
  wholeImage?: WholeImageReport;
  /** True when the signature came from the cache instead of a new sweep. */
  cached?: boolean;
  /** The highest resident memory of the model's sandbox, sampled every 25 ms (isolated scans only). */
  peakMemoryMiB?: number;
  /** The work the scan was planned as, from the file alone (see budget.ts): the same on every run. */
  plan?: ScanPlan;
  /** The input conventions the model was scanned under, and which one decided its verdict. */
  convention?: ConventionReport;
  /** With external-data files: the sha256 over the .onnx file and all of them (sha256 is the .onnx file's alone). */
  identity?: string;
  externalData?: { location: string; sha256: string }[];
}

/**
 * The recipe's forward passes under every convention scanned (and the convention inference's,
 * when it ran), and the seconds they take on the reference 2-core machine. `uncosted` lists ops whose cost the graph does not show (the
 * estimate is then a lower bound; the timeout still stops the scan).
 */
export interface ScanPlan {
  passes: number;
  seconds: number;
  uncosted?: string[];
}

/**
 * How a model's input convention (value range, mean/std) was settled. 'given': a trusted
 * setting; 'graph': a normalisation folded into the model; 'clear' and 'unsure': the model's
 * behaviour under each candidate. Every scanned convention is listed with its probability;
 * the worst one decides.
 */
export interface ConventionReport {
  basis: 'given' | 'graph' | 'clear' | 'unsure';
  /** The conventions the inference chose (more than one when unsure). */
  inferred?: string[];
  /** The inference's winning spread over the runner-up's. */
  ratio?: number;
  /**
   * Each convention scanned, first the one the inference ranked first (or the given one), with
   * the detector's probability under it and, for every other, the probability it counts with
   * (`counted`: lowered by the detector's runner-up shift; the model's probability is the highest).
   */
  scanned: { name: string; from: 'given' | 'inferred' | 'claimed'; probability: number | null; counted?: number; error?: string }[];
  decidedBy: string | null;
  /** Claimed conventions that were refused, with the reason. */
  refused?: string[];
}

export interface ScanReport {
  schema: 'onepixel-report/1';
  tool: { name: 'onepixel'; version: string };
  /** The probability at or above which a model is called backdoored. */
  threshold: number;
  verdict: Verdict;
  counts: { scanned: number; clean: number; backdoored: number; errors: number };
  models: ModelReport[];
}

/** Why a model a stopped scan had started has no verdict. */
export const STOPPED_UNFINISHED = 'the scan was stopped before this model finished';

/**
 * A reason without the model's own path in front (the report names the model beside it):
 * "models/x.onnx: not an ONNX model" becomes "not an ONNX model", also after a "…: " lead-in.
 */
export function reasonFor(model: string, reason: string): string {
  let out = reason;
  for (const name of [model, path.resolve(model)]) {
    if (out.startsWith(`${name}: `)) out = out.slice(name.length + 2);
    out = out.split(`: ${name}: `).join(': ');
  }
  return out;
}

/** A model that could not be analysed: its reason, its code, and its file's sha256 where known. */
export function errorEntry(model: string, errorCode: string, error: string, seconds: number, sha256: string | null = null): ModelReport {
  return { model, sha256, verdict: 'error', probability: null, targetClass: null, triggerBox: null, seconds, error: reasonFor(model, error), errorCode };
}

/** The overall verdict: any backdoored model wins over errors, errors over clean. */
export function overallVerdict(models: ModelReport[]): Verdict {
  if (models.some((m) => m.verdict === 'backdoored')) return 'backdoored';
  if (models.some((m) => m.verdict === 'error')) return 'error';
  return 'clean';
}

export function buildReport(models: ModelReport[], threshold: number, version: string): ScanReport {
  const count = (v: Verdict): number => models.filter((m) => m.verdict === v).length;
  return {
    schema: 'onepixel-report/1',
    tool: { name: 'onepixel', version },
    threshold,
    verdict: overallVerdict(models),
    counts: { scanned: models.length, clean: count('clean'), backdoored: count('backdoored'), errors: count('error') },
    models: [...models].sort((a, b) => a.model.localeCompare(b.model)),
  };
}

/**
 * A box as everything onepixel prints it: [x0, y0, x1, y1] in input pixels, x1 and y1
 * exclusive (BOX_MEANING says so where boxes are shown).
 */
export const boxText = (b: Box): string => `[${b.join(', ')}]`;
export const BOX_MEANING = 'Boxes are [x0, y0, x1, y1] in input pixels, x1 and y1 exclusive.';

/** Where the trigger is, in words: a blend covers the whole input, a patch its box. */
export function triggerText(m: Pick<ModelReport, 'trigger' | 'triggerBox'>): string {
  if (m.trigger === 'blend') return 'blended over the whole image';
  return m.triggerBox ? boxText(m.triggerBox) : '';
}

/**
 * The input convention in a few words: "0,1 (given)", "-1,1 (inferred)", or for an unsure
 * inference "0,1 or -1,1 (unsure: worst -1,1)"; claims the model or a pull request added are named.
 */
export function conventionText(m: Pick<ModelReport, 'convention'>): string {
  const c = m.convention;
  if (!c) return '';
  const worst = c.decidedBy ?? '?';
  const claimed = c.scanned.filter((s) => s.from === 'claimed').map((s) => s.name);
  const also = claimed.length > 0 ? `; also ${claimed.join(', ')} as claimed` : '';
  if (c.basis === 'given') return `${worst} (given)`;
  const inferred = c.inferred ?? [];
  const how = c.basis === 'graph' ? 'from the graph' : c.basis === 'clear' ? 'inferred' : 'unsure';
  if (inferred.length <= 1 && claimed.length === 0) return `${worst} (${how})`;
  return `${inferred.join(' or ')} (${how}${also}; worst ${worst})`;
}

/**
 * The whole-image finding as reported. A notable one is drawn: `picture` is whole-image.png,
 * and `demonstrated` what it shows, the change applied to `tried` more unseen images of other
 * classes (`drawn` looked at, `alreadyTarget` of them given the target unchanged), with the
 * target's wins at half and at full strength.
 */
export type WholeImageReport = WholeImageFinding & {
  picture?: string;
  demonstrated?: { drawn: number; alreadyTarget: number; tried: number; wins: [number, number] };
};

/**
 * A whole-image finding is notable, named in the text output and drawn in whole-image.png, when
 * its change at half strength wins at least this share of unseen images (design models:
 * whole-image backdoors 97-100%, clean models at most 50%; bench/results/lab-whole-image.md).
 */
export const WHOLE_IMAGE_NOTABLE = 0.75;

export const notableWholeImage = (m: ModelReport): boolean => m.verdict !== 'error' && (m.wholeImage?.wins[1] ?? 0) >= WHOLE_IMAGE_NOTABLE;

const share = (v: number | null): string => (v === null ? 'unmeasured' : `${Math.round(100 * v)}%`);

const CHANGE_WORDS: Record<WholeImageFinding['family'], string> = {
  tone: 'A tone change over the whole image (gain, gamma and offset per channel)',
  field: 'A smooth field added over the whole image',
  warp: 'A smooth warp of the whole image by a few pixels',
  posterise: 'Posterising the whole image',
};

/**
 * What the whole-image search saw, in one sentence: the class a change spread over the whole
 * image makes win most often on images of other classes it was not fitted on, against the best
 * other class searched. Said to be outside the verdict, which does not weigh it yet.
 */
export function wholeImageSentence(m: ModelReport): string | undefined {
  const w = m.wholeImage;
  if (!w || m.verdict === 'error') return undefined;
  const [quarter, half] = w.wins;
  return `Whole-image search (reported, not yet part of the verdict): ${CHANGE_WORDS[w.family].replace(/^./, (c) => c.toLowerCase())} makes class ${w.targetClass} win on ${share(w.wins.at(-1)!)} of unseen images of other classes (at half strength ${share(half ?? null)}, at a quarter ${share(quarter ?? null)}; best other class searched: ${share(w.otherWins)}).`;
}

/**
 * What the transfer test saw, in one sentence: how often the suspected class's patch (and its
 * blended pattern) make it win on images the model gives to other classes, against the best
 * other class. A trigger wins nearly everywhere; a clean class rarely does.
 */
export function transferSentence(m: ModelReport): string | undefined {
  const t = m.transfer;
  if (!t || m.targetClass === null) return undefined;
  if (m.trigger === 'blend') {
    // The blend is the evidence here, so it leads.
    const blend = t.blendWins === null ? `No blend pattern was searched for class ${m.targetClass}` : `A pattern blended over the whole image makes class ${m.targetClass} win on ${share(t.blendWins)} of the exemplars of other classes (best other class: ${share(t.otherBlendWins)})`;
    return `${blend}; its patch on ${t.patchWins === null ? 'none' : share(t.patchWins)}.`;
  }
  const where = m.triggerBox ? ` at ${boxText(m.triggerBox)}` : '';
  const patch = t.patchWins === null ? `Class ${m.targetClass}'s patch${where} was not tried on other classes` : `Class ${m.targetClass}'s patch${where} wins on ${share(t.patchWins)} of the exemplars of other classes (best other class: ${share(t.otherPatchWins)})`;
  const blend = t.blendWins === null ? 'no blend pattern was searched for it' : `its blended pattern on ${share(t.blendWins)} (best other: ${share(t.otherBlendWins)})`;
  return `${patch}; ${blend}.`;
}

