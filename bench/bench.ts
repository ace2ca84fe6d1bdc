/**
 * npm run bench: the project's performance record. In one run, on the same models and
 * settings: the onnxruntime ceiling, the engine (exhaustive and adaptive), the plain
 * onnxruntime-node JS sweep and the same signature computed with PyTorch (bench/torch_sweep.py
 * on Debian's /usr/bin/python3, same thread count and batch). Every contender runs in a process
 * of its own (so its peak memory is its own), in interleaved rounds, and medians are reported,
 * because the machine is shared and noisy. Writes bench/results/latest.json and
 * docs/PERFORMANCE.md (bench/report.ts renders it).
 *
 *   npm run bench [-- --quick] [--threads T] [--batch B] [--repeats R] [--budget S] [--no-big] [--batches 1,8,32]
 *
 * --quick is a smoke test (fewer levels, one round, a 20 s budget): it writes
 * bench/results/quick.json and bench/results/quick.md and leaves the record alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ADAPTIVE_PASSES_PER_CELL, cellCount } from '../src/signature/budget.js';
import { nativeRuntime } from '../src/engine/native.js';
import { DEFAULT_BATCH } from '../src/engine/options.js';
import type { ContenderResult, ContenderTask } from './contender.js';
import {
  checkOutputs, compareSignatures, describeModel, HERE, log, median, PYTHON, ROOT, run, runContender, runTorch,
  type OutputCheck, type SignatureComparison, type TorchResult, torchAvailable,
} from './lib.js';
import { CONTENDERS, type ContenderName, renderReport, type Sample, storedSections, type Summary } from './report.js';
import { benchScanLimits } from './scan-limits.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    threads: { type: 'string', default: String(os.availableParallelism()) },
    batch: { type: 'string', default: String(DEFAULT_BATCH) },
    repeats: { type: 'string' },
    budget: { type: 'string' },
    'no-big': { type: 'boolean', default: false },
    batches: { type: 'string' },
    out: { type: 'string' },
    doc: { type: 'string' },
  },
});
const quick = values.quick!;
const threads = Number(values.threads);
const batch = Number(values.batch);
const repeats = Number(values.repeats ?? (quick ? 1 : 3));
const budget = Number(values.budget ?? (quick ? 20 : 60));
const outJson = values.out ?? path.join(HERE, 'results', quick ? 'quick.json' : 'latest.json');
const outDoc = values.doc ?? (quick ? path.join(HERE, 'results', 'quick.md') : path.join(ROOT, 'docs', 'PERFORMANCE.md'));
const started = performance.now();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onepixel-bench-'));

/** The benchmark's models: levels for the side-by-side table (every contender, same levels). */
const MODELS = [
  { id: 'lenet-28', file: 'bench/models/lenet-28.onnx', label: 'LeNet-style 1×28×28', levels: quick ? 32 : 256 },
  { id: 'vgg-32', file: 'bench/models/vgg-32.onnx', label: 'VGG-style 3×32×32', levels: quick ? 8 : 32 },
  { id: 'resnet-32', file: 'bench/models/resnet-32.onnx', label: 'ResNet-style (ResNet-14) 3×32×32', levels: quick ? 4 : 16 },
];
const BIG = { id: 'resnet18-224', file: 'bench/models/resnet18-224.onnx', label: 'ResNet-18 (torchvision) 3×224×224' };
/** A trained, backdoored third-party model, when ../shared/realmodels exists (never copied here). */
const REAL = {
  id: 'verazuo-badnet-mnist', file: path.join(ROOT, '..', 'shared', 'realmodels', 'verazuo-badnet-mnist.onnx'),
  label: 'BadNets MNIST CNN (trained, backdoored; third-party)', inputRange: [-1, 1] as [number, number],
};
const ADAPTIVE_LEVELS = 256;
const MEMORY_LEVELS = [256, 4096];

// --- the machine and its load -------------------------------------------------------------
const loadSamples: { at: string; loadavg: number[] }[] = [];
const sampleLoad = (at: string): void => {
  loadSamples.push({ at, loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100) });
};
const busiest = (): string[] =>
  run('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers']).split('\n').slice(0, 5).map((l) => l.trim()).filter(Boolean);
