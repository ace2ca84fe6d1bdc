/**
 * The one-pixel signature (README, "The signature"): builds the base image and the candidate
 * values in model units, checks the model's output on the base image, runs the native sweep
 * and turns each class's best level and probability into S and D.
 */
import { type CostEstimate, cellCount, passesPerCell, passSeconds, strideForBudget } from './budget.js';
import { DEFAULT_CUDA_BATCH } from '../engine/device.js';
import { OnepixelError } from '../engine/errors.js';
import { type LoadedModel, loadModel } from '../engine/model.js';
import { type NativeSweepSpec, nativeCode, nativeRuntime } from '../engine/native.js';
import { DEFAULT_BATCH, defaultThreads, resolveOptions, type SignatureOptions } from '../engine/options.js';

/** Progress in cells (swept units, per channel in channel mode). */
export interface SignatureProgress {
  done: number;
  total: number;
  seconds: number;
}

export interface SignatureCallbacks {
  onProgress?: (progress: SignatureProgress) => void;
  /** Called once before the sweep with its estimated cost (when a budget is set). */
  onEstimate?: (estimate: CostEstimate) => void;
  signal?: AbortSignal;
}

export interface SignatureInfo {
  model: string;
  sha256: string;
  input: { name: string; shape: number[]; layout: string; channels: number; height: number; width: number };
  output: { name: string; kind: 'logits' | 'probabilities' };
  classes: number;
  /** Shape of signature.npy and delta.npy: [K,H',W'] or [K,C,H',W']. */
  shape: number[];
  options: SignatureOptions & { threads: number; batch: number };
  /** Forward passes run: the base batch, every swept image, and the padding of last batches. */
  passes: number;
  /** Cells the adaptive search had to sweep fully (0 for the exhaustive search). */
  fullCells: number;
  /** Present when a budget was set: the estimate, and the stride the budget imposed, if any. */
  estimate?: CostEstimate;
  seconds: number;
  /** P_k(x0), the class scores of the base image (log-probabilities with score log-probability). */
  baseProbabilities: number[];
  onnxruntime: string;
}

export interface Signature {
  /** S_k(i,j) = p_{l*}/255, float32 in the layout of info.shape. */
  signature: Float32Array;
  /** D_k(i,j) = P_k(x0 with (i,j) ← p_{l*}) − P_k(x0), or the same in log P_k with score log-probability. */
  delta: Float32Array;
  info: SignatureInfo;
}

/**
 * Grid step of the adaptive search: the largest power of two that still leaves at least 12
 * grid intervals (16 at 256 levels), so each peak is refined by halving. 1 means exhaustive.
 */
export function coarseStepFor(levels: number): number {
  let step = 1;
  while ((levels - 1) / (step * 2) >= 6) step *= 2;
  return step;
}

/** Pixel value 0..255 of level l out of L. */
export const levelPixel = (l: number, levels: number): number => (255 * l) / (levels - 1);

/** Model input value of pixel value p in channel c. */
export function modelValue(p: number, c: number, o: SignatureOptions): number {
  const [lo, hi] = o.inputRange;
  const v = lo + ((hi - lo) * p) / 255;
  const pick = (values: number[] | undefined, fallback: number): number =>
    values === undefined ? fallback : (values.length === 1 ? values[0]! : values[c]!);
  return (v - pick(o.mean, 0)) / pick(o.std, 1);
}

function checkChannelOptions(o: SignatureOptions, channels: number): void {
  for (const key of ['mean', 'std'] as const) {
    const n = o[key]?.length;
    if (n !== undefined && n !== 1 && n !== channels) {
      throw new OnepixelError('BAD_OPTION', `--${key} has ${n} values; the model has ${channels} channels`);
    }
  }
}

function baseImage(model: LoadedModel, o: SignatureOptions): Float32Array {
  const { channels, height, width, layout } = model.input;
  const image = new Float32Array(channels * height * width);
  for (let c = 0; c < channels; c++) {
    const v = modelValue(o.base, c, o);
    for (let p = 0; p < height * width; p++) {
      image[layout === 'NCHW' ? c * height * width + p : p * channels + c] = v;
    }
  }
  return image;
}

