/**
 * Loading and checking a model: the file, its protobuf, its external-data paths, and the
 * image input and class output that a sweep needs. Every refusal is a one-line OnepixelError.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OnepixelError } from './errors.js';
import { type NativeModel, type NativeValueInfo, nativeCode, nativeRuntime } from './native.js';
import { type PassCost, passCost } from './graph-cost.js';
import { type InputAffine, inputAffine, inspectOnnx, type OnnxGraph, type OnnxSummary, readOnnxGraph } from './onnx-proto.js';
import type { Layout, SignatureOptions } from './options.js';

export interface ImageInput {
  name: string;
  /** The shape as the model declares it, -1 where a dimension is not fixed. */
  declaredShape: number[];
  layout: Layout;
  channels: number;
  height: number;
  width: number;
  /** The batch size the model requires, or undefined when any batch size works. */
  fixedBatch?: number;
}

export interface LoadedModel {
  path: string;
  sha256: string;
  summary: OnnxSummary;
  input: ImageInput;
  outputName: string;
  native: NativeModel;
  /** One image's work, read from the graph at the scanned input shape (undefined: unreadable graph). */
  cost: PassCost | undefined;
}

const FLOAT = 1;
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};
const typeName = (t: number): string => ELEMENT_TYPES[t] ?? `type ${t}`;
const shapeText = (info: NativeValueInfo): string =>
  `[${info.shape.map((d, i) => (d < 0 ? info.dimNames[i] || '?' : String(d))).join(',')}]`;