sampleLoad('start');
const uptimeStart = run('uptime', []);
const busiestStart = busiest();
const torch = torchAvailable();
log(`onepixel bench${quick ? ' --quick' : ''}: threads ${threads}, batch ${batch}, ${repeats} round(s); ${uptimeStart}`);
if (!torch.ok) log(`PyTorch rows skipped: ${torch.reason}`);

// --- models -------------------------------------------------------------------------------
let bigSkipped: string | undefined = values['no-big'] ? 'skipped (--no-big)' : undefined;
if (!bigSkipped && !fs.existsSync(path.join(ROOT, BIG.file))) {
  if (!torch.ok) {
    bigSkipped = `skipped: ${BIG.file} is missing and ${torch.reason}, so bench/models/make.py cannot make it`;
  } else {
    log(`making ${BIG.file} (bench/models/make.py) ...`);
    const made = run(PYTHON, [path.join(HERE, 'models', 'make.py'), 'resnet18-224']);
    if (!fs.existsSync(path.join(ROOT, BIG.file))) bigSkipped = `skipped: bench/models/make.py did not make it (${made})`;
  }
}
if (bigSkipped) log(`${BIG.label}: ${bigSkipped}`);
const realPresent = fs.existsSync(REAL.file);

const described: Record<string, { shape: [number, number, number]; classes: number }> = {};
for (const m of [...MODELS, ...(bigSkipped ? [] : [BIG]), ...(realPresent ? [REAL] : [])]) described[m.id] = await describeModel(path.resolve(ROOT, m.file));

const task = (kind: ContenderTask['kind'], m: { id: string; file: string }, levels: number, extra: Partial<ContenderTask> = {}): ContenderTask => ({
  kind, model: path.resolve(ROOT, m.file), threads, batch, levels, shape: described[m.id]?.shape ?? [1, 1, 1], ...extra,
});

// --- PyTorch: its OpenMP wait policy, and its outputs against onnxruntime's -------------------
/** Samples of a short PyTorch sweep under each OpenMP wait policy; the faster one is used. */
let ompWaitPolicy: string | undefined;
const ompCalibration: Record<string, number[]> = { active: [], passive: [] };
const outputChecks: Record<string, OutputCheck> = {};
if (torch.ok) {
  const m = MODELS[1]!;
  for (let r = 0; r < 2; r++) {
    for (const policy of Object.keys(ompCalibration)) {
      const t = runTorch({ model: m.file, levels: 256, threads, batch, maxPasses: quick ? 300 : 1000, ompWaitPolicy: policy });
      ompCalibration[policy]!.push(t.passesPerSecond);
    }
  }
  ompWaitPolicy = median(ompCalibration.passive!) >= median(ompCalibration.active!) ? 'passive' : 'active';
  log(`PyTorch OMP_WAIT_POLICY: active ${Math.round(median(ompCalibration.active!))}/s, passive ${Math.round(median(ompCalibration.passive!))}/s -> ${ompWaitPolicy}`);
  for (const m of [...MODELS, ...(bigSkipped ? [] : [BIG])]) {
    const dir = path.join(tmp, 'check', m.id);
    runTorch({ model: m.file, levels: 2, threads, batch: 1, maxPasses: 1, checkOutputs: dir, ompWaitPolicy });
    outputChecks[m.id] = await checkOutputs(path.join(ROOT, m.file), dir);
    log(`${m.id}: PyTorch executor against onnxruntime: max |diff| ${outputChecks[m.id]!.maxAbsDiff.toExponential(2)}`);
  }
}

// --- throughput: every contender, same model and levels, interleaved rounds ------------------

const sample = (r: ContenderResult | TorchResult): Sample => ({
  passes: r.passes, seconds: r.seconds, passesPerSecond: r.passesPerSecond, peakRssKB: r.peakRssKB, maxRssKB: r.maxRssKB, rssAfterLoadKB: r.rssAfterLoadKB,
});
const summarize = (samples: Sample[]): Summary => ({
  rounds: samples.length,
  passes: median(samples.map((s) => s.passes)),
  seconds: median(samples.map((s) => s.seconds)),
  passesPerSecond: median(samples.map((s) => s.passesPerSecond)),
  peakRssMB: Math.max(...samples.map((s) => s.peakRssKB)) / 1024,
  rssAfterLoadMB: median(samples.map((s) => s.rssAfterLoadKB)) / 1024,
  samples,
});

