/**
 * Runs the recipe afresh on zoo models and compares every step with the stored result, bit for
 * bit: the check that a change to the code measuring models changed no measurement.
 *
 *   npx tsx scripts/check-recipe.ts --models /work/zoo-cache/models test-0207 test-0208 test-0209
 *
 * A model is MODELS/<id>/model.onnx; its stored result is zoo/signatures-alt/<id>.range-0-1.json.gz
 * (made by zoo/conventions.ts --scan from the same file, whose sha256 it records). Exits 1 when
 * any step differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { runRecipe } from '../src/recipe/recipe.js';
import { decodeSteps, type StepResult, storedSteps } from '../src/recipe/result.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { models: { type: 'string' }, stored: { type: 'string', default: 'zoo/signatures-alt' }, threads: { type: 'string', default: '2' } },
});
if (!values.models || positionals.length === 0) {
  console.error('usage: npx tsx scripts/check-recipe.ts --models DIR ID [ID ...]');
  process.exit(2);
}

/**
 * A step as stored, gains as base64, without the wall time some steps record, and only with the
 * fields the stored step has (a result stored before the transfer test recorded its triggers'
 * cells and patterns lacks them; they are pictures of what it measured, not measurements):
 * equal exactly when the measurements are.
 */
const canonical = (s: StepResult, fields: string[]): string => {
  const { seconds: _seconds, ...measured } = s as StepResult & { seconds?: number };
  const kept = Object.fromEntries(Object.entries({ ...measured, gain: Buffer.from(s.gain).toString('base64') }).filter(([k]) => fields.includes(k)));
  return JSON.stringify(kept);
};

let differing = 0;
for (const id of positionals) {
  const file = path.join(values.models, id, 'model.onnx');
  const storedFile = path.join(values.stored!, `${id}.range-0-1.json.gz`);
  if (!fs.existsSync(storedFile) || !fs.existsSync(file)) {
    console.log(`${id}: skipped (no ${fs.existsSync(file) ? storedFile : file})`);
    continue;
  }
  const stored = JSON.parse(zlib.gunzipSync(fs.readFileSync(storedFile)).toString('utf8')) as { sha256: string };
  const model = await loadModel(file, resolveOptions({ threads: Number(values.threads), inputRange: [0, 1] }));
  try {
    if (model.sha256 !== stored.sha256) throw new Error(`${id}: the model file is not the one the stored result was made from`);
    const run = await runRecipe(model, resolveOptions({ threads: Number(values.threads), inputRange: [0, 1] }));
    const before = decodeSteps(fs.readFileSync(storedFile)).steps;
    const after = storedSteps(run.result);
    const rows = before.map((s, i) => `${s.step} ${canonical(s, Object.keys(s)) === canonical(after[i]!, Object.keys(s)) ? 'same' : 'DIFFERENT'}`);
    const same = after.length === before.length && rows.every((r) => r.endsWith('same'));
    if (!same) differing++;
    console.log(`${id} (${run.result.pixel.classes} classes, ${run.passes} passes, ${run.seconds.toFixed(1)} s): ${same ? 'every step the same' : rows.join(', ')}`);
  } finally {
    model.native.close();
  }
}
process.exit(differing > 0 ? 1 : 0);
