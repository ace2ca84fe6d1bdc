/**
 * The bench's section on planning and limits: the budget's reference price of a pass (from the
 * graph) against the pass measured here, and one `onepixel scan` over a folder of good and
 * hostile models, with every model's outcome, the wall time and the peak memory of the whole
 * process tree (GNU time's maximum resident set over the CLI and its sandbox children).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { passSeconds } from '../src/signature/budget.js';
import { inspectModelFile, loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { buildSpec } from '../src/signature/signature.js';
import { median, ROOT } from './lib.js';

export interface PassPrice {
  model: string;
  macs: number;
  elements: number;
  predictedMicros: number;
  measuredMicros: number;
}

export interface FolderScan {
  command: string;
  wallSeconds: number;
  /** GNU time's %M: the largest resident set of the CLI or any of its children, in MiB. */
  peakTreeMiB: number | null;
  memoryCeilingMiB: number;
  timeoutSeconds: number;
  models: { model: string; verdict: string; code: string | null; seconds: number; peakMemoryMiB: number | null }[];
}

export interface ScanLimits {
  prices: PassPrice[];
  folder: FolderScan;
}

/** Microseconds per image of the sweep's batched passes: the median of three timed runs of about half a second. */
async function measuredMicros(file: string, threads: number, batch: number): Promise<{ micros: number; macs: number; elements: number }> {
  const options = resolveOptions({ inputRange: [0, 1], threads, batch });
  const model = await loadModel(file, options, inspectModelFile(file));
  try {
    const spec = await buildSpec(model, options);
    await model.native.runRepeated(spec, null, 1).promise;
    const rounds: number[] = [];
    for (let r = 0; r < 3; r++) {
      let batches = 1;
      for (;;) {
        const t0 = performance.now();
        const { passes } = await model.native.runRepeated(spec, null, batches).promise;
        const seconds = (performance.now() - t0) / 1000;
        if (seconds >= 0.5 || batches >= 256) {
          rounds.push((seconds / passes) * 1e6);
          break;
        }
        batches *= 4;
      }
    }
    return { micros: median(rounds), macs: model.cost?.macs ?? 0, elements: model.cost?.elements ?? 0 };
  } finally {
    model.native.close();
  }
}

export async function benchScanLimits(models: string[], tmp: string, threads: number, batch: number, log: (line: string) => void): Promise<ScanLimits> {
  const prices: PassPrice[] = [];
  for (const file of models.filter((f) => fs.existsSync(f))) {
    const m = await measuredMicros(file, threads, batch);
    const predicted = passSeconds(m) * 1e6;
    prices.push({ model: path.basename(file), macs: m.macs, elements: m.elements, predictedMicros: predicted, measuredMicros: m.micros });
    log(`${path.basename(file)}: reference ${predicted.toFixed(1)} µs/pass, measured ${m.micros.toFixed(1)} µs/pass`);
  }

  const folder = path.join(tmp, 'mixed');
  fs.mkdirSync(folder, { recursive: true });
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'models');
  for (const f of ['samples/clean-mnist.onnx', 'samples/backdoored-checker-mnist.onnx']) fs.copyFileSync(path.join(ROOT, f), path.join(folder, path.basename(f)));
  for (const f of ['gray-nchw-logits.onnx', 'bad/endless-loop.onnx', 'bad/memory-bomb.onnx', 'bad/huge-batch.onnx', 'bad/huge-input.onnx']) {
    fs.copyFileSync(path.join(fixtures, f), path.join(folder, path.basename(f)));
  }
  const timeoutSeconds = 60;
  const memoryCeilingMiB = 1024;
  // The built CLI, as a user runs it (npm run setup builds it).
  const args = [path.join(ROOT, 'bin', 'onepixel.js'), 'scan', folder, '--json', '--jobs', '2', '--threads', String(threads), '--timeout', String(timeoutSeconds), '--memory', String(memoryCeilingMiB), '--input-range', '0,1'];
  const t0 = performance.now();
  const timed = fs.existsSync('/usr/bin/time');
  const result = timed
    ? spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wallSeconds = (performance.now() - t0) / 1000;
  const peak = /peak-kb (\d+)/.exec(result.stderr ?? '')?.[1];
  const report = JSON.parse(result.stdout) as { models: { model: string; verdict: string; errorCode?: string; seconds: number; peakMemoryMiB?: number }[] };
  const scan: FolderScan = {
    command: `onepixel scan DIR --jobs 2 --threads ${threads} --timeout ${timeoutSeconds} --memory ${memoryCeilingMiB} --input-range 0,1`,
    wallSeconds,
    peakTreeMiB: peak ? Math.round(Number(peak) / 1024) : null,
    memoryCeilingMiB,
    timeoutSeconds,
    models: report.models.map((m) => ({ model: path.basename(m.model), verdict: m.verdict, code: m.errorCode ?? null, seconds: m.seconds, peakMemoryMiB: m.peakMemoryMiB ?? null })),
  };
  log(`mixed folder: ${scan.models.length} models in ${wallSeconds.toFixed(1)} s, peak ${scan.peakTreeMiB ?? '?'} MiB`);
  return { prices, folder: scan };
}

/** The tree's peak against the per-model ceiling, as it was: under it, or over it and by how much. */
function ceilingText(f: FolderScan): string {
  if (f.peakTreeMiB === null) return `against a per-model ceiling of ${f.memoryCeilingMiB} MiB`;
  const over = f.peakTreeMiB - f.memoryCeilingMiB;
  return over <= 0 ? `under the per-model ceiling of ${f.memoryCeilingMiB} MiB` : `${over} MiB over the per-model ceiling of ${f.memoryCeilingMiB} MiB: the fastest-allocating model's overshoot before it was stopped`;
}

export function renderScanLimits(s: ScanLimits): string {
  const lines = [
    '## Planning and limits',
    '',
    "A scan's budget is planned from the file alone (README, \"Budget and limits\"): each pass is priced on a reference 2-core machine from the graph's multiply-adds and elements. Here is that price against the pass measured on this machine, batched as the sweep runs it (median of three runs of at least 0.5 s):",
    '',
    '| model | multiply-adds | other elements | reference µs/pass | measured µs/pass | measured / reference |',
    '|---|---:|---:|---:|---:|---:|',
    ...s.prices.map((p) => `| ${p.model} | ${p.macs.toLocaleString('en-US')} | ${p.elements.toLocaleString('en-US')} | ${p.predictedMicros.toFixed(1)} | ${p.measuredMicros.toFixed(1)} | ${(p.measuredMicros / p.predictedMicros).toFixed(2)} |`),
    '',
    `One scan of a folder of good and hostile models (\`${s.folder.command}\`): every model is reported, each hostile one with its code, in ${s.folder.wallSeconds.toFixed(1)} s. The largest resident set of the CLI and any of its sandbox children was **${s.folder.peakTreeMiB ?? 'not measured'} MiB** (GNU time), ${ceilingText(s.folder)}; each model's own peak is its sandbox's, sampled every 25 ms (a model that allocates fast can pass its ceiling by what it allocates between two samples before it is stopped).`,
    '',
    '| model | verdict | code | seconds | peak MiB |',
    '|---|---|---|---:|---:|',
    ...s.folder.models.map((m) => `| ${m.model} | ${m.verdict} | ${m.code ?? ''} | ${m.seconds.toFixed(1)} | ${m.peakMemoryMiB ?? ''} |`),
    '',
  ];
  return lines.join('\n');
}