const throughput = [];
for (const m of MODELS) {
  const [C, H, W] = described[m.id]!.shape;
  const sweptPasses = cellCount(H, W, 1, 1, 1) * m.levels;
  // The ceilings are rates: half the sweep's images measure them well enough, in half the time.
  const ceilingPasses = Math.ceil(sweptPasses / 2);
  const sigDir = (who: string): string => path.join(tmp, 'sig', m.id, who);
  const runners: Record<ContenderName, ((first: boolean) => Sample) | undefined> = {
    'ceiling, native': () => sample(runContender(task('ceiling-native', m, m.levels, { passes: ceilingPasses }))),
    'ceiling, onnxruntime-node': () => sample(runContender(task('ceiling-node', m, m.levels, { passes: ceilingPasses }))),
    'engine, exhaustive': (first) =>
      sample(runContender(task('engine', m, m.levels, { options: { search: 'exhaustive' }, ...(first ? { signatureDir: sigDir('engine') } : {}) }))),
    'engine, adaptive': () => sample(runContender(task('engine', m, m.levels, { options: { search: 'adaptive' } }))),
    'plain JS sweep': () => sample(runContender(task('js', m, m.levels))),
    'PyTorch sweep': torch.ok
      ? (first) => sample(runTorch({ model: m.file, levels: m.levels, threads, batch, ompWaitPolicy, ...(first ? { signatureDir: sigDir('torch') } : {}) }))
      : undefined,
  };
  const names = CONTENDERS.filter((n) => runners[n]);
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < repeats; r++) {
    // Each round starts with a different contender, so none always runs first or last.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      const s = runners[name]!(r === 0);
      samples[name]!.push(s);
      log(`${m.id} L=${m.levels} round ${r + 1}/${repeats}: ${name} ${Math.round(s.passesPerSecond)}/s, ${s.seconds.toFixed(2)} s, ${Math.round(s.peakRssKB / 1024)} MB`);
    }
  }
  sampleLoad(`after ${m.id}`);
  const summaries = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])) as Partial<Record<ContenderName, Summary>>;
  const ceiling = Math.max(summaries['ceiling, native']!.passesPerSecond, summaries['ceiling, onnxruntime-node']!.passesPerSecond);
  // The same ratio within each round (measured minutes apart at most), against slow drifts of the load.
  const ratioRounds = samples['engine, exhaustive']!.map((e, r) =>
    e.passesPerSecond / Math.max(samples['ceiling, native']![r]!.passesPerSecond, samples['ceiling, onnxruntime-node']![r]!.passesPerSecond));
  const torchRounds = samples['PyTorch sweep']?.map((t, r) => t.seconds / samples['engine, exhaustive']![r]!.seconds);
  let torchSignature: SignatureComparison | undefined;
  if (torch.ok) torchSignature = compareSignatures(sigDir('engine'), sigDir('torch'));
  throughput.push({
    model: m.id, label: m.label, file: m.file, input: [C, H, W], classes: described[m.id]!.classes, levels: m.levels, sweptPasses,
    contenders: summaries, ceiling,
    ratioToCeiling: summaries['engine, exhaustive']!.passesPerSecond / ceiling, ratioRounds, torchRounds,
    speedupOverTorch: summaries['PyTorch sweep'] ? summaries['PyTorch sweep'].seconds / summaries['engine, exhaustive']!.seconds : undefined,
    speedupOverJs: summaries['plain JS sweep']!.seconds / summaries['engine, exhaustive']!.seconds,
    torchSignature,
  });
}