function levelValues(channels: number, o: SignatureOptions): Float32Array {
  const values = new Float32Array(o.levels * channels);
  for (let l = 0; l < o.levels; l++) {
    for (let c = 0; c < channels; c++) values[l * channels + c] = modelValue(levelPixel(l, o.levels), c, o);
  }
  return values;
}

function batchShape(model: LoadedModel, batch: number): number[] {
  const { channels, height, width, layout } = model.input;
  return layout === 'NCHW' ? [batch, channels, height, width] : [batch, height, width, channels];
}

/** Runs the base image once: checks the output is [N,K] and finite, and whether it is probabilities. */
async function inspectOutput(model: LoadedModel, base: Float32Array, o: SignatureOptions): Promise<{ classes: number; probabilities: boolean }> {
  const batch = model.input.fixedBatch ?? 1;
  const data = new Float32Array(base.length * batch);
  for (let b = 0; b < batch; b++) data.set(base, b * base.length);
  let out: { data: Float32Array; shape: number[] };
  try {
    out = await model.native.run(model.input.name, model.outputName, data, batchShape(model, batch));
  } catch (error) {
    const code = nativeCode(error);
    const detail = (error as Error).message.split('\n')[0];
    if (code === 'UNSUPPORTED_OUTPUT') throw new OnepixelError('BAD_OUTPUT', `${model.path}: ${detail}`);
    throw new OnepixelError('UNSUPPORTED_MODEL', `${model.path}: the model fails on a plain image (${detail})`);
  }
  if (out.shape.length !== 2 || out.shape[0] !== batch || out.shape[1]! < 2) {
    throw new OnepixelError('BAD_OUTPUT', `${model.path}: output "${model.outputName}" has shape [${out.shape.join(',')}]; onepixel needs class scores [N,K] with K ≥ 2`);
  }
  const classes = out.shape[1]!;
  const row = out.data.subarray(0, classes);
  if (row.some((v) => !Number.isFinite(v))) {
    throw new OnepixelError('NON_FINITE_OUTPUT', `${model.path}: the model outputs NaN or Inf on a plain image`);
  }
  const sum = row.reduce((a, v) => a + v, 0);
  const looksLikeProbabilities = row.every((v) => v >= 0) && Math.abs(sum - 1) <= 1e-3;
  const probabilities = o.outputs === 'auto' ? looksLikeProbabilities : o.outputs === 'probabilities';
  return { classes, probabilities };
}

/** The class count and output kind of a model, checked on its plain base image. */
export async function checkOutput(model: LoadedModel, o: SignatureOptions): Promise<{ classes: number; probabilities: boolean }> {
  return inspectOutput(model, baseImage(model, o), o);
}

export function abortError(): OnepixelError {
  return new OnepixelError('ABORTED', 'the signature computation was aborted');
}

/** What a model's output is: its class count, and whether its scores are probabilities already. */
export interface OutputKind {
  classes: number;
  probabilities: boolean;
}

/**
 * The native sweep's spec for a model and options, after checking the model's output on the
 * base image (or taking `known`, from a caller that checked it on the same base image).
 */
export async function buildSpec(model: LoadedModel, o: SignatureOptions, known?: OutputKind): Promise<NativeSweepSpec> {
  const { channels, height, width } = model.input;
  const threads = o.threads ?? defaultThreads();
  // A GPU needs far larger batches than two CPU cores to reach its ceiling.
  const batch = model.input.fixedBatch ?? o.batch ?? (nativeRuntime().device === 'cuda' ? DEFAULT_CUDA_BATCH : DEFAULT_BATCH);
  const base = baseImage(model, o);
  const { classes, probabilities } = known ?? (await inspectOutput(model, base, o));
  return {
    inputName: model.input.name,
    outputName: model.outputName,
    batch,
    threads,
    channels,
    height,
    width,
    nhwc: model.input.layout === 'NHWC',
    base,
    levels: levelValues(channels, o),
    levelCount: o.levels,
    channelMode: o.mode === 'channel',
    block: o.block,
    stride: o.stride,
    softmax: !probabilities,
    logScore: o.score === 'log-probability',
    classes,
    coarseStep: o.search === 'adaptive' ? coarseStepFor(o.levels) : 1,
  };
}

