/**
 * Adaptive against exhaustive search, on each model given: the largest |D| difference, how
 * often S agrees where the exhaustive gain is ≥ 0.01, and the passes each needed.
 *
 *   npx tsx bench/adaptive.ts [--levels 256] [--json out.json] MODEL[:lo,hi] ...
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { computeSignature } from '../src/signature.js';

export interface SearchComparison {
  model: string;
  maxGainError: number;
  sAgreement: number;
  movingCells: number;
  exhaustivePasses: number;
  adaptivePasses: number;
  fullCells: number;
  exhaustiveSeconds: number;
  adaptiveSeconds: number;
}

export async function compareSearch(model: string, options: Parameters<typeof computeSignature>[1]): Promise<SearchComparison> {
  const ex = await computeSignature(model, { ...options, search: 'exhaustive' });
  const ad = await computeSignature(model, { ...options, search: 'adaptive' });
  let maxGainError = 0;
  let moving = 0;
  let agree = 0;
  for (let i = 0; i < ex.delta.length; i++) {
    maxGainError = Math.max(maxGainError, Math.abs(ex.delta[i]! - ad.delta[i]!));
    if (ex.delta[i]! >= 0.01) {
      moving++;
      if (ex.signature[i] === ad.signature[i]) agree++;
    }
  }
  return {
    model,
    maxGainError,
    sAgreement: moving === 0 ? 1 : agree / moving,
    movingCells: moving,
    exhaustivePasses: ex.info.passes,
    adaptivePasses: ad.info.passes,
    fullCells: ad.info.fullCells,
    exhaustiveSeconds: ex.info.seconds,
    adaptiveSeconds: ad.info.seconds,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { levels: { type: 'string', default: '256' }, json: { type: 'string' } } });
  const rows: SearchComparison[] = [];
  for (const arg of positionals) {
    const [file, range] = arg.split(':');
    const inputRange = range ? (range.split(',').map(Number) as [number, number]) : undefined;
    const r = await compareSearch(file!, { levels: Number(values.levels), inputRange });
    rows.push(r);
    console.log(
      `${path.basename(r.model).padEnd(32)} max|ΔD| ${r.maxGainError.toExponential(2)}  S agree ${(100 * r.sAgreement).toFixed(2)}% of ${r.movingCells}  ` +
        `passes ${r.exhaustivePasses} -> ${r.adaptivePasses} (${(r.exhaustivePasses / r.adaptivePasses).toFixed(1)}x, ${r.fullCells} full cells)  ` +
        `${r.exhaustiveSeconds.toFixed(2)}s -> ${r.adaptiveSeconds.toFixed(2)}s`,
    );
  }
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
}