// --- adaptive against exhaustive at the default 256 levels, and the default scan -------------
const adaptiveModels = [
  ...(quick ? MODELS.slice(0, 1) : MODELS).map((m) => ({ ...m, inputRange: undefined as [number, number] | undefined })),
  ...(realPresent ? [REAL] : []),
];
/** The exhaustive reference may take this long; past it, it runs on a subset of the pixels. */
const COMPARE_SECONDS = quick ? 1 : 40;
const adaptive = [];
const memory: { model: string; contender: string; levels: number; search: string; block: number; stride: number; passes: number; seconds: number; peakRssMB: number; rssAfterLoadMB: number }[] = [];
for (const m of adaptiveModels) {
  const dir = (who: string): string => path.join(tmp, 'adaptive', m.id, who);
  const options = (search: 'exhaustive' | 'adaptive', stride = 1): Partial<ContenderTask> => ({
    options: { search, ...(stride > 1 ? { stride } : {}), ...(m.inputRange ? { inputRange: m.inputRange } : {}) },
  });
  // The exhaustive reference on every pixel, or, when that would take over COMPARE_SECONDS at
  // the throughput section 1 measured, on every s-th row and column (one-pixel cells all the same).
  const rate = throughput.find((t) => t.model === m.id)?.contenders['engine, exhaustive']?.passesPerSecond;
  const [, H, W] = described[m.id]!.shape;
  let stride = 1;
  while (rate && (cellCount(H, W, 1, stride, 1) * ADAPTIVE_LEVELS) / rate > COMPARE_SECONDS) stride++;
  const ex = runContender(task('engine', m, ADAPTIVE_LEVELS, { ...options('exhaustive', stride), signatureDir: dir('exhaustive') }));
  log(`${m.id} L=${ADAPTIVE_LEVELS}${stride > 1 ? ` stride ${stride}` : ''}: exhaustive ${ex.passes} passes, ${ex.seconds.toFixed(2)} s`);
  const ad: Sample[] = [];
  for (let r = 0; r < repeats; r++) {
    const s = runContender(task('engine', m, ADAPTIVE_LEVELS, { ...options('adaptive'), ...(r === 0 && stride === 1 ? { signatureDir: dir('adaptive') } : {}) }));
    ad.push(sample(s));
    log(`${m.id} L=${ADAPTIVE_LEVELS}: adaptive ${s.passes} passes, ${s.seconds.toFixed(2)} s`);
  }
  const adSummary = summarize(ad);
  // On a subset, the adaptive search runs on the same subset for the comparison.
  const adSubset = stride > 1 ? runContender(task('engine', m, ADAPTIVE_LEVELS, { ...options('adaptive', stride), signatureDir: dir('adaptive') })) : undefined;
  const isBench = MODELS.some((b) => b.id === m.id);
  let scan: Summary | undefined;
  if (isBench) {
    // One round: the recipe is long on the ResNet, and its passes do not change.
    scan = summarize([sample(runContender(task('recipe', m, ADAPTIVE_LEVELS)))]);
    log(`${m.id}: default scan (recipe) ${scan.passes} passes, ${scan.seconds.toFixed(2)} s`);
  }
  const cmp = compareSignatures(dir('exhaustive'), dir('adaptive'));
  const compared = { passes: adSubset?.passes ?? adSummary.passes, seconds: adSubset?.seconds ?? adSummary.seconds };
  adaptive.push({
    model: m.id, label: m.label, levels: ADAPTIVE_LEVELS, thirdParty: !isBench,
    stride, cells: cellCount(H, W, 1, stride, 1), fullCells: cellCount(H, W, 1, 1, 1),
    exhaustive: { passes: ex.passes, seconds: ex.seconds, passesPerSecond: ex.passesPerSecond, peakRssMB: ex.peakRssKB / 1024 },
    adaptiveCompared: compared,
    adaptive: adSummary,
    passesRatio: ex.passes / compared.passes, speedup: ex.seconds / compared.seconds,
    sAgreement: cmp.sAgreement, movingCells: cmp.movingCells, maxGainError: cmp.maxGainDiff,
    scan,
  });
  if (m.id === 'vgg-32' || m.id === 'resnet-32') {
    memory.push({ model: m.id, contender: 'engine, exhaustive', levels: ADAPTIVE_LEVELS, search: 'exhaustive', block: 1, stride, passes: ex.passes, seconds: ex.seconds, peakRssMB: ex.peakRssKB / 1024, rssAfterLoadMB: ex.rssAfterLoadKB / 1024 });
    memory.push({ model: m.id, contender: 'engine, adaptive', levels: ADAPTIVE_LEVELS, search: 'adaptive', block: 1, stride: 1, passes: adSummary.passes, seconds: adSummary.seconds, peakRssMB: adSummary.peakRssMB, rssAfterLoadMB: adSummary.rssAfterLoadMB });
  }
}
sampleLoad('after adaptive');