/** Computes the signature of an already loaded model. */
export async function sweepModel(model: LoadedModel, options: SignatureOptions, callbacks: SignatureCallbacks = {}, known?: OutputKind): Promise<Signature> {
  const started = performance.now();
  let o = options;
  const { channels, height, width } = model.input;
  checkChannelOptions(o, channels);
  if (o.block > height || o.block > width) {
    throw new OnepixelError('BAD_OPTION', `--block ${o.block} is larger than the ${height}x${width} input`);
  }
  let spec = await buildSpec(model, o, known);
  const { classes, threads, batch } = spec;
  const probabilities = !spec.softmax;
  if (callbacks.signal?.aborted) throw abortError();

  let estimate: CostEstimate | undefined;
  if (o.budget !== undefined) {
    if (!model.cost) throw new OnepixelError('BUDGET_UNPLANNED', `${model.path}: the graph could not be read to plan a budget; run without --budget`);
    const passesPerSecond = 1 / passSeconds(model.cost);
    const budgetStride = strideForBudget(o, height, width, channels, passesPerSecond, o.budget);
    if (budgetStride !== undefined) {
      o = { ...o, stride: budgetStride, block: Math.max(o.block, budgetStride) };
      spec = { ...spec, block: o.block, stride: o.stride };
    }
    const cells = cellCount(height, width, o.block, o.stride, o.mode === 'channel' ? channels : 1);
    const passes = cells * passesPerCell(o);
    estimate = { cells, passes, passesPerSecond, seconds: passes / passesPerSecond, ...(budgetStride ? { budgetStride } : {}) };
    callbacks.onEstimate?.(estimate);
  }
  const job = model.native.sweep(spec, (done, total) =>
    callbacks.onProgress?.({ done, total, seconds: (performance.now() - started) / 1000 }),
  );
  const cancel = (): void => job.cancel();
  callbacks.signal?.addEventListener('abort', cancel, { once: true });
  let result;
  try {
    result = await job.promise;
    const total = result.bestLevel.length / classes;
    callbacks.onProgress?.({ done: total, total, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    const code = nativeCode(error);
    if (code === 'ABORT_ERR') throw abortError();
    if (code === 'NON_FINITE_OUTPUT') throw new OnepixelError('NON_FINITE_OUTPUT', `${model.path}: the model outputs NaN or Inf on a swept image`);
    throw new OnepixelError('UNSUPPORTED_MODEL', `${model.path}: the sweep failed (${(error as Error).message.split('\n')[0]})`);
  } finally {
    callbacks.signal?.removeEventListener('abort', cancel);
  }

  const signature = new Float32Array(result.bestLevel.length);
  const delta = new Float32Array(result.bestLevel.length);
  const cells = result.bestLevel.length / classes;
  for (let k = 0; k < classes; k++) {
    const p0 = result.baseProb[k]!;
    for (let i = k * cells; i < (k + 1) * cells; i++) {
      signature[i] = levelPixel(result.bestLevel[i]!, o.levels) / 255;
      delta[i] = result.bestProb[i]! - p0;
    }
  }
  const rows = Math.floor((height - o.block) / o.stride) + 1;
  const cols = Math.floor((width - o.block) / o.stride) + 1;
  const seconds = (performance.now() - started) / 1000;
  return {
    signature,
    delta,
    info: {
      model: model.path,
      sha256: model.sha256,
      input: { name: model.input.name, shape: model.input.declaredShape, layout: model.input.layout, channels, height, width },
      output: { name: model.outputName, kind: probabilities ? 'probabilities' : 'logits' },
      classes,
      shape: o.mode === 'channel' ? [classes, channels, rows, cols] : [classes, rows, cols],
      options: { ...o, threads, batch },
      passes: result.passes,
      fullCells: result.fullCells,
      ...(estimate ? { estimate } : {}),
      seconds,
      baseProbabilities: Array.from(result.baseProb),
      onnxruntime: nativeRuntime().version,
    },
  };
}

/** Loads `modelPath`, computes its one-pixel signature, and releases the model. */
export async function computeSignature(
  modelPath: string,
  options: Partial<SignatureOptions> = {},
  callbacks: SignatureCallbacks = {},
): Promise<Signature> {
  const resolved = resolveOptions(options);
  if (callbacks.signal?.aborted) throw abortError();
  const model = await loadModel(modelPath, resolved);
  try {
    return await sweepModel(model, resolved, callbacks);
  } finally {
    model.native.close();
  }
}
