/**
 * What the recipe's steps measure, in the form the zoo and the cache store it: one StepResult
 * per step, its gains quantized to bytes, and the codec for the stored files. The steps and the
 * detector share these types; nothing here runs a model.
 */
import zlib from 'node:zlib';

/** A rectangle on the model's input, in pixels: [x0, y0, x1, y1), x1 and y1 exclusive. */
export type Box = [number, number, number, number];

/** After the sweeps: the patch probe (patch-probe.ts), the transfer test (transfer-test.ts), then the trigger search (trigger-search.ts). */
export const PROBE_STEP = 'patch-probe';
export const TRANSFER_STEP = 'transfer';
export const SEARCH_STEP = 'trigger-search';
/** log1p-scaled bytes: the zoo stores gains this way, so the detector sees them this way too. */
const QUANT = 40;
export function quantizeGain(d: number): number {
  return Math.max(0, Math.min(255, Math.round(Math.log1p(Math.max(0, d)) * QUANT)));
}
export function dequantizeGain(q: number): number {
  return Math.expm1(q / QUANT);
}

export interface StepResult {
  step: string;
  block: number;
  stride: number;
  rows: number;
  cols: number;
  classes: number;
  /** log P_k(x0) at this step's base. */
  baseLogP: number[];
  /** Quantized log-probability gains, [K, rows, cols]. */
  gain: Uint8Array;
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
  /** Trigger search only (trigger-search.ts): per class SEARCH_MEASURES (null where not measured). */
  search?: (number | null)[][];
  /** Trigger search only: per class, where its refined patch is (or null). */
  searchBox?: ([number, number, number, number] | null)[];
}

/** The centre (x, y), in input pixels, of cell `at` (row-major) of a step's gain map. */
export function cellCentre(step: Pick<StepResult, 'cols' | 'stride' | 'block'>, at: number): [number, number] {
  return [(at % step.cols) * step.stride + step.block / 2, Math.floor(at / step.cols) * step.stride + step.block / 2];
}

/** Recipe results as gzipped JSON, gains in base64: the zoo's and the cache's format. */
export function encodeSteps(steps: StepResult[], extra: Record<string, unknown> = {}): Buffer {
  const body = { ...extra, steps: steps.map((s) => ({ ...s, gain: Buffer.from(s.gain).toString('base64') })) };
  return zlib.gzipSync(JSON.stringify(body), { level: 9 });
}

export function decodeSteps(buf: Buffer): { steps: StepResult[]; [key: string]: unknown } {
  const body = JSON.parse(zlib.gunzipSync(buf).toString('utf8')) as { steps: (Omit<StepResult, 'gain'> & { gain: string })[] };
  return { ...body, steps: body.steps.map((s) => ({ ...s, gain: new Uint8Array(Buffer.from(s.gain, 'base64')) })) };
}