function readModelFile(file: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new OnepixelError('MODEL_NOT_FOUND', `${file}: no such file`);
    throw new OnepixelError('MODEL_UNREADABLE', `${file}: cannot read (${code ?? 'unknown error'})`);
  }
  if (!stat.isFile()) throw new OnepixelError('MODEL_UNREADABLE', `${file}: not a regular file`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new OnepixelError('MODEL_UNREADABLE', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

/**
 * Refuses external-data locations that leave the model's folder: absolute paths, "..", and
 * symbolic links that resolve elsewhere. onnxruntime would otherwise read any file the
 * runner can see and feed it to the model.
 */
export function checkExternalData(modelFile: string, locations: string[]): void {
  const folder = fs.realpathSync(path.dirname(path.resolve(modelFile)));
  for (const location of locations) {
    const refuse = (why: string): never => {
      throw new OnepixelError('UNSAFE_EXTERNAL_DATA', `${modelFile}: refusing external data "${location}" (${why})`);
    };
    if (location === '' || location.includes('\0')) refuse('empty or invalid path');
    if (path.isAbsolute(location) || /^[a-zA-Z]:/.test(location) || location.startsWith('\\')) {
      refuse('absolute path');
    }
    const target = path.resolve(folder, location);
    if (!isInside(folder, target)) refuse("outside the model's folder");
    if (fs.existsSync(target) && !isInside(folder, fs.realpathSync(target))) {
      refuse("a link that leads outside the model's folder");
    }
  }
}

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function mapOpenError(file: string, error: unknown): OnepixelError {
  const code = nativeCode(error);
  const detail = (error as Error).message.split('\n')[0]!.replace(/^Load model from .*? failed:/, '');
  if (code === 'ORT_INVALID_PROTOBUF') return new OnepixelError('CORRUPT_MODEL', `${file}: corrupt ONNX file (${detail})`);
  if (code === 'ORT_NO_SUCHFILE') return new OnepixelError('MODEL_UNREADABLE', `${file}: ${detail}`);
  return new OnepixelError('UNSUPPORTED_MODEL', `${file}: onnxruntime cannot load it (${detail})`);
}

function chooseLayout(info: NativeValueInfo, forced: Layout | undefined, file: string): Layout {
  const isChannelAxis = (d: number | undefined): boolean => d === 1 || d === 3;
  if (forced) {
    // A layout that puts a spatial axis where the channels plainly are would scan a wrong image.
    const [forcedAxis, otherAxis] = forced === 'NCHW' ? [1, 3] : [3, 1];
    const claimed = info.shape[forcedAxis]!;
    if (claimed > 4 && isChannelAxis(info.shape[otherAxis])) {
      throw new OnepixelError('BAD_OPTION', `--layout ${forced} does not fit input "${info.name}" ${shapeText(info)}: it would read ${claimed} channels; the shape says ${forced === 'NCHW' ? 'NHWC' : 'NCHW'}`);
    }
    return forced;
  }
  if (isChannelAxis(info.shape[1])) return 'NCHW';
  if (isChannelAxis(info.shape[3])) return 'NHWC';
  throw new OnepixelError(
    'NO_IMAGE_INPUT',
    `${file}: input "${info.name}" ${shapeText(info)} has no channel axis of size 1 or 3; pass --layout NCHW or NHWC`,
  );
}

function describeInput(file: string, inputs: NativeValueInfo[], options: SignatureOptions): ImageInput {
  if (inputs.length !== 1) {
    const names = inputs.map((i) => `"${i.name}"`).join(', ');
    throw new OnepixelError('NO_IMAGE_INPUT', `${file}: onepixel needs exactly one image input, the model has ${inputs.length}${names ? ` (${names})` : ''}`);
  }
  const info = inputs[0]!;
  if (!info.isTensor) throw new OnepixelError('NO_IMAGE_INPUT', `${file}: input "${info.name}" is not a tensor`);
  if (info.elementType !== FLOAT) {
    throw new OnepixelError('UNSUPPORTED_INPUT_TYPE', `${file}: input "${info.name}" is ${typeName(info.elementType)}; onepixel sweeps float32 image inputs`);
  }
  if (info.shape.length !== 4) {
    throw new OnepixelError('NO_IMAGE_INPUT', `${file}: input "${info.name}" ${shapeText(info)} is not an image batch (rank ${info.shape.length}, not 4)`);
  }
  const layout = chooseLayout(info, options.layout, file);
  const [cAxis, hAxis, wAxis] = layout === 'NCHW' ? [1, 2, 3] : [3, 1, 2];
  const channels = info.shape[cAxis]!;
  if (channels < 1) throw new OnepixelError('NO_IMAGE_INPUT', `${file}: input "${info.name}" ${shapeText(info)} has a dynamic channel count`);
  let height = info.shape[hAxis]!;
  let width = info.shape[wAxis]!;
  if (options.size) {
    const [h, w] = options.size;
    if ((height > 0 && height !== h) || (width > 0 && width !== w)) {
      throw new OnepixelError('BAD_OPTION', `--size ${h}x${w} does not match the model's input ${shapeText(info)}`);
    }
    [height, width] = [h, w];
  }
  if (height < 1 || width < 1) {
    throw new OnepixelError('DYNAMIC_SIZE', `${file}: input "${info.name}" ${shapeText(info)} has a dynamic height or width; pass --size HxW`);
  }
  const batch = info.shape[0]!;
  refuseOversized(file, info, batch, channels, height, width);
  return {
    name: info.name,
    declaredShape: info.shape,
    layout,
    channels,
    height,
    width,
    ...(batch > 0 ? { fixedBatch: batch } : {}),
  };
}

/**
 * The largest inputs a scan takes. A model file is small whatever it declares, and a declared
 * fixed batch of 300,000 images or a 100,000×100,000 input would have the scan allocate
 * gigabytes before the first forward pass: those are refused before anything is allocated.
 */
export const INPUT_LIMITS = {
  /** A fixed batch dimension: the scan runs every pass at that size. */
  fixedBatch: 1024,
  /** Values in one image (C·H·W): 2048×2048 with 4 channels. */
  imageValues: 2048 * 2048 * 4,
} as const;

function refuseOversized(file: string, info: NativeValueInfo, batch: number, channels: number, height: number, width: number): void {
  if (batch > INPUT_LIMITS.fixedBatch) {
    throw new OnepixelError('INPUT_TOO_LARGE', `${file}: input "${info.name}" ${shapeText(info)} fixes its batch at ${batch} images; onepixel runs at most ${INPUT_LIMITS.fixedBatch} per pass`);
  }
  const values = channels * height * width;
  if (values > INPUT_LIMITS.imageValues) {
    throw new OnepixelError('INPUT_TOO_LARGE', `${file}: input "${info.name}" is ${channels}×${height}×${width} (${values.toExponential(2)} values an image); onepixel scans images of at most ${INPUT_LIMITS.imageValues.toLocaleString('en-US')} values`);
  }
}

export interface InspectedFile {
  path: string;
  /** The .onnx file's own sha256. */
  sha256: string;
  /**
   * The model's identity: the sha256 of the .onnx file and of every external-data file it
   * references. A model's weights can live entirely in those files, so a swapped weights file
   * is a different model (to the cache, the report and changed-only).
   */
  identity: string;
  /** Each external-data file, as the model names it, with its sha256. */
  externalData: { location: string; sha256: string }[];
  summary: OnnxSummary;
  /** The normalisation folded in at the image input, if any (see convention.ts). */
  affine: InputAffine | undefined;
  /** The graph, read once for the budget's cost walk (graph-cost.ts); undefined when unreadable. */
  graph: OnnxGraph | undefined;
}

const sha256Of = (bytes: Uint8Array | string): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** Reads and checks a model file without opening it in onnxruntime. */
export function inspectModelFile(file: string): InspectedFile {
  const bytes = readModelFile(file);
  const summary = inspectOnnx(bytes, file);
  checkExternalData(file, summary.externalLocations);
  const folder = path.dirname(path.resolve(file));
  const externalData = [...new Set(summary.externalLocations)].sort().map((location) => {
    const target = path.resolve(folder, location);
    // A missing file is onnxruntime's to report when it loads the model.
    let digest = 'missing';
    try {
      digest = sha256Of(fs.readFileSync(target));
    } catch {
      // left as 'missing'
    }
    return { location, sha256: digest };
  });
  const sha256 = sha256Of(bytes);
  const identity = externalData.length === 0 ? sha256 : sha256Of([sha256, ...externalData.map((e) => `${e.location}\0${e.sha256}`)].join('\n'));
  const graph = readOnnxGraph(bytes);
  return { path: file, sha256, identity, externalData, summary, affine: inputAffine(graph), graph };
}

/** Opens and checks a model. The caller owns the result and should close() it. */
export async function loadModel(file: string, options: SignatureOptions, inspected = inspectModelFile(file)): Promise<LoadedModel> {
  const { sha256, summary } = inspected;
  let native: NativeModel;
  try {
    native = await nativeRuntime().openModel(path.resolve(file));
  } catch (error) {
    if (error instanceof OnepixelError) throw error;
    throw mapOpenError(file, error);
  }
  try {
    const { inputs, outputs } = native.info();
    const input = describeInput(file, inputs, options);
    const output = outputs[0];
    if (!output?.isTensor || output.elementType !== FLOAT) {
      throw new OnepixelError('BAD_OUTPUT', `${file}: the first output must be a float32 tensor of class scores`);
    }
    // Costed at the batch the model runs at (a fixed batch can be written into its reshapes), per image.
    const batch = input.fixedBatch ?? 1;
    const shape = input.layout === 'NHWC' ? [batch, input.height, input.width, input.channels] : [batch, input.channels, input.height, input.width];
    const cost = passCost(inspected.graph, input.name, shape);
    return { path: file, sha256, summary, input, outputName: output.name, native, cost: cost && { ...cost, macs: cost.macs / batch, elements: cost.elements / batch } };
  } catch (error) {
    native.close();
    throw error;
  }
}