// --- memory at many levels --------------------------------------------------------------------
for (const m of MODELS.filter((x) => x.id !== 'lenet-28')) {
  const levels = MEMORY_LEVELS.at(-1)!;
  // Adaptive: every cell. Exhaustive: 16×16 blocks (4 cells), as every level of a cell is in flight at once.
  const runs: [string, Partial<ContenderTask>][] = [
    ['adaptive', { options: { search: 'adaptive' } }],
    ['exhaustive', { options: { search: 'exhaustive', block: 16, stride: 16 } }],
  ];
  for (const [search, extra] of runs) {
    const r = runContender(task('engine', m, levels, extra));
    memory.push({
      model: m.id, contender: `engine, ${search}`, levels, search, block: r.info!.block, stride: r.info!.stride,
      passes: r.passes, seconds: r.seconds, peakRssMB: r.peakRssKB / 1024, rssAfterLoadMB: r.rssAfterLoadKB / 1024,
    });
    log(`${m.id} L=${levels} ${search}: peak ${Math.round(r.peakRssKB / 1024)} MB (${r.passes} passes)`);
  }
}
sampleLoad('after memory');

// --- batch size: the engine's default (DEFAULT_BATCH) ------------------------------------------
const batchScan: { model: string; levels: number; byBatch: Record<string, Summary> } | undefined = (() => {
  const sizes = (values.batches ?? (quick ? '' : '1,8,32,128')).split(',').filter(Boolean).map(Number);
  if (sizes.length === 0) return undefined;
  const m = MODELS[0]!;
  const levels = 64;
  const samples: Record<string, Sample[]> = Object.fromEntries(sizes.map((b) => [String(b), []]));
  const rounds = Math.min(repeats, 2);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < sizes.length; i++) {
      const b = sizes[(i + r) % sizes.length]!;
      samples[String(b)]!.push(sample(runContender({ ...task('engine', m, levels), batch: b })));
    }
  }
  const byBatch = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
  log(`${m.id} L=${levels} by batch: ${Object.entries(byBatch).map(([b, x]) => `${b}: ${Math.round(x.passesPerSecond)}/s`).join(', ')}`);
  return { model: m.id, levels, byBatch };
})();

// --- 224×224: the cost estimate and a budgeted run -------------------------------------------
let big: Record<string, unknown> | undefined;
if (!bigSkipped) {
  const m = BIG;
  const [, H, W] = described[m.id]!.shape;
  // Fixed work every stack can do in seconds: a whole signature on four 112×112 blocks at 32
  // levels (128 swept images), the same for the engine and PyTorch; the ceilings run 128 images.
  const small = { levels: 32, block: Math.floor(H / 2), stride: Math.floor(H / 2) };
  const smallPasses = cellCount(H, W, small.block, small.stride, 1) * small.levels;
  const sigDir = (who: string): string => path.join(tmp, 'sig', m.id, who);
  const runners: Record<string, (first: boolean) => Sample> = {
    'ceiling, native': () => sample(runContender(task('ceiling-native', m, 2, { passes: smallPasses }))),
    'ceiling, onnxruntime-node': () => sample(runContender(task('ceiling-node', m, 2, { passes: smallPasses }))),
    'engine, exhaustive': (first) => sample(runContender(task('engine', m, small.levels, {
      options: { search: 'exhaustive', block: small.block, stride: small.stride }, ...(first ? { signatureDir: sigDir('engine') } : {}),
    }))),
    ...(torch.ok
      ? { 'PyTorch sweep': (first: boolean) => sample(runTorch({ model: m.file, ...small, threads, batch, ompWaitPolicy, ...(first ? { signatureDir: sigDir('torch') } : {}) })) }
      : {}),
  };
  const names = Object.keys(runners);
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
  const rounds = quick ? 1 : 2;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      samples[name]!.push(runners[name]!(r === 0));
      const x = samples[name]!.at(-1)!;
      log(`${m.id} round ${r + 1}/${rounds}: ${name} ${x.passesPerSecond.toFixed(1)}/s, ${x.seconds.toFixed(1)} s, ${Math.round(x.peakRssKB / 1024)} MB`);
    }
  }
  const summaries = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
  const torchSignature = torch.ok ? compareSignatures(sigDir('engine'), sigDir('torch')) : undefined;

  const engine = runContender(task('engine', m, ADAPTIVE_LEVELS, { options: { search: 'adaptive', budget } }));
  const e = engine.info!.estimate!;
  log(`${m.id}: budget ${budget} s -> ${engine.info!.block}x${engine.info!.block} blocks, ${engine.passes} passes in ${engine.seconds.toFixed(1)} s (estimated ${e.seconds.toFixed(1)} s)`);
  const torchPps = summaries['PyTorch sweep']?.passesPerSecond;
  const budgetCells = cellCount(H, W, engine.info!.block, engine.info!.stride, 1);
  big = {
    model: m.id, label: m.label, file: m.file, input: described[m.id]!.shape, classes: described[m.id]!.classes, levels: ADAPTIVE_LEVELS, budget,
    small: { ...small, cells: cellCount(H, W, small.block, small.stride, 1), passes: smallPasses }, contenders: summaries, torchSignature,
    exhaustive: { passes: H * W * ADAPTIVE_LEVELS, seconds: (H * W * ADAPTIVE_LEVELS) / e.passesPerSecond },
    engine: {
      estimate: e, assumedPassesPerCell: ADAPTIVE_PASSES_PER_CELL, block: engine.info!.block, stride: engine.info!.stride, shape: engine.info!.shape, cells: budgetCells,
      passes: engine.passes, seconds: engine.seconds, passesPerSecond: engine.passesPerSecond, peakRssMB: engine.peakRssKB / 1024,
      rssAfterLoadMB: engine.rssAfterLoadKB / 1024,
    },
    torch: torchPps === undefined ? undefined : {
      passesPerSecond: torchPps,
      /** PyTorch does not do the adaptive search: the same blocks and levels, every level. */
      projectedExhaustiveSeconds: (budgetCells * ADAPTIVE_LEVELS) / torchPps,
      /** Were it to run the engine's adaptive passes. */
      projectedSamePassesSeconds: engine.passes / torchPps,
    },
    speedupOverTorch: torchPps === undefined ? undefined : summaries['PyTorch sweep']!.seconds / summaries['engine, exhaustive']!.seconds,
  };
  sampleLoad('after 224');
}

