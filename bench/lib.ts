/** The benchmark's helpers: child processes, medians, and comparisons of outputs and signatures. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ContenderResult, ContenderTask } from './contender.js';
import { loadModel } from '../src/engine/model.js';
import { decodeNpy } from '../src/signature/npy.js';
import { resolveOptions } from '../src/engine/options.js';

export const HERE = path.dirname(new URL(import.meta.url).pathname);
export const ROOT = path.join(HERE, '..');
export const PYTHON = process.env.ONEPIXEL_BENCH_PYTHON ?? '/usr/bin/python3';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function lastJsonLine(stdout: string, what: string, stderr: string): unknown {
  const line = stdout.trim().split('\n').at(-1);
  try {
    return JSON.parse(line ?? '');
  } catch {
    throw new Error(`${what} printed no result:\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`);
  }
}

/** Runs one Node contender in a child process of its own. */
export function runContender(task: ContenderTask): ContenderResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'contender.ts'), JSON.stringify(task)], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  if (child.status !== 0) throw new Error(`contender ${task.kind} on ${task.model} failed (${child.status}):\n${child.stderr.slice(-4000)}`);
  return lastJsonLine(child.stdout, `contender ${task.kind}`, child.stderr) as ContenderResult;
}

export interface TorchTask {
  model: string;
  levels: number;
  threads: number;
  batch: number;
  block?: number;
  stride?: number;
  maxPasses?: number;
  signatureDir?: string;
  checkOutputs?: string;
  /** OMP_WAIT_POLICY for the child (see bench.ts, the calibration). */
  ompWaitPolicy?: string;
}

export interface TorchResult {
  stack: 'pytorch';
  torch: string;
  passes: number;
  seconds: number;
  passesPerSecond: number;
  peakRssKB: number;
  maxRssKB: number;
  rssAfterLoadKB: number;
  complete: boolean;
  batch: number;
  threads: number;
  block: number;
  stride: number;
  levels: number;
}

/** Runs bench/torch_sweep.py on Debian's Python in a child process of its own. */
export function runTorch(t: TorchTask): TorchResult {
  const args = ['-W', 'ignore', path.join(HERE, 'torch_sweep.py'), t.model, '--levels', String(t.levels), '--threads', String(t.threads), '--batch', String(t.batch)];
  if (t.block) args.push('--block', String(t.block));
  if (t.stride) args.push('--stride', String(t.stride));
  if (t.maxPasses) args.push('--max-passes', String(t.maxPasses));
  if (t.signatureDir) args.push('--signature', t.signatureDir);
  if (t.checkOutputs) args.push('--check-outputs', t.checkOutputs);
  const env = { ...process.env, ...(t.ompWaitPolicy ? { OMP_WAIT_POLICY: t.ompWaitPolicy } : {}) };
  const child = spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`torch_sweep.py on ${t.model} failed (${child.status}):\n${child.stderr.slice(-4000)}`);
  return lastJsonLine(child.stdout, 'torch_sweep.py', child.stderr) as TorchResult;
}

/** The torch version when PYTHON can import torch, onnx and numpy; else why not. */
export function torchAvailable(): { ok: true; version: string } | { ok: false; reason: string } {
  const child = spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy; print(torch.__version__)'], { encoding: 'utf8' });
  if (child.error) return { ok: false, reason: `${PYTHON}: ${child.error.message}` };
  if (child.status !== 0) return { ok: false, reason: `${PYTHON} cannot import torch, onnx and numpy (${child.stderr.trim().split('\n').at(-1)})` };
  return { ok: true, version: child.stdout.trim() };
}

export function run(cmd: string, args: string[]): string {
  const child = spawnSync(cmd, args, { encoding: 'utf8' });
  return child.error ? '' : `${child.stdout}`.trim();
}

/** The model's input and class count, as the engine sees them. */
export async function describeModel(file: string): Promise<{ shape: [number, number, number]; layout: string; classes: number }> {
  const model = await loadModel(file, resolveOptions({}));
  try {
    const { channels: C, height: H, width: W } = model.input;
    const shape = model.input.layout === 'NCHW' ? [1, C, H, W] : [1, H, W, C];
    const out = await model.native.run(model.input.name, model.outputName, new Float32Array(C * H * W), shape);
    return { shape: [C, H, W], layout: model.input.layout, classes: out.shape[1]! };
  } finally {
    model.native.close();
  }
}

export interface OutputCheck {
  inputs: number;
  maxAbsDiff: number;
  /** max |torch − onnxruntime| / max(1, |onnxruntime|) */
  maxScaledDiff: number;
  ok: boolean;
}

/** onnxruntime's outputs on the inputs torch_sweep.py --check-outputs wrote, against torch's. */
export async function checkOutputs(file: string, dir: string, tolerance = 1e-4): Promise<OutputCheck> {
  const inputs = decodeNpy(fs.readFileSync(path.join(dir, 'inputs.npy')));
  const theirs = decodeNpy(fs.readFileSync(path.join(dir, 'outputs.npy')));
  const model = await loadModel(file, resolveOptions({}));
  try {
    const ours = await model.native.run(model.input.name, model.outputName, inputs.data, inputs.shape);
    let maxAbsDiff = 0;
    let maxScaledDiff = 0;
    for (let i = 0; i < ours.data.length; i++) {
      const d = Math.abs(ours.data[i]! - theirs.data[i]!);
      maxAbsDiff = Math.max(maxAbsDiff, d);
      maxScaledDiff = Math.max(maxScaledDiff, d / Math.max(1, Math.abs(ours.data[i]!)));
    }
    const sameShape = ours.data.length === theirs.data.length;
    return { inputs: inputs.shape[0]!, maxAbsDiff, maxScaledDiff, ok: sameShape && maxScaledDiff <= tolerance };
  } finally {
    model.native.close();
  }
}

export interface SignatureComparison {
  /** Cells (class × unit) whose reference gain is ≥ 0.01. */
  movingCells: number;
  /** Share of those where S is equal. */
  sAgreement: number;
  maxGainDiff: number;
  ok: boolean;
}

/** S and D of `dir` against the reference `refDir` (both signature.npy and delta.npy). */
export function compareSignatures(refDir: string, dir: string, gainTolerance = 1e-4, agreement = 0.99): SignatureComparison {
  const read = (d: string, f: string): Float32Array => decodeNpy(fs.readFileSync(path.join(d, f))).data;
  const [s0, d0, s1, d1] = [read(refDir, 'signature.npy'), read(refDir, 'delta.npy'), read(dir, 'signature.npy'), read(dir, 'delta.npy')];
  if (s0.length !== s1.length) throw new Error(`signatures of different sizes: ${refDir} ${dir}`);
  let moving = 0;
  let agree = 0;
  let maxGainDiff = 0;
  for (let i = 0; i < s0.length; i++) {
    maxGainDiff = Math.max(maxGainDiff, Math.abs(d0[i]! - d1[i]!));
    if (d0[i]! >= 0.01) {
      moving++;
      if (s0[i] === s1[i]) agree++;
    }
  }
  const sAgreement = moving === 0 ? 1 : agree / moving;
  return { movingCells: moving, sAgreement, maxGainDiff, ok: sAgreement >= agreement && maxGainDiff <= gainTolerance };
}
