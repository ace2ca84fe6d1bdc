/**
 * Renders the benchmark's results (bench/results/latest.json) as docs/PERFORMANCE.md.
 * bench/bench.ts calls it at the end of a run; to re-render without measuring:
 *
 *   npx tsx bench/report.ts [bench/results/latest.json] [docs/PERFORMANCE.md]
 */
import { renderScanLimits, type ScanLimits } from './scan-limits.js';
import fs from 'node:fs';
import path from 'node:path';
import { RECIPE } from '../src/recipe/recipe.js';

export const CONTENDERS = ['ceiling, native', 'ceiling, onnxruntime-node', 'engine, exhaustive', 'engine, adaptive', 'plain JS sweep', 'PyTorch sweep'] as const;
export type ContenderName = (typeof CONTENDERS)[number];
export interface Sample { passes: number; seconds: number; passesPerSecond: number; peakRssKB: number; maxRssKB: number; rssAfterLoadKB: number }
export interface Summary { rounds: number; passes: number; seconds: number; passesPerSecond: number; peakRssMB: number; rssAfterLoadMB: number; samples: Sample[] }

/** The engine's performance goals, as numbers. */
export const GOALS = {
  ratioToCeiling: 0.95,
  speedupOverTorch: 8,
  adaptivePassesRatio: 8,
  /** "a few seconds" */
  fewSeconds: 5,
  memoryMB: 500,
  /** A budgeted run may overrun its budget by this factor and still count as within it. */
  budgetSlack: 1.1,
};

interface SignatureCheck { movingCells: number; sAgreement: number; maxGainDiff: number; ok: boolean }

