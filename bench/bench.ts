/**
 * npm run bench: in one run, on the same model and settings, the onnxruntime ceiling (a
 * prebuilt batch run over and over), the fused native sweep, and the plain JS sweep. Each is
 * measured several times, interleaved, and the median is reported, because the machine is
 * shared and noisy. Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench [-- --models FILE:LEVELS,... --threads T --batch B --repeats R --batches 1,8,32]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { loadModel } from '../src/model.js';
import { nativeRuntime, type NativeSweepSpec } from '../src/native.js';
import { DEFAULT_BATCH, resolveOptions } from '../src/options.js';
import { sweepModel } from '../src/signature.js';
import { jsSweep } from './js-sweep.js';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'test/fixtures/models/gray-nchw-logits.onnx:256,bench/models/lenet-28.onnx:64,bench/models/vgg-32.onnx:8' },
    threads: { type: 'string', default: String(os.availableParallelism()) },
    batch: { type: 'string', default: String(DEFAULT_BATCH) },
    batches: { type: 'string', default: '1,8,16,32,64,128' },
    repeats: { type: 'string', default: '3' },
    out: { type: 'string', default: path.join(HERE, 'results', 'latest.json') },
  },
});
const ROOT = path.join(HERE, '..');
const threads = Number(values.threads);
const batch = Number(values.batch);
const repeats = Number(values.repeats);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (fn: () => Promise<number>): Promise<number> => {
  const t = performance.now();
  const passes = await fn();
  return passes / ((performance.now() - t) / 1000);
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(10);
const CEILINGS = ['ceiling (native, concurrent runs)', 'ceiling (onnxruntime-node, intra-op threads)'];
const FUSED = 'fused sweep (onepixel)';
const PLAIN = 'plain JS sweep (onnxruntime-node)';

async function benchModel(file: string, levels: number, batchSizes: number[]) {
  const options = resolveOptions({ levels, threads, batch });
  const model = await loadModel(file, options);
  const { channels: C, height: H, width: W } = model.input;
  const sweptPasses = H * W * options.levels;
  const classes = (await sweepModel(model, { ...options, levels: 2 })).info.classes;
  const spec = (b: number): NativeSweepSpec => ({
    inputName: model.input.name, outputName: model.outputName, batch: b, threads, channels: C, height: H, width: W,
    nhwc: model.input.layout === 'NHWC', base: new Float32Array(C * H * W), levels: new Float32Array(options.levels * C),
    levelCount: options.levels, channelMode: false, block: 1, stride: 1, softmax: true, classes,
  });
  const jsSession = await ort.InferenceSession.create(file, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const prebuilt = new ort.Tensor('float32', new Float32Array(batch * C * H * W).fill(0.5), [batch, C, H, W]);
  const runs = Math.max(1, Math.round(sweptPasses / batch));
  const contenders: Record<string, () => Promise<number>> = {
    // onnxruntime alone, no sweep: `threads` concurrent single-threaded runs of a prebuilt batch.
    [CEILINGS[0]!]: () => time(async () => (await model.native.runRepeated(spec(batch), null, Math.ceil(runs / threads)).promise).passes),
    // onnxruntime alone through onnxruntime-node: one session, `threads` intra-op threads.
    [CEILINGS[1]!]: () =>
      time(async () => {
        for (let i = 0; i < runs; i++) await jsSession.run({ [jsSession.inputNames[0]!]: prebuilt });
        return runs * batch;
      }),
    [FUSED]: () => time(async () => (await sweepModel(model, options)).info.passes),
    [PLAIN]: () => time(async () => (await jsSweep(jsSession, { channels: C, height: H, width: W, levels: options.levels, batch })).passes),
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < repeats; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      samples[name]!.push(await fn());
      process.stderr.write(`  ${path.basename(file)} round ${r + 1}/${repeats}: ${name} ${fmt(samples[name]!.at(-1)!).trim()}/s\n`);
    }
  }
  const rate = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const ceiling = Math.max(...CEILINGS.map((k) => rate[k]!));
  // The batch size the engine defaults to: the sweep's throughput at each size, same run.
  const byBatch: Record<string, number> = {};
  for (const b of batchSizes) {
    const xs: number[] = [];
    for (let r = 0; r < repeats; r++) xs.push(await time(async () => (await sweepModel(model, { ...options, batch: b })).info.passes));
    byBatch[b] = median(xs);
    process.stderr.write(`  ${path.basename(file)} batch ${b}: ${fmt(byBatch[b]!).trim()}/s\n`);
  }
  model.native.close();
  await jsSession.release();
  return {
    model: path.relative(ROOT, file), input: model.input.declaredShape, classes, levels, sweptPasses,
    passesPerSecond: rate, samples, ceiling, ratioToCeiling: rate[FUSED]! / ceiling, speedupOverJs: rate[FUSED]! / rate[PLAIN]!, byBatch,
  };
}

const results = [];
const entries = values.models!.split(',').map((entry) => {
  const [file, levels] = entry.split(':');
  return { file: path.resolve(ROOT, file!), levels: Number(levels ?? 64) };
});
for (const [i, e] of entries.entries()) {
  // The batch-size scan runs on the middle model only: it is the slowest part of the run.
  const scan = i === Math.min(1, entries.length - 1) ? values.batches!.split(',').map(Number) : [];
  results.push(await benchModel(e.file, e.levels, scan));
}

const lines = [`threads ${threads}, batch ${batch}, median of ${repeats} interleaved rounds; passes/s (ratio to the better ceiling)`, ''];
lines.push(`${'model'.padEnd(34)}${[...CEILINGS.map((c) => c.replace('ceiling ', 'ceil ')), FUSED, PLAIN].map((c) => c.slice(0, 22).padStart(24)).join('')}  fused/JS`);
for (const r of results) {
  const cell = (k: string): string => `${fmt(r.passesPerSecond[k]!)} (${(r.passesPerSecond[k]! / r.ceiling).toFixed(2)})`.padStart(24);
  lines.push(`${`${path.basename(r.model)} L=${r.levels}`.padEnd(34)}${[...CEILINGS, FUSED, PLAIN].map(cell).join('')}  ${r.speedupOverJs.toFixed(2)}x`);
}
for (const r of results.filter((x) => Object.keys(x.byBatch).length > 0)) {
  lines.push('', `fused sweep by batch size, ${path.basename(r.model)}: ${Object.entries(r.byBatch).map(([b, v]) => `${b}: ${fmt(v).trim()}/s`).join(', ')}`);
}
console.log(lines.join('\n'));

fs.mkdirSync(path.dirname(values.out!), { recursive: true });
fs.writeFileSync(values.out!, `${JSON.stringify({
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, onnxruntime: nativeRuntime().version },
  threads, batch, repeats, results,
}, null, 2)}\n`);
