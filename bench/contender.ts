/**
 * One contender of the benchmark, in a process of its own so that its peak memory is its own.
 * bench/bench.ts starts it as `node --import tsx bench/contender.ts '<json task>'`; it prints
 * one JSON line: passes, seconds (the work alone: the model is loaded before the clock
 * starts), the peak resident memory of this process (VmHWM, see peakRssKB(); KB) and
 * its resident memory once the model was loaded.
 *
 * Kinds:
 * - ceiling-native: onnxruntime alone through the addon: `threads` concurrent single-threaded
 *   runs of one prebuilt batch, over and over (after one warm-up batch per thread).
 * - ceiling-node: onnxruntime alone through onnxruntime-node: one session, `threads` intra-op
 *   threads, one prebuilt tensor run over and over (after one warm-up run).
 * - engine: onepixel's signature (sweepModel) with the task's options.
 * - js: the plain onnxruntime-node sweep (bench/js-sweep.ts).
 * - recipe: the scan's default recipe (runRecipe), every step, as `onepixel scan` runs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runRecipe } from '../src/recipe/recipe.js';
import { loadModel } from '../src/engine/model.js';
import type { NativeSweepSpec } from '../src/engine/native.js';
import { encodeNpy } from '../src/signature/npy.js';
import { resolveOptions, type SignatureOptions } from '../src/engine/options.js';
import { sweepModel } from '../src/signature/signature.js';

export interface ContenderTask {
  kind: 'ceiling-native' | 'ceiling-node' | 'engine' | 'js' | 'recipe';
  model: string;
  threads: number;
  batch: number;
  levels: number;
  /** [C,H,W] of the model's NCHW input (the JS contenders take it from here). */
  shape: [number, number, number];
  /** ceiling-*: images to run (rounded up to whole batches per thread). */
  passes?: number;
  options?: Partial<SignatureOptions>;
  /** engine: write signature.npy and delta.npy here. */
  signatureDir?: string;
}

export interface ContenderResult {
  kind: ContenderTask['kind'];
  passes: number;
  seconds: number;
  passesPerSecond: number;
  /** Peak resident set of this process (VmHWM), KB. */
  peakRssKB: number;
  /** process.resourceUsage().maxRSS, KB (inherits the parent's on Linux; see peakRssKB()). */
  maxRssKB: number;
  rssAfterLoadKB: number;
  /** engine: what the signature says about itself. */
  info?: {
    block: number;
    stride: number;
    levels: number;
    search: string;
    fullCells: number;
    shape: number[];
    estimate?: { cells: number; passes: number; passesPerSecond: number; seconds: number; budgetStride?: number };
  };
}

const rssKB = (): number => Math.round(process.memoryUsage().rss / 1024);

/**
 * This process's peak resident set in KB: VmHWM from /proc/self/status where there is one.
 * getrusage's maxRSS is kept across fork and exec on Linux, so a child of the (larger)
 * benchmark process would report at least its parent's size; VmHWM belongs to this process's
 * own address space. Elsewhere, process.resourceUsage().maxRSS.
 */
export function peakRssKB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no procfs
  }
  return process.resourceUsage().maxRSS;
}

async function run(task: ContenderTask): Promise<Omit<ContenderResult, 'kind' | 'peakRssKB' | 'maxRssKB' | 'passesPerSecond'>> {
  const options = resolveOptions({ levels: task.levels, threads: task.threads, batch: task.batch, ...task.options });
  if (task.kind === 'ceiling-node' || task.kind === 'js') {
    // Imported here only: the engine's processes never load onnxruntime-node's binding.
    const ort = await import('onnxruntime-node');
    const { jsSweep } = await import('./js-sweep.js');
    const session = await ort.InferenceSession.create(task.model, {
      intraOpNumThreads: task.threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    });
    const inputName = session.inputNames[0]!;
    const [C, H, W] = task.shape;
    const rssAfterLoadKB = rssKB();
    if (task.kind === 'js') {
      const started = performance.now();
      const { passes } = await jsSweep(session, { channels: C, height: H, width: W, levels: task.levels, batch: task.batch });
      return { passes, seconds: (performance.now() - started) / 1000, rssAfterLoadKB };
    }
    const tensor = new ort.Tensor('float32', new Float32Array(task.batch * C * H * W).fill(0.5), [task.batch, C, H, W]);
    await session.run({ [inputName]: tensor });
    const runs = Math.max(1, Math.ceil((task.passes ?? task.batch) / task.batch));
    const started = performance.now();
    for (let i = 0; i < runs; i++) await session.run({ [inputName]: tensor });
    return { passes: runs * task.batch, seconds: (performance.now() - started) / 1000, rssAfterLoadKB };
  }

  const model = await loadModel(task.model, options);
  const rssAfterLoadKB = rssKB();
  try {
    if (task.kind === 'ceiling-native') {
      const { channels: C, height: H, width: W } = model.input;
      const shape = model.input.layout === 'NCHW' ? [task.batch, C, H, W] : [task.batch, H, W, C];
      const out = await model.native.run(model.input.name, model.outputName, new Float32Array(task.batch * C * H * W), shape);
      const spec: NativeSweepSpec = {
        inputName: model.input.name, outputName: model.outputName, batch: task.batch, threads: task.threads,
        channels: C, height: H, width: W, nhwc: model.input.layout === 'NHWC', base: new Float32Array(C * H * W).fill(0.5),
        levels: new Float32Array(C), levelCount: 1, channelMode: false, block: 1, stride: 1, softmax: true, classes: out.shape[1]!,
      };
      await model.native.runRepeated(spec, null, 1).promise;
      const perThread = Math.max(1, Math.ceil((task.passes ?? task.batch) / (task.batch * task.threads)));
      const started = performance.now();
      const { passes } = await model.native.runRepeated(spec, null, perThread).promise;
      return { passes, seconds: (performance.now() - started) / 1000, rssAfterLoadKB };
    }
    if (task.kind === 'recipe') {
      const run = await runRecipe(model, options);
      return { passes: run.passes, seconds: run.seconds, rssAfterLoadKB };
    }
    const sig = await sweepModel(model, options);
    if (task.signatureDir) {
      fs.mkdirSync(task.signatureDir, { recursive: true });
      fs.writeFileSync(path.join(task.signatureDir, 'signature.npy'), encodeNpy(sig.signature, sig.info.shape));
      fs.writeFileSync(path.join(task.signatureDir, 'delta.npy'), encodeNpy(sig.delta, sig.info.shape));
    }
    const o = sig.info.options;
    return {
      passes: sig.info.passes,
      seconds: sig.info.seconds,
      rssAfterLoadKB,
      info: {
        block: o.block, stride: o.stride, levels: o.levels, search: o.search, fullCells: sig.info.fullCells, shape: sig.info.shape,
        ...(sig.info.estimate ? { estimate: sig.info.estimate } : {}),
      },
    };
  } finally {
    model.native.close();
  }
}

const task = JSON.parse(process.argv[2]!) as ContenderTask;
const result = await run(task);
const out: ContenderResult = {
  kind: task.kind,
  ...result,
  passesPerSecond: result.passes / result.seconds,
  peakRssKB: peakRssKB(),
  maxRssKB: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
