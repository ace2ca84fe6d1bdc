/**
 * What the recipe measures: one RecipeResult with a typed field per step, the one value that
 * crosses from measuring (recipe/) to judging (detector/). The zoo and the cache store it as a
 * list of StepResult records, gains quantized to bytes; the codec here reads and writes that
 * format, so stored results stay valid. Nothing here runs a model.
 */
import zlib from 'node:zlib';

/** What a trigger is: a patch stamped somewhere, or a pattern blended over the whole image. */
export type TriggerKind = 'patch' | 'blend';
export const TRIGGER_KINDS: readonly TriggerKind[] = ['patch', 'blend'];

/** A rectangle on the model's input, in pixels: [x0, y0, x1, y1), x1 and y1 exclusive. */
export type Box = [number, number, number, number];

/** After the sweeps: the patch probe (patch-probe.ts), the transfer test (transfer-test.ts), then the trigger search (trigger-search.ts). */
export const PROBE_STEP = 'patch-probe';
export const TRANSFER_STEP = 'transfer';
export const SEARCH_STEP = 'trigger-search';
/** Run last when present (whole-image-search.ts); results stored before it existed lack it. */
export const WHOLE_IMAGE_STEP = 'whole-image';

/** How a whole-image change alters an image: a tone curve, a smooth field added, a warp, posterisation. */
export type ChangeFamily = 'tone' | 'field' | 'warp' | 'posterise';
export const CHANGE_FAMILIES: readonly ChangeFamily[] = ['tone', 'field', 'warp', 'posterise'];

/** A whole-image change: its family and its parameters, each in [-1, 1] of the family's bound. */
export interface Change {
  family: ChangeFamily;
  theta: number[];
  /** Posterise only: how much of the posterised image is mixed in (1 when absent). */
  mix?: number;
}
/** log1p-scaled bytes: the zoo stores gains this way, so the detector sees them this way too. */
const QUANT = 40;
export function quantizeGain(d: number): number {
  return Math.max(0, Math.min(255, Math.round(Math.log1p(Math.max(0, d)) * QUANT)));
}
export function dequantizeGain(q: number): number {
  return Math.expm1(q / QUANT);
}

/**
 * One step as stored: every step has a map's fields (empty for the transfer test and the
 * search), then its own.
 */
export interface StepResult extends GainMap {
  step: string;
  /** Patch probe only (patch-probe.ts): per class, the mean log-probability its grown patch reached. */
  refined?: number[];
  /** Patch probe only: per class, where that patch is, in input pixels [x0, y0, x1, y1). */
  refinedBox?: [number, number, number, number][];
  /** Transfer test only (transfer-test.ts): per class, TRANSFER_FEATURES (null where not measured). */
  transfer?: (number | null)[][];
  /** Transfer test only: how many classes its exemplars cover, and their median own-class margin. */
  exemplarClasses?: number;
  exemplarMargin?: number | null;
  /** Transfer test only: per class, the part of its patch that carries the transfer (or null). */
  patchBox?: ([number, number, number, number] | null)[];
  /** Transfer test only: per class with a patchBox, the patch as drawn there (or null). */
  patchCells?: (TriggerPatch | null)[];
  /** Transfer test only: per class, its blend pattern at TRANSFER.alpha, packed (or null). */
  blendPatterns?: (string | null)[];
  /** Trigger search only (trigger-search.ts): per class SEARCH_MEASURES (null where not measured). */
  search?: (number | null)[][];
  /** Trigger search only: per class, where its refined patch is (or null). */
  searchBox?: ([number, number, number, number] | null)[];
  /** Whole-image search only: see WholeImageMeasure. */
  screen?: (number | null)[];
  wins?: (number[][] | null)[];
  changes?: (Change | null)[];
}

/** A sweep's map over the input: per class and cell, the quantized log-probability gain. */
export interface GainMap {
  /** Block side and stride in input pixels. */
  block: number;
  stride: number;
  rows: number;
  cols: number;
  classes: number;
  /** log P_k(x0) at the sweep's base image. */
  baseLogP: number[];
  /** Quantized log-probability gains, [K, rows, cols] (dequantizeGain reads them). */
  gain: Uint8Array;
}

/** The patch probe (patch-probe.ts): its random-pattern map, and per class the patch it grew. */
export interface ProbeMeasure extends GainMap {
  /** Per class, the mean log-probability its grown patch reached over the bases. */
  refined: number[];
  /** Per class, where that patch is. */
  refinedBox: Box[];
}

/**
 * A patch as the transfer test drew it at its box: `rows` × `cols` cells of `cell` pixels from
 * the box's top-left corner, each one colour (pixel values 0..255, one per channel), row-major.
 */
export interface TriggerPatch {
  cell: number;
  rows: number;
  cols: number;
  colours: number[][];
}

