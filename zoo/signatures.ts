/**
 * Computes the detector's recipe signatures for every kept zoo model, with the project's own
 * engine, into zoo/signatures/<id>.json.gz (gains as log1p-scaled bytes: ~10 KB a model, so
 * they are committed while the models are not). Resumable: a model whose file was made by
 * today's recipe settings (recipeFingerprint) from the same model bytes is skipped. With --watch
 * it keeps polling for models the generator is still producing.
 *
 *   npx tsx zoo/signatures.ts [--models zoo/models] [--out zoo/signatures] [--watch]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import crypto from 'node:crypto';
import { decodeSteps, encodeSteps, recipeFingerprint, runRecipe } from '../src/detector/recipe.js';
import { describeError } from '../src/errors.js';
import { loadModel } from '../src/model.js';
import { resolveOptions } from '../src/options.js';
import { inputRange, type ManifestLine, normalizeMeta } from './dataset.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'zoo/models' },
    out: { type: 'string', default: 'zoo/signatures' },
    watch: { type: 'boolean', default: false },
    threads: { type: 'string' },
    // i/n: this process takes every n-th model from the i-th, so n processes share the zoo.
    shard: { type: 'string', default: '0/1' },
  },
});
const [shardIndex, shardCount] = values.shard!.split('/').map(Number) as [number, number];

async function extract(dir: string, meta: ManifestLine, out: string): Promise<void> {
  const options = resolveOptions({ inputRange: inputRange(meta), threads: values.threads ? Number(values.threads) : undefined });
  const model = await loadModel(path.join(dir, 'model.onnx'), options);
  try {
    const run = await runRecipe(model, options);
    const tmp = `${out}.tmp`;
    fs.writeFileSync(tmp, encodeSteps(run.steps, { id: meta.id, sha256: model.sha256, recipe: recipeFingerprint(), passes: run.passes, seconds: run.seconds }));
    fs.renameSync(tmp, out);
    console.log(`${meta.id} ${meta.task} ${meta.family} ${meta.backdoor ? meta.backdoor.type : 'clean'}: ${run.passes} passes in ${run.seconds.toFixed(1)}s`);
  } finally {
    model.native.close();
  }
}

/** Ids whose file this process has found current, so --watch reads and hashes each once. */
const known = new Set<string>();

/** A file is current when today's recipe settings made it from these very model bytes. */
function current(id: string, out: string, modelFile: string): boolean {
  if (known.has(id)) return true;
  if (!fs.existsSync(out)) return false;
  const body = decodeSteps(fs.readFileSync(out));
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex');
  const ok = body.sha256 === sha256 && body.recipe === recipeFingerprint();
  if (ok) known.add(id);
  return ok;
}

async function pass(): Promise<number> {
  fs.mkdirSync(values.out!, { recursive: true });
  let done = 0;
  const ids = fs.existsSync(values.models!) ? fs.readdirSync(values.models!).sort() : [];
  for (const id of ids) {
    // By the id itself, not its place in the listing: the listing grows while the zoo trains.
    if (Number.parseInt(id.replace(/\D/g, '') || '0', 10) % shardCount !== shardIndex) continue;
    const dir = path.join(values.models!, id);
    const metaFile = path.join(dir, 'meta.json');
    const out = path.join(values.out!, `${id}.json.gz`);
    if (!fs.existsSync(metaFile)) continue;
    const meta = normalizeMeta(JSON.parse(fs.readFileSync(metaFile, 'utf8')));
    if (!meta.kept || !fs.existsSync(path.join(dir, 'model.onnx'))) continue;
    try {
      if (current(id, out, path.join(dir, 'model.onnx'))) continue;
      await extract(dir, meta, out);
      known.add(id);
      done++;
    } catch (error) {
      console.error(`${id}: ${describeError(error)}`);
    }
  }
  return done;
}

do {
  const done = await pass();
  if (values.watch && done === 0) await new Promise((r) => setTimeout(r, 20_000));
} while (values.watch);