export interface Results {
  scanLimits?: ScanLimits;
  date: string;
  quick: boolean;
  wallSeconds: number;
  machine: { cpu?: string; cpus: number; memoryGB: number; os: string; node: string; onnxruntime: string; torch?: string; python: string };
  load: { uptimeStart: string; uptimeEnd: string; samples: { at: string; loadavg: number[] }[]; busiestStart: string[]; busiestEnd: string[] };
  settings: { threads: number; batch: number; repeats: number; budget: number; adaptiveLevels: number; compareSeconds?: number; memoryLevels: number[]; ompWaitPolicy?: string; ompCalibration: Record<string, number[]> };
  skipped: { torch?: string; big?: string; thirdParty?: string };
  outputChecks: Record<string, { inputs: number; maxAbsDiff: number; maxScaledDiff: number; ok: boolean }>;
  throughput: {
    model: string; label: string; file: string; input: number[]; classes: number; levels: number; sweptPasses: number;
    contenders: Partial<Record<ContenderName, Summary>>; ceiling: number; ratioToCeiling: number; ratioRounds: number[];
    speedupOverTorch?: number; torchRounds?: number[]; speedupOverJs: number; torchSignature?: SignatureCheck;
  }[];
  adaptive: {
    model: string; label: string; levels: number; thirdParty: boolean;
    /** The comparison runs on every stride-th row and column: `cells` of the `fullCells`. */
    stride: number; cells: number; fullCells: number;
    exhaustive: { passes: number; seconds: number; passesPerSecond: number; peakRssMB: number };
    /** The adaptive run compared with the exhaustive one (on the same cells). */
    adaptiveCompared: { passes: number; seconds: number };
    /** The adaptive search on every pixel, the default signature, in rounds. */
    adaptive: Summary; passesRatio: number; speedup: number; sAgreement: number; movingCells: number; maxGainError: number; scan?: Summary;
  }[];
  memory: { model: string; contender: string; levels: number; search: string; block: number; stride: number; passes: number; seconds: number; peakRssMB: number; rssAfterLoadMB: number }[];
  batchScan?: { model: string; levels: number; byBatch: Record<string, Summary> };
  big?: {
    model: string; label: string; file: string; input: number[]; classes: number; levels: number; budget: number;
    small: { levels: number; block: number; stride: number; cells: number; passes: number };
    contenders: Record<string, Summary>;
    torchSignature?: SignatureCheck;
    exhaustive: { passes: number; seconds: number };
    engine: {
      estimate: { cells: number; passes: number; passesPerSecond: number; seconds: number; budgetStride?: number };
      assumedPassesPerCell: number;
      block: number; stride: number; shape: number[]; cells: number; passes: number; seconds: number; passesPerSecond: number; peakRssMB: number; rssAfterLoadMB: number;
    };
    torch?: { passesPerSecond: number; projectedExhaustiveSeconds: number; projectedSamePassesSeconds: number };
    speedupOverTorch?: number;
  };
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const num = (n: number, digits = 2): string => n.toFixed(digits);
const secs = (s: number): string => {
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  if (s < 86400 * 2) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
};
const mb = (n: number): string => `${Math.round(n)}`;
const range = (xs: number[] | undefined, digits = 2, unit = ''): string =>
  xs && xs.length > 1 ? ` (rounds: ${num(Math.min(...xs), digits)}${unit}–${num(Math.max(...xs), digits)}${unit})` : '';
const verdict = (ok: boolean): string => (ok ? '**met**' : '**not met**');
const cell = (text: string): string => text.replace(/\|/g, '\\|');
const table = (head: string[], rows: string[][], align?: string[]): string =>
  [`| ${head.map(cell).join(' | ')} |`, `|${(align ?? head.map(() => '---')).join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const right = (n: number, leftCols = 1): string[] => [...Array<string>(leftCols).fill('---'), ...Array<string>(n - leftCols).fill('---:')];
const ceilingOf = (c: Record<string, Summary | undefined>): number =>
  Math.max(c['ceiling, native']?.passesPerSecond ?? 0, c['ceiling, onnxruntime-node']?.passesPerSecond ?? 0);
const subset = (a: Results['adaptive'][number]): string => (a.stride > 1 ? `, every ${a.stride}${a.stride === 2 ? 'nd' : a.stride === 3 ? 'rd' : 'th'} row and column (${int(a.cells)} pixels)` : '');
/** Seconds of the exhaustive signature on every pixel, and whether they were projected from a subset. */
const fullExhaustive = (a: Results['adaptive'][number]): { seconds: number; projected: boolean } =>
  ({ seconds: (a.exhaustive.seconds * a.fullCells) / a.cells, projected: a.stride > 1 });
const is32 = (r: Results, model: string): boolean => r.throughput.find((t) => t.model === model)?.input[1] === 32;

function goalRows(r: Results): string[][] {
  const rows: string[][] = [];
  for (const t of r.throughput) {
    rows.push([`exhaustive engine ≥ ${GOALS.ratioToCeiling} × the onnxruntime ceiling`, `${t.label}, L=${t.levels}`, `${num(t.ratioToCeiling)}${range(t.ratioRounds)}`, verdict(t.ratioToCeiling >= GOALS.ratioToCeiling)]);
  }
  for (const t of r.throughput) {
    if (t.speedupOverTorch === undefined) continue;
    rows.push([`≥ ${GOALS.speedupOverTorch}× faster than the PyTorch sweep (same signature)`, `${t.label}, L=${t.levels}`, `${num(t.speedupOverTorch, 1)}×${range(t.torchRounds, 1, '×')}`, verdict(t.speedupOverTorch >= GOALS.speedupOverTorch)]);
  }
  const b = r.big;
  if (b?.speedupOverTorch !== undefined) {
    rows.push([`≥ ${GOALS.speedupOverTorch}× faster than the PyTorch sweep (same signature)`, `${b.label}, ${b.small.cells} blocks of ${b.small.block}×${b.small.block}, L=${b.small.levels}`, `${num(b.speedupOverTorch, 1)}×`, verdict(b.speedupOverTorch >= GOALS.speedupOverTorch)]);
  }
  for (const a of r.adaptive) {
    rows.push([`adaptive ≥ ${GOALS.adaptivePassesRatio}× fewer passes than exhaustive`, `${a.label}, L=${a.levels}${subset(a)}`, `${num(a.passesRatio, 1)}×`, verdict(a.passesRatio >= GOALS.adaptivePassesRatio)]);
  }
  for (const a of r.adaptive.filter((x) => !x.thirdParty && is32(r, x.model))) {
    rows.push([`32×32: the default signature (adaptive, L=${a.levels}) in a few seconds (≤ ${GOALS.fewSeconds} s) on ${r.settings.threads} cores`, a.label, secs(a.adaptive.seconds), verdict(a.adaptive.seconds <= GOALS.fewSeconds)]);
  }
  for (const a of r.adaptive.filter((x) => !x.thirdParty && is32(r, x.model) && x.scan)) {
    rows.push([`32×32: the default scan (\`onepixel scan\`, the whole recipe) in a few seconds (≤ ${GOALS.fewSeconds} s)`, a.label, secs(a.scan!.seconds), verdict(a.scan!.seconds <= GOALS.fewSeconds)]);
  }
  if (b) {
    rows.push([`\`--budget ${b.budget}\`: the cost is estimated first; over budget, s×s blocks, and the run ends within the budget`, `${b.label}, L=${b.levels}, adaptive`,
      `estimated ${secs(b.exhaustive.seconds)} exhaustive → ${b.engine.block}×${b.engine.block} blocks, ${secs(b.engine.seconds)}`, verdict(b.engine.seconds <= b.budget * GOALS.budgetSlack)]);
  }
  if (r.memory.length > 0) {
    const worst = Math.max(...r.memory.map((m) => m.peakRssMB));
    const levels = [...new Set(r.memory.map((m) => m.levels))].join(' and ');
    rows.push([`peak resident memory < ${GOALS.memoryMB} MB for 32×32 models, any level count`, `engine, ${levels} levels, exhaustive and adaptive`, `≤ ${mb(worst)} MB`, verdict(worst < GOALS.memoryMB)]);
  }
  return rows;
}