/**
 * One class's recovered trigger as the transfer test recorded it: a patch's cells at its box, or
 * a blend's pattern (packPattern) mixed in at `alpha` over the whole input. The report carries
 * it, and the trigger demonstration stamps it.
 */
export interface RecordedTrigger {
  /** The class it raises. */
  target: number;
  kind: TriggerKind;
  /** Where it is drawn: a patch's box, the whole input for a blend. */
  box: Box;
  patch?: TriggerPatch;
  pattern?: string;
  alpha?: number;
}

/** The transfer test (transfer-test.ts). */
export interface TransferMeasure {
  classes: number;
  baseLogP: number[];
  /** Per class, its TRANSFER_FEATURES measurements (null where not measured). */
  transfer: (number | null)[][];
  /** Per class, the part of its patch that carries the transfer (null: not narrowed). */
  patchBox: (Box | null)[];
  /**
   * What the recovered triggers look like, for the evidence picture: per class with a patchBox
   * its patch as drawn there, and per class with a blend search its pattern (packPattern).
   * Absent from results stored before they were recorded.
   */
  patchCells?: (TriggerPatch | null)[];
  blendPatterns?: (string | null)[];
  /** How many classes the exemplars cover, and their median own-class margin (the model's scale). */
  exemplarClasses?: number;
  exemplarMargin: number | null;
}

/** The trigger search (trigger-search.ts). */
export interface SearchMeasure {
  classes: number;
  /** The refined patch's side and the coarse scan's stride, in input pixels. */
  block: number;
  stride: number;
  baseLogP: number[];
  /** Per class, its SEARCH_MEASURES (null where not measured). */
  search: (number | null)[][];
  /** Per class, where its refined patch is (or null). */
  searchBox: (Box | null)[];
  exemplarMargin: number | null;
}

/**
 * The whole-image search (whole-image-search.ts): per class, how far random whole-image changes
 * raised it, and for the classes searched, how often each family's best change makes it win
 * images the search did not fit on.
 */
export interface WholeImageMeasure {
  classes: number;
  baseLogP: number[];
  /** Per class, the screen's best mean margin gain over other classes' images (null: none). */
  screen: (number | null)[];
  /**
   * Per class searched (null otherwise), per family in CHANGE_FAMILIES order, the share of held
   * images the class wins with the family's best change at each of WHOLE_IMAGE_STRENGTHS.
   */
  wins: (number[][] | null)[];
  /** Per class searched, the change that wins the most held images at full strength. */
  changes: (Change | null)[];
}

/**
 * The whole-image search's strongest finding, for the report: the searched class whose best
 * change wins the most held images, that change's family, its wins at each strength, and the
 * most any other searched class wins.
 */
export interface WholeImageFinding {
  targetClass: number;
  family: ChangeFamily;
  wins: number[];
  otherWins: number | null;
}

/** Shares of a found change's strength at which its held wins are measured; the last is the change itself. */
export const WHOLE_IMAGE_STRENGTHS = [0.25, 0.5, 0.75, 1];

/** Everything the recipe measured on one model, step by step. */
export interface RecipeResult {
  /** The one-pixel sweep at a black base. */
  pixel: GainMap;
  /** The 3×3-block sweep at a black base. */
  block3: GainMap;
  probe: ProbeMeasure;
  transfer: TransferMeasure;
  search: SearchMeasure;
  /** Absent from results stored before the whole-image search existed. */
  wholeImage?: WholeImageMeasure;
}

/** The stored names of the two sweeps, in their order. */
export const PIXEL_STEP = 'pixel-black';
export const BLOCK3_STEP = 'block3-black';
/**
 * Every step a stored result must have, in the order the recipe runs them: the steps the
 * detector judges (its weights name them). The whole-image search is measured and reported, not
 * yet judged, so results without it stay valid.
 */
export const STORED_STEPS = [PIXEL_STEP, BLOCK3_STEP, PROBE_STEP, TRANSFER_STEP, SEARCH_STEP] as const;

/** The gain maps the detector reads, named as the stored steps are. */
export function gainMaps(r: RecipeResult): { name: string; map: GainMap }[] {
  return [
    { name: PIXEL_STEP, map: r.pixel },
    { name: BLOCK3_STEP, map: r.block3 },
    { name: PROBE_STEP, map: r.probe },
  ];
}

/**
 * A stored result read as a RecipeResult. Extra fields a step carries (passes, seconds) ride
 * along; a result without every step (the whole-image search aside, which came later) was made
 * by an older recipe and is refused.
 */