// --- planning and limits: the budget's price of a pass, and a folder of hostile models ---------
const costModels = path.join(tmp, 'cost-models');
if (torch.ok) run(PYTHON, [path.join(HERE, 'cost-models.py'), costModels]);
const limitModels = [...['lenet-28', 'vgg-32', 'resnet-32'].map((m) => path.join(HERE, 'models', `${m}.onnx`)), ...(quick ? [] : ['resnet20-32', 'vgg11-32', 'mobilenetv2-32', 'resnet18-112'].map((m) => path.join(costModels, `${m}.onnx`)))];
const scanLimits = await benchScanLimits(limitModels, tmp, threads, batch, log);
sampleLoad('after limits');

// --- results ----------------------------------------------------------------------------------
fs.rmSync(tmp, { recursive: true, force: true });
const results = {
  date: new Date().toISOString(),
  quick,
  wallSeconds: (performance.now() - started) / 1000,
  machine: {
    cpu: os.cpus()[0]?.model, cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`,
    node: process.version, onnxruntime: nativeRuntime().version, torch: torch.ok ? torch.version : undefined, python: PYTHON,
  },
  load: { uptimeStart, uptimeEnd: run('uptime', []), samples: loadSamples, busiestStart, busiestEnd: busiest() },
  settings: { threads, batch, repeats, budget, adaptiveLevels: ADAPTIVE_LEVELS, compareSeconds: COMPARE_SECONDS, memoryLevels: MEMORY_LEVELS, ompWaitPolicy, ompCalibration },
  skipped: { torch: torch.ok ? undefined : torch.reason, big: bigSkipped, thirdParty: realPresent ? undefined : `${REAL.file} not present` },
  outputChecks, throughput, adaptive, memory, batchScan, big, scanLimits,
};
fs.mkdirSync(path.dirname(outJson), { recursive: true });
fs.writeFileSync(outJson, `${JSON.stringify(results, null, 2)}\n`);
fs.mkdirSync(path.dirname(outDoc), { recursive: true });
fs.writeFileSync(outDoc, renderReport(results as never, storedSections(path.join(ROOT, 'bench', 'results'))));
log(`wrote ${path.relative(ROOT, outJson)} and ${path.relative(ROOT, outDoc)} in ${(results.wallSeconds / 60).toFixed(1)} min`);