/** Sentences computed from the numbers: why a goal is or is not met, where the data say so. */
function readingNotes(r: Results): string[] {
  const notes: string[] = [];
  const torchRows = r.throughput.filter((t) => t.contenders['PyTorch sweep'] && t.speedupOverTorch !== undefined);
  if (torchRows.some((t) => t.speedupOverTorch! < GOALS.speedupOverTorch) || (r.big?.speedupOverTorch ?? Infinity) < GOALS.speedupOverTorch) {
    const bound = (c: Record<string, Summary | undefined>): number => ceilingOf(c) / c['PyTorch sweep']!.passesPerSecond;
    const bounds = torchRows.map((t) => ({ model: t.model, bound: bound(t.contenders) }));
    if (r.big?.contenders['PyTorch sweep']) bounds.push({ model: r.big.model, bound: bound(r.big.contenders) });
    const below = bounds.filter((x) => x.bound < GOALS.speedupOverTorch).map((x) => x.model);
    notes.push(
      'PyTorch: with the same passes, no sweep on onnxruntime can beat PyTorch by more than onnxruntime\'s bare inference rate (the ceiling) over PyTorch\'s whole sweep rate. ' +
        `That bound, measured here: ${bounds.map((x) => `${x.model} ${num(x.bound, 1)}×`).join(', ')}. The engine runs at about the ceiling (section 1), so its same-signature speed-up is about the bound. ` +
        'The bound shrinks as the arithmetic per image grows: both stacks then spend their time in convolution kernels of similar speed (onnxruntime\'s MLAS; PyTorch\'s oneDNN, JIT-compiled for AVX-512 here), and what the engine removes, per-batch overhead, weighs less. ' +
        (below.length > 0
          ? `A same-algorithm ${GOALS.speedupOverTorch}× is out of reach where the bound is below ${GOALS.speedupOverTorch}× (${below.join(', ')}); there the wait shrinks by more than ${GOALS.speedupOverTorch}× only with fewer passes, the adaptive search (the table after section 1).`
          : ''),
    );
  }
  const scans = r.adaptive.filter((a) => a.scan && !a.thirdParty && is32(r, a.model) && a.scan.seconds > GOALS.fewSeconds);
  if (scans.length > 0) {
    notes.push(
      `Default scan: it runs ${scans.map((a) => `${num(a.scan!.passes / a.adaptive.passes, 1)}× the default signature's passes on ${a.model} (${int(a.scan!.passes)} passes)`).join(' and ')}, ` +
        `the detector's recipe: ${RECIPE.map((s) => `${s.block === 1 ? 'the one-pixel' : `the ${s.block}×${s.block}-block`} sweep (${s.levels} levels, ${s.search})`).join(', ')}, then the patch probe and the transfer test, which run most of the passes (README, "The detector"). ` +
        `At the throughputs measured here, ${GOALS.fewSeconds} s hold ${scans.map((a) => `${int(GOALS.fewSeconds * a.scan!.passes / a.scan!.seconds)} passes on ${a.model}`).join(' and ')}.`,
    );
  }
  if (r.big) {
    const b = r.big;
    const perCell = b.engine.passes / b.engine.cells;
    if (perCell < 0.75 * b.engine.assumedPassesPerCell) {
      notes.push(
        `Budget: the estimate assumes ${b.engine.assumedPassesPerCell} adaptive passes per cell; the ResNet-18 run needed ${num(perCell, 1)} (section 3: ${r.adaptive.map((a) => `${a.model} ${num(a.adaptive.passes / a.fullCells, 1)}`).join(', ')} per pixel at ${r.settings.adaptiveLevels} levels). ` +
          `So the budgeted run chose larger blocks than it had to and used ${num((100 * b.engine.seconds) / b.budget, 0)}% of its ${secs(b.budget)}.`,
      );
    }
  }
  return notes;
}

