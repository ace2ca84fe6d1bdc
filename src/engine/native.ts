/** Loads the native addon and points it at the onnxruntime library onnxruntime-node ships. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OnepixelError } from './errors.js';

export interface NativeValueInfo {
  name: string;
  isTensor: boolean;
  elementType: number;
  shape: number[];
  dimNames: string[];
}

export interface NativeSweepSpec {
  inputName: string;
  outputName: string;
  batch: number;
  threads: number;
  channels: number;
  height: number;
  width: number;
  nhwc: boolean;
  base: Float32Array;
  levels: Float32Array;
  levelCount: number;
  channelMode: boolean;
  block: number;
  stride: number;
  softmax: boolean;
  /** Record log-probability instead of probability. */
  logScore?: boolean;
  classes: number;
  /** Distance between the levels of the adaptive search's first grid; 1 is exhaustive. */
  coarseStep?: number;
}

export interface NativeJob<T> {
  promise: Promise<T>;
  cancel(): void;
}

export interface NativeSweepResult {
  passes: number;
  bestLevel: Int32Array;
  bestProb: Float32Array;
  baseProb: Float32Array;
  fullCells: number;
  /** cpu; cuda: the fused GPU sweep; cuda-host: levels planned on the host, the model on the GPU. */
  engine?: 'cpu' | 'cuda' | 'cuda-host';
}

export interface NativeModel {
  info(): { inputs: NativeValueInfo[]; outputs: NativeValueInfo[] };
  run(inputName: string, outputName: string, data: Float32Array, shape: number[]): Promise<{ data: Float32Array; shape: number[] }>;
  sweep(spec: NativeSweepSpec, onProgress?: (done: number, total: number) => void): NativeJob<NativeSweepResult>;
  runRepeated(
    spec: NativeSweepSpec,
    onProgress: ((done: number, total: number) => void) | null,
    batchesPerThread: number,
  ): NativeJob<{ passes: number }>;
  close(): void;
}

export interface NativeRuntime {
  readonly version: string;
  readonly apiVersion: number;
  /** Where its models run; the CUDA runtime of src/engine/device.ts says cuda, the default says nothing. */
  readonly device?: 'cpu' | 'cuda';
  openModel(path: string, options?: { device?: 'cpu' | 'cuda'; deviceId?: number }): Promise<NativeModel>;
}

interface Addon {
  Runtime: new (libraryPath: string) => NativeRuntime;
  hardwareThreads: number;
}

/** The folder holding package.json, from the source tree and from the bundles in dist/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'native'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new OnepixelError('NATIVE_UNAVAILABLE', 'cannot find the onepixel package folder');
    dir = parent;
  }
}

const isOrtLibrary = (n: string): boolean => /^libonnxruntime\.so\.\d+$/.test(n) || /^libonnxruntime\.\d+.*\.dylib$/.test(n) || n === 'onnxruntime.dll';

function findOrtLibrary(dir: string): string | undefined {
  const name = fs.existsSync(dir) ? fs.readdirSync(dir).find(isOrtLibrary) : undefined;
  return name ? path.join(dir, name) : undefined;
}

/** The prebuilt addon and library that dist/ carries for runners with no install step. */
export function packagedNativeDir(root = packageRoot()): string {
  return path.join(root, 'dist', 'native', `${process.platform}-${process.arch}`);
}

/**
 * The libonnxruntime to load: ONEPIXEL_ORT_LIBRARY, else onnxruntime-node's when it is
 * installed, else the copy in dist/native.
 */
export function onnxruntimeLibraryPath(root = packageRoot()): string {
  const override = process.env.ONEPIXEL_ORT_LIBRARY;
  if (override) return override;
  const require = createRequire(path.join(root, 'package.json'));
  let installed: string | undefined;
  try {
    const pkg = path.dirname(require.resolve('onnxruntime-node/package.json'));
    installed = findOrtLibrary(path.join(pkg, 'bin', 'napi-v6', process.platform, process.arch));
  } catch {
    installed = undefined;
  }
  const lib = installed ?? findOrtLibrary(packagedNativeDir(root));
  if (!lib) {
    throw new OnepixelError('NATIVE_UNAVAILABLE', `no onnxruntime library for ${process.platform}-${process.arch} (run npm run setup)`);
  }
  return lib;
}

/** The addon: ONEPIXEL_ADDON, else a local build, else the copy in dist/native. */
export function addonPath(root = packageRoot()): string {
  if (process.env.ONEPIXEL_ADDON) return process.env.ONEPIXEL_ADDON;
  const built = path.join(root, 'build', 'Release', 'onepixel.node');
  if (fs.existsSync(built)) return built;
  const packaged = path.join(packagedNativeDir(root), 'onepixel.node');
  if (fs.existsSync(packaged)) return packaged;
  throw new OnepixelError('NATIVE_UNAVAILABLE', `the native addon is not built for ${process.platform}-${process.arch}; run npm run setup`);
}

let runtime: NativeRuntime | undefined;

/** Replaces the process's runtime (src/engine/device.ts installs the CUDA one); undefined restores the default. */
export function setNativeRuntime(next: NativeRuntime | undefined): void {
  runtime = next;
}

/** The process's one onnxruntime, loaded on first use. */
export function nativeRuntime(): NativeRuntime {
  if (runtime) return runtime;
  const root = packageRoot();
  const require = createRequire(import.meta.url);
  let addon: Addon;
  try {
    addon = require(addonPath(root)) as Addon;
  } catch (error) {
    if (error instanceof OnepixelError) throw error;
    throw new OnepixelError('NATIVE_UNAVAILABLE', `cannot load the native addon: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    runtime = new addon.Runtime(onnxruntimeLibraryPath(root));
  } catch (error) {
    if (error instanceof OnepixelError) throw error;
    throw new OnepixelError('NATIVE_UNAVAILABLE', (error as Error).message);
  }
  return runtime;
}

/** Errors thrown by the addon carry a string `code`. */
export function nativeCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
