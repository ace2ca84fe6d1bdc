/**
 * Adaptive against exhaustive search, on each model given or on a whole zoo split: the
 * largest |D| difference, how often S agrees where the exhaustive gain is ≥ 0.01, and the
 * passes each needed (the rule for making adaptive the default: |ΔD| ≤ 0.005, S the same in at least 99.5% of the cells that move, at least 8× fewer passes).
 *
 *   npx tsx bench/adaptive.ts [--levels 256] [--json out.json] MODEL[:lo,hi] ...
 *   npx tsx bench/adaptive.ts --split test [--jsonl bench/results/adaptive-test-split.jsonl]
 *
 * With --split the run is resumable: models already in the JSONL file are skipped, and
 * exhaustive signatures are cached in bench/results/exhaustive-cache/ (gitignored), so a
 * change to the adaptive search is re-checked without redoing the exhaustive sweeps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { computeSignature, type Signature } from '../src/signature/signature.js';
import { inputRange, readManifest } from '../zoo/dataset.js';

export interface SearchComparison {
  model: string;
  maxGainError: number;
  sAgreement: number;
  movingCells: number;
  /** Moving cells whose S differs, and by how much D the two winners differ there. */
  mismatches: { cell: number; exhaustiveLevel: number; adaptiveLevel: number; dGap: number }[];
  exhaustivePasses: number;
  adaptivePasses: number;
  fullCells: number;
  exhaustiveSeconds: number;
  adaptiveSeconds: number;
}

type Options = Parameters<typeof computeSignature>[1];

function cachedExhaustive(model: string, options: Options, cacheDir: string | undefined): Promise<Signature> | Signature {
  if (!cacheDir) return computeSignature(model, { ...options, search: 'exhaustive' });
  const file = path.join(cacheDir, `${path.basename(path.dirname(model))}-${options?.levels}.json`);
  if (fs.existsSync(file)) {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as { signature: number[]; delta: number[]; info: Signature['info'] };
    return { signature: Float32Array.from(c.signature), delta: Float32Array.from(c.delta), info: c.info };
  }
  return computeSignature(model, { ...options, search: 'exhaustive' }).then((sig) => {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ signature: Array.from(sig.signature), delta: Array.from(sig.delta), info: sig.info }));
    return sig;
  });
}

export async function compareSearch(model: string, options: Options, cacheDir?: string): Promise<SearchComparison> {
  const ex = await cachedExhaustive(model, options, cacheDir);
  const ad = await computeSignature(model, { ...options, search: 'adaptive' });
  const levels = options?.levels ?? 256;
  let maxGainError = 0;
  let moving = 0;
  const mismatches: SearchComparison['mismatches'] = [];
  for (let i = 0; i < ex.delta.length; i++) {
    maxGainError = Math.max(maxGainError, Math.abs(ex.delta[i]! - ad.delta[i]!));
    if (ex.delta[i]! >= 0.01) {
      moving++;
      if (ex.signature[i] !== ad.signature[i]) {
        const level = (s: number): number => Math.round(s * (levels - 1));
        mismatches.push({ cell: i, exhaustiveLevel: level(ex.signature[i]!), adaptiveLevel: level(ad.signature[i]!), dGap: ex.delta[i]! - ad.delta[i]! });
      }
    }
  }
  return {
    model,
    maxGainError,
    sAgreement: moving === 0 ? 1 : (moving - mismatches.length) / moving,
    movingCells: moving,
    mismatches,
    exhaustivePasses: ex.info.passes,
    adaptivePasses: ad.info.passes,
    fullCells: ad.info.fullCells,
    exhaustiveSeconds: ex.info.seconds,
    adaptiveSeconds: ad.info.seconds,
  };
}

function line(r: SearchComparison): string {
  return (
    `${path.basename(path.dirname(r.model)) || path.basename(r.model)} max|ΔD| ${r.maxGainError.toExponential(2)}  S agree ${(100 * r.sAgreement).toFixed(2)}% of ${r.movingCells}  ` +
    `passes ${r.exhaustivePasses} -> ${r.adaptivePasses} (${(r.exhaustivePasses / r.adaptivePasses).toFixed(1)}x, ${r.fullCells} full cells)`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { levels: { type: 'string', default: '256' }, json: { type: 'string' }, split: { type: 'string' }, jsonl: { type: 'string' } },
  });
  const levels = Number(values.levels);
  if (values.split) {
    const out = values.jsonl ?? `bench/results/adaptive-${values.split}-split.jsonl`;
    const done = new Set(fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id) : []);
    for (const meta of readManifest()) {
      const file = path.join('zoo/models', meta.id, 'model.onnx');
      if (meta.split !== values.split || !meta.kept || done.has(meta.id) || !fs.existsSync(file)) continue;
      const r = await compareSearch(file, { levels, inputRange: inputRange(meta) }, 'bench/results/exhaustive-cache');
      fs.appendFileSync(out, `${JSON.stringify({ id: meta.id, task: meta.task, family: meta.family, ...r, model: undefined })}\n`);
      console.log(line(r));
    }
  } else {
    const rows: SearchComparison[] = [];
    for (const arg of positionals) {
      const [file, range] = arg.split(':');
      const inputRange = range ? (range.split(',').map(Number) as [number, number]) : undefined;
      const r = await compareSearch(file!, { levels, inputRange });
      rows.push(r);
      console.log(line(r));
    }
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
  }
}