/**
 * Measurements made by their own scripts and kept in bench/results, which the report carries as
 * they were taken (each names its command and its conditions): a whole `npm run bench` would
 * not remeasure them.
 */
export interface StoredSections {
  /** bench/results/whole-image-cost.md (bench/whole-image-cost.ts), without its title. */
  wholeImageCost?: string;
}

export function storedSections(resultsDir: string): StoredSections {
  const file = path.join(resultsDir, 'whole-image-cost.md');
  if (!fs.existsSync(file)) return {};
  return { wholeImageCost: fs.readFileSync(file, 'utf8').replace(/^# .*\n+/, '').trim() };
}

export function renderReport(r: Results, stored: StoredSections = {}): string {
  const s = r.settings;
  const out: string[] = [];
  /** Appends blocks (paragraphs, tables, lists), one blank line between them. */
  const p = (...blocks: (string | undefined | false)[]): void => {
    for (const b of blocks) if (b) out.push(b, '');
  };
  const nodeLoaded = Math.min(...r.throughput.flatMap((t) => CONTENDERS.filter((c) => c !== 'PyTorch sweep' && t.contenders[c]).map((c) => t.contenders[c]!.rssAfterLoadMB)));
  const torchLoaded = Math.min(...r.throughput.filter((t) => t.contenders['PyTorch sweep']).map((t) => t.contenders['PyTorch sweep']!.rssAfterLoadMB));

  p(
    '# Performance',
    `<!-- Generated by \`npm run bench\` (bench/bench.ts, bench/report.ts) on ${r.date}. Do not edit by hand: rerun the benchmark. -->`,
    `The project's performance record, regenerated by one command, \`npm run bench\` (${secs(r.wallSeconds)} for this run, ${r.date.slice(0, 10)}${r.quick ? '; **a `--quick` smoke run, not the record**' : ''}). ` +
      'On the same models and settings, in the same run: the onnxruntime ceiling, the engine (exhaustive and adaptive search), ' +
      'the plain onnxruntime-node JS sweep, and the same signature computed with PyTorch. Raw numbers: `bench/results/latest.json`.',
  );

  p('## Machine, load and method');
  p(
    [
      `- **Machine**: ${r.machine.cpus} × ${r.machine.cpu ?? 'CPU'}, ${r.machine.memoryGB} GB, ${r.machine.os}; Node ${r.machine.node}, onnxruntime ${r.machine.onnxruntime} (the library onnxruntime-node ships)` +
        `${r.machine.torch ? `, PyTorch ${r.machine.torch} (Debian's, \`${r.machine.python}\`)` : ''}.`,
      `- **Load**: at the start \`${r.load.uptimeStart.trim()}\`; at the end \`${r.load.uptimeEnd.trim()}\`. Load averages (1/5/15 min) during the run: ${r.load.samples.map((x) => `${x.at} ${x.loadavg.join('/')}`).join('; ')}. ` +
        `Busiest processes at the start (%CPU command): ${r.load.busiestStart.map((x) => `\`${x}\``).join(', ')}. ` +
        `A load above ${r.machine.cpus} means other work (on the project's machine, the model zoo's trainer) shared the cores: absolute numbers are lower and noisier than on an idle machine, and only numbers from one run, measured side by side, should be compared.`,
      `- **Method**: every contender runs in a child process of its own, ${s.repeats} interleaved round(s) (each round starts with a different contender), medians reported; ` +
        `${s.threads} threads and batch ${s.batch} for every stack. Seconds are the work alone, the model already loaded: the signature from the base image to S and D. ` +
        'Passes count every image run (the engine counts its base batch and the padding of last batches). Peak memory is the child\'s own peak resident set, `VmHWM` of `/proc/self/status` ' +
        '(`getrusage`\'s `ru_maxrss`, which `process.resourceUsage().maxRSS` and Python\'s `resource` return, is kept across fork and exec on Linux and so reports at least the size of the benchmark process that started the child; it is in the JSON as `maxRssKB`), the largest over the rounds.',
      '- **Contenders**:',
      '  - *ceiling, native*: onnxruntime alone through the addon, no sweep: one prebuilt batch run over and over as concurrent single-threaded runs, one per thread (the engine\'s way of running), after a warm-up batch.',
      '  - *ceiling, onnxruntime-node*: onnxruntime alone through onnxruntime-node: one prebuilt tensor run over and over with intra-op threads, after a warm-up run. The **ceiling** is the better of the two.',
      '  - *engine*: `sweepModel` (what `computeSignature` and the CLI run), `--search exhaustive` and `--search adaptive`.',
      '  - *plain JS sweep*: `bench/js-sweep.ts`, the sweep as a careful user writes it on onnxruntime-node (preallocated batch, in-place writes, softmax and argmax in JS).',
      `  - *PyTorch sweep*: \`bench/torch_sweep.py\`, the sweep as research code writes it, on the **same ONNX file**: the graph's nodes run in order with \`torch.nn.functional\` (section 2 checks its outputs against onnxruntime's); \`torch.no_grad()\`, \`torch.set_num_threads(${s.threads})\`, batches of ${s.batch} perturbed images (the engine's batch), softmax in double precision, per-class max and argmax.` +
        (s.ompWaitPolicy
          ? ` PyTorch gets the faster of OpenMP's two wait policies, measured at the start of the run on the VGG model (passes/s: ${Object.entries(s.ompCalibration).map(([k, v]) => `${k} ${v.map(int).join(', ')}`).join('; ')}; used: \`OMP_WAIT_POLICY=${s.ompWaitPolicy}\`): when other work shares the cores, OpenMP's default spinning collapses.`
          : ''),
    ].join('\n'),
  );
  const skipped = Object.entries(r.skipped).filter(([, v]) => v);
  if (skipped.length > 0) p(`**Skipped**: ${skipped.map(([k, v]) => `${k}: ${v}`).join('; ')}.`);

  p('## Goals', table(['goal', 'on', 'measured', 'result'], goalRows(r)));
  const notes = readingNotes(r);
  if (notes.length > 0) p('### Reading the goals', notes.map((n) => `- ${n}`).join('\n'));

  p(
    '## 1. Throughput: same model, same levels, every stack',
    'Levels are chosen per model to keep the whole run near 15 minutes on 2 cores (the PyTorch sweep is the slow one); within a model every contender runs the same levels, gray mode, black base, one-pixel cells. ' +
      '"× ceiling" is passes/s over the ceiling (the ceilings run half as many images: they are rates). ' +
      'The adaptive search runs fewer passes for the same signature (section 3), so its seconds, not its passes/s, are what it saves.',
    r.throughput.some((t) => t.ratioToCeiling > 1.05)
      ? 'Ratios above 1 are noise between processes under load, not a sweep faster than its model: the ceiling runs the same onnxruntime calls with no sweep around them.'
      : undefined,
  );
  for (const t of r.throughput) {
    const rows = CONTENDERS.filter((c) => t.contenders[c]).map((c) => {
      const x = t.contenders[c]!;
      return [c, int(x.passes), secs(x.seconds), int(x.passesPerSecond), num(x.passesPerSecond / t.ceiling), mb(x.peakRssMB)];
    });
    p(
      `### ${t.label}, L=${t.levels} (${int(t.sweptPasses)} swept images, ${t.classes} classes)`,
      table(['contender', 'passes', 'seconds', 'passes/s', '× ceiling', 'peak RSS (MB)'], rows, right(6)),
      `Exhaustive engine against the ceiling: ${num(t.ratioToCeiling)}${range(t.ratioRounds)}; against the plain JS sweep: ${num(t.speedupOverJs, 2)}× faster` +
        (t.speedupOverTorch !== undefined ? `; against PyTorch: ${num(t.speedupOverTorch, 1)}× faster${range(t.torchRounds, 1, '×')} (seconds for the same signature).` : '.'),
    );
  }
  const waits = r.throughput.filter((t) => t.contenders['PyTorch sweep']).map((t) => {
    const a = r.adaptive.find((x) => x.model === t.model);
    if (!a) return undefined;
    const torch = t.contenders['PyTorch sweep']!;
    const measured = t.levels === a.levels;
    const torchSeconds = measured ? torch.seconds : (a.fullCells * a.levels) / torch.passesPerSecond;
    const ex = fullExhaustive(a);
    return [t.label, secs(a.adaptive.seconds), `${secs(ex.seconds)}${ex.projected ? ' (projected)' : ''}`, `${secs(torchSeconds)}${measured ? '' : ' (projected)'}`, `${num(torchSeconds / a.adaptive.seconds, 0)}×`];
  }).filter((x): x is string[] => x !== undefined);
  if (waits.length > 0) {
    p(
      `What a user waits for at the default ${s.adaptiveLevels} levels: the engine's default signature (adaptive), its exhaustive one, and PyTorch's exhaustive sweep (research code sweeps every level). ` +
        `PyTorch's time is measured where section 1 ran ${s.adaptiveLevels} levels and otherwise projected from its passes/s above; the engine's exhaustive time is projected from section 3's subset where it ran on one (both marked). This is not the goal's comparison (that one is the same signature, same algorithm, above); it is what the adaptive search adds on top.`,
      table(['model', 'engine, adaptive', 'engine, exhaustive', 'PyTorch, exhaustive', 'PyTorch / engine adaptive'], waits, right(5)),
    );
  }

  if (Object.keys(r.outputChecks).length > 0) {
    const sigRows = r.throughput.filter((t) => t.torchSignature).map((t) => {
      const c = t.torchSignature!;
      return [t.label, `L=${t.levels}`, int(c.movingCells), `${num(100 * c.sAgreement, 2)}%`, c.maxGainDiff.toExponential(2), c.ok ? 'yes' : '**no**'];
    });
    if (r.big?.torchSignature) {
      const c = r.big.torchSignature;
      sigRows.push([r.big.label, `L=${r.big.small.levels}, ${r.big.small.block}×${r.big.small.block} blocks`, int(c.movingCells), `${num(100 * c.sAgreement, 2)}%`, c.maxGainDiff.toExponential(2), c.ok ? 'yes' : '**no**']);
    }
    p(
      '## 2. PyTorch computes the same signature',
      'The PyTorch executor\'s outputs against onnxruntime\'s on the same inputs (a black image, a white one and two uniform random ones); the tolerance is 1e-4 × max(1, |output|):',
      table(['model', 'inputs', 'max |torch − onnxruntime|', 'scaled', 'within 1e-4'], Object.entries(r.outputChecks).map(([m, c]) => [m, String(c.inputs), c.maxAbsDiff.toExponential(2), c.maxScaledDiff.toExponential(2), c.ok ? 'yes' : '**no**']), right(5)),
      'The signatures themselves (sections 1 and 4, engine exhaustive against PyTorch on the same settings): S must be equal on ≥ 99% of the cells (class × unit) whose gain is ≥ 0.01, and D within 1e-4 everywhere. ' +
        'A random-weight network\'s gains are small, so few cells pass 0.01 (none for the 224×224 ResNet-18); D is compared on every cell regardless.',
      table(['model', 'settings', 'cells with gain ≥ 0.01', 'S equal there', 'max |ΔD|', 'match'], sigRows, right(6, 2)),
    );
  }

  p(
    `## 3. Adaptive search at the default ${s.adaptiveLevels} levels`,
    'The adaptive search evaluates a coarse grid of levels per cell and zooms in around each class\'s peaks (a cell whose curves have too many peaks is swept fully). ' +
      'Passes and seconds against the exhaustive search on the same model and pixels, and how far its signature is from the exhaustive one (S compared where the exhaustive gain is ≥ 0.01). ' +
      `Where the exhaustive reference would take over ${secs(s.compareSeconds ?? 40)} at the rate section 1 measured, both run on every s-th row and column (one-pixel cells, a subset of the same cells) to keep the benchmark short. ` +
      'The last columns are the default signature itself, the adaptive search on every pixel. ' +
      'LeNet and VGG have random weights, the ResNet is briefly trained (bench/models/make.py); a trained, backdoored third-party model is included when `../shared/realmodels/` is present.',
    table(['model', 'pixels compared', 'exhaustive: passes', 'seconds', 'adaptive: passes', 'seconds', 'fewer passes', 'S equal (cells)', 'max |ΔD|', 'default signature: passes', 'seconds', 'peak RSS MB (exh. / adapt.)'],
      r.adaptive.map((a) => [a.label, a.stride > 1 ? `${int(a.cells)} (stride ${a.stride})` : `all ${int(a.cells)}`, int(a.exhaustive.passes), secs(a.exhaustive.seconds), int(a.adaptiveCompared.passes), secs(a.adaptiveCompared.seconds), `${num(a.passesRatio, 1)}×`,
        `${num(100 * a.sAgreement, 2)}% (${int(a.movingCells)})`, a.maxGainError.toExponential(2), int(a.adaptive.passes), secs(a.adaptive.seconds), `${mb(a.exhaustive.peakRssMB)} / ${mb(a.adaptive.peakRssMB)}`]), right(12)),
  );
  const scans = r.adaptive.filter((a) => a.scan);
  if (scans.length > 0) {
    p(
      'The default scan: `onepixel scan` runs the detector\'s recipe (src/recipe/recipe.ts): the one-pixel adaptive signature at a black base (256 levels), the exhaustive 3×3 block signature at a black base (9 levels), and the patch probe (src/recipe/patch-probe.ts). One run each.',
      table(['model', 'default signature (adaptive)', 'scan: passes', 'scan: seconds'], scans.map((a) => [a.label, secs(a.adaptive.seconds), int(a.scan!.passes), secs(a.scan!.seconds)]), right(4)),
    );
  }

  if (r.big) {
    const b = r.big;
    const e = b.engine.estimate;
    const ceiling = ceilingOf(b.contenders);
    const perCell = b.engine.passes / b.engine.cells;
    p(
      `## 4. Big inputs: ${b.label} under a budget`,
      `\`${b.file}\` is made by \`bench/models/make.py\` (torchvision \`resnet18(weights=None)\`, seed 0, exported the zoo's way: opset 13, dynamic batch, input \`input\`, logits \`output\`); it is not committed, and \`npm run bench\` makes it when it is missing.`,
      `**Before it starts**, a sweep with a budget prices its passes from the model's graph on the reference 2-core machine (README, "Budget and limits"): the same plan however busy the machine is. ` +
        `An exhaustive one-pixel signature at ${b.levels} levels is ${int(b.exhaustive.passes)} passes: at the reference ${num(e.passesPerSecond, 1)} passes/s, **${secs(b.exhaustive.seconds)}**.`,
      `With \`--search adaptive --budget ${b.budget}\` that is over budget, so the sweep runs on s×s blocks, the smallest s that fits. The CLI prints the estimate before sweeping (\`onepixel signature ${b.file} --search adaptive --budget ${b.budget}\`; this line is built from the run's \`info.estimate\` with the CLI's wording):`,
      ['```text', `${path.basename(b.file)}: about ${e.passes.toLocaleString('en-US')} passes = ${secs(e.seconds)} on the reference 2-core machine${e.budgetStride ? `; over budget, so ${e.budgetStride}x${e.budgetStride} blocks` : ''}`, '```'].join('\n'),
      table(['the budgeted run', ''], [
        ['blocks chosen', `${b.engine.block}×${b.engine.block}, stride ${b.engine.stride}: ${int(b.engine.cells)} cells, signature [${b.engine.shape.join(',')}] (signature.json: \`options.block\`, \`options.stride\`, \`estimate.budgetStride\`)`],
        ['estimated', `${int(e.passes)} passes, ${secs(e.seconds)} (assuming ${b.engine.assumedPassesPerCell} adaptive passes per cell)`],
        ['measured', `${int(b.engine.passes)} passes (${num(perCell, 1)} per cell), ${secs(b.engine.seconds)}`],
        ['budget', `${secs(b.budget)}: ${b.engine.seconds <= b.budget * GOALS.budgetSlack ? 'kept' : '**overrun**'}${b.engine.seconds < 0.6 * b.budget ? `; ${num(100 * b.engine.seconds / b.budget, 0)}% of it used, as the search needed fewer passes per cell than assumed` : ''}`],
        ['peak RSS', `${mb(b.engine.peakRssMB)} MB (${mb(b.engine.rssAfterLoadMB)} MB once loaded)`],
      ], ['---', '---']),
      `Every stack on the same fixed work at 224×224: one whole signature on ${b.small.cells} blocks of ${b.small.block}×${b.small.block} at ${b.small.levels} levels (${int(b.small.passes)} swept images; the ceilings run as many), ${b.contenders['ceiling, native']?.rounds ?? 1} interleaved round(s):`,
      table(['contender', 'passes', 'seconds', 'passes/s', '× ceiling', 'peak RSS (MB)'],
        Object.entries(b.contenders).map(([k, x]) => [k, int(x.passes), secs(x.seconds), num(x.passesPerSecond, 1), num(x.passesPerSecond / ceiling), mb(x.peakRssMB)]), right(6)),
      b.torch
        ? `PyTorch at 224×224 runs this small signature only: the budgeted run's signature (the same ${int(b.engine.cells)} blocks, ${b.levels} levels, every level, as research code sweeps) would take it about ${secs(b.torch.projectedExhaustiveSeconds)} at its ${num(b.torch.passesPerSecond, 1)} passes/s ` +
          `(the engine's ${int(b.engine.passes)} adaptive passes would take it ${secs(b.torch.projectedSamePassesSeconds)}). The plain JS sweep is not run at 224×224; the onnxruntime-node ceiling bounds it.`
        : undefined,
    );
  }

  p(
    '## 5. Memory',
    'Peak resident memory of the engine\'s process on the 32×32 models at 256 and 4096 levels. The engine holds one input batch per worker, the probabilities of the levels of the cells in flight, and K × cells results, so the peak should not grow with the level count. ' +
      'At 4096 levels the exhaustive run sweeps 16×16 blocks (4 cells; every level of a cell is in flight at once) to stay short; the adaptive run sweeps every pixel.',
    table(['model', 'engine', 'levels', 'block', 'passes', 'seconds', 'peak RSS (MB)', 'once loaded (MB)'],
      r.memory.map((m) => [m.model, m.search, String(m.levels), `${m.block}×${m.block}${m.stride > m.block ? `, stride ${m.stride}` : ''}`, int(m.passes), secs(m.seconds), mb(m.peakRssMB), mb(m.rssAfterLoadMB)]), right(8)),
    `Every stack, from section 1 (peak RSS in MB, the largest over the rounds). For scale: a Node process with tsx, the addon and the model loaded holds about ${mb(nodeLoaded)} MB before any work` +
      (Number.isFinite(torchLoaded) ? `, a Python process with torch imported and the model converted about ${mb(torchLoaded)} MB.` : '.'),
    table(['model', ...CONTENDERS], r.throughput.map((t) => [`${t.model}, L=${t.levels}`, ...CONTENDERS.map((c) => (t.contenders[c] ? mb(t.contenders[c]!.peakRssMB) : '–'))]), right(CONTENDERS.length + 1)),
  );

  if (r.batchScan) {
    const bs = r.batchScan;
    const best = Math.max(...Object.values(bs.byBatch).map((x) => x.passesPerSecond));
    p(
      '## 6. Batch size',
      `The exhaustive engine on ${bs.model} at ${bs.levels} levels by images per forward pass (\`--batch\`; the default is ${s.batch}), ${Object.values(bs.byBatch)[0]?.rounds ?? 1} interleaved round(s), medians:`,
      table(['batch', ...Object.keys(bs.byBatch)], [
        ['passes/s', ...Object.values(bs.byBatch).map((x) => int(x.passesPerSecond))],
        ['× best', ...Object.values(bs.byBatch).map((x) => num(x.passesPerSecond / best))],
        ['peak RSS (MB)', ...Object.values(bs.byBatch).map((x) => mb(x.peakRssMB))],
      ], right(Object.keys(bs.byBatch).length + 1)),
    );
  }

  if (r.scanLimits) p(renderScanLimits(r.scanLimits).trimEnd());

  if (stored.wholeImageCost) {
    p(
      '## 7. The whole-image search per architecture family',
      'The recipe\'s last step (docs/DETECTOR.md, step 6) against the steps before it, on one model per family, side by side in one run; kept from its own run (bench/results/whole-image-cost.md), not remeasured by `npm run bench`:',
      stored.wholeImageCost,
    );
  }

  p(
    '## Reproduce',
    [
      '```sh',
      'npm run setup                          # install, build the addon and the TypeScript',
      `npm run bench                          # this file and bench/results/latest.json (this run: ${secs(r.wallSeconds)} on ${r.machine.cpus} cores at a load of ${r.load.samples[0]?.loadavg[0] ?? '?'})`,
      'npm run bench -- --quick               # smoke run: bench/results/quick.{json,md} (ignored by git), a few minutes',
      'npx tsx bench/report.ts                # re-render this file from bench/results/latest.json',
      '/usr/bin/python3 bench/models/make.py  # the PyTorch-made models (resnet-32.onnx is committed; resnet18-224.onnx is made on demand)',
      '/usr/bin/python3 bench/torch_sweep.py bench/models/vgg-32.onnx --levels 32 --threads 2   # the PyTorch sweep alone',
      '```',
    ].join('\n'),
    'Options: `--threads T`, `--batch B`, `--repeats R`, `--budget S` (the 224×224 run), `--no-big` (skip it), `--out FILE.json`, `--doc FILE.md`. The PyTorch rows need Debian\'s `python3-torch`, `python3-torchvision`, `python3-onnx` and `python3-numpy` ' +
      '(`/usr/bin/python3`, or the Python named by `ONEPIXEL_BENCH_PYTHON`); without them they are skipped with a message, as is the 224×224 section when its model is missing and cannot be made.',
  );
  return `${out.join('\n').trimEnd()}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const input = process.argv[2] ?? path.join(here, 'results', 'latest.json');
  const output = process.argv[3] ?? path.join(here, '..', 'docs', 'PERFORMANCE.md');
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, renderReport(JSON.parse(fs.readFileSync(input, 'utf8')) as Results, storedSections(path.join(here, 'results'))));
  process.stderr.write(`wrote ${output}\n`);
}