export function recipeResult(steps: StepResult[]): RecipeResult {
  const byName = new Map(steps.map((s) => [s.step, s]));
  const missing = STORED_STEPS.filter((name) => !byName.has(name));
  if (missing.length > 0) throw new Error(`a stored recipe result without ${missing.join(', ')}: made by an older recipe`);
  const probe = byName.get(PROBE_STEP)!;
  const transfer = byName.get(TRANSFER_STEP)!;
  const search = byName.get(SEARCH_STEP)!;
  // The transfer test and the search store an empty map for the format's sake; it is dropped here.
  const { rows: _tr, cols: _tc, gain: _tg, block: _tb, stride: _ts, ...transferOwn } = transfer;
  const { rows: _sr, cols: _sc, gain: _sg, ...searchOwn } = search;
  const whole = byName.get(WHOLE_IMAGE_STEP);
  return {
    pixel: byName.get(PIXEL_STEP)!,
    block3: byName.get(BLOCK3_STEP)!,
    probe: { ...probe, refined: probe.refined ?? [], refinedBox: probe.refinedBox ?? [] },
    transfer: { ...transferOwn, transfer: transfer.transfer ?? [], patchBox: transfer.patchBox ?? [], exemplarMargin: transfer.exemplarMargin ?? null },
    search: { ...searchOwn, search: search.search ?? [], searchBox: search.searchBox ?? [], exemplarMargin: search.exemplarMargin ?? null },
    ...(whole ? { wholeImage: { classes: whole.classes, baseLogP: whole.baseLogP, screen: whole.screen ?? [], wins: whole.wins ?? [], changes: whole.changes ?? [] } } : {}),
  };
}

/** One stored step: the map's fields first, in the order stored files have always had, then the step's own. */
export function storedStep(step: string, fields: object): StepResult {
  const { block = 0, stride = 0, rows = 0, cols = 0, classes, baseLogP, gain = new Uint8Array(0), ...own } = fields as Partial<StepResult> & { step?: string };
  const { step: _step, ...rest } = own as { step?: string };
  return { step, block, stride, rows, cols, classes: classes!, baseLogP: baseLogP!, gain, ...rest };
}

/** A RecipeResult in the stored format: one record per step, in the recipe's order. */
export function storedSteps(r: RecipeResult): StepResult[] {
  const steps = [storedStep(PIXEL_STEP, r.pixel), storedStep(BLOCK3_STEP, r.block3), storedStep(PROBE_STEP, r.probe), storedStep(TRANSFER_STEP, r.transfer), storedStep(SEARCH_STEP, r.search)];
  return r.wholeImage ? [...steps, storedStep(WHOLE_IMAGE_STEP, r.wholeImage)] : steps;
}

/** The centre (x, y), in input pixels, of cell `at` (row-major) of a step's gain map. */
export function cellCentre(step: Pick<GainMap, 'cols' | 'stride' | 'block'>, at: number): [number, number] {
  return [(at % step.cols) * step.stride + step.block / 2, Math.floor(at / step.cols) * step.stride + step.block / 2];
}

/** A blend pattern (every value 0 or 255) as base64 bits: 384 bytes for a 32×32 RGB input. */
export function packPattern(pattern: Float32Array): string {
  const bits = new Uint8Array(Math.ceil(pattern.length / 8));
  pattern.forEach((v, i) => {
    if (v >= 128) bits[i >> 3] = bits[i >> 3]! | (1 << (i & 7));
  });
  return Buffer.from(bits).toString('base64');
}

export function unpackPattern(packed: string, length: number): Float32Array<ArrayBuffer> {
  const bits = Buffer.from(packed, 'base64');
  if (bits.length !== Math.ceil(length / 8)) throw new Error(`a stored blend pattern of ${bits.length} bytes for ${length} values`);
  return Float32Array.from({ length }, (_, i) => ((bits[i >> 3]! >> (i & 7)) & 1 ? 255 : 0));
}

/** Recipe results as gzipped JSON, gains in base64: the zoo's and the cache's format. */
export function encodeSteps(steps: StepResult[], extra: Record<string, unknown> = {}): Buffer {
  const body = { ...extra, steps: steps.map((s) => ({ ...s, gain: Buffer.from(s.gain).toString('base64') })) };
  return zlib.gzipSync(JSON.stringify(body), { level: 9 });
}

/** A RecipeResult as gzipped JSON in the stored format, with `extra` provenance fields. */
export function encodeRecipe(r: RecipeResult, extra: Record<string, unknown> = {}): Buffer {
  return encodeSteps(storedSteps(r), extra);
}

export function decodeSteps(buf: Buffer): { steps: StepResult[]; [key: string]: unknown } {
  const body = JSON.parse(zlib.gunzipSync(buf).toString('utf8')) as { steps: (Omit<StepResult, 'gain'> & { gain: string })[] };
  return { ...body, steps: body.steps.map((s) => ({ ...s, gain: new Uint8Array(Buffer.from(s.gain, 'base64')) })) };
}
