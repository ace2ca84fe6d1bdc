/**
 * Computes the detector's recipe signatures for every kept zoo model, with the project's own
 * engine, into zoo/signatures/<id>.json.gz (gains as log1p-scaled bytes: ~10 KB a model, so
 * they are committed while the models are not). Resumable: a model whose file exists is
 * skipped. With --watch it keeps polling for models the generator is still producing.
 *
 *   npx tsx zoo/signatures.ts [--models zoo/models] [--out zoo/signatures] [--watch]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runPatchProbe } from '../src/detector/patch-probe.js';
import { decodeSteps, encodeSteps, PROBE_STEP, recipeScale, runRecipe } from '../src/detector/recipe.js';
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
    fs.writeFileSync(tmp, encodeSteps(run.steps, { id: meta.id, sha256: model.sha256, passes: run.passes, seconds: run.seconds }));
    fs.renameSync(tmp, out);
    console.log(`${meta.id} ${meta.task} ${meta.family} ${meta.backdoor ? meta.backdoor.type : 'clean'}: ${run.passes} passes in ${run.seconds.toFixed(1)}s`);
  } finally {
    model.native.close();
  }
}

/** Signatures made before the recipe had its patch probe get it added, keeping the sweeps. */
async function addProbe(dir: string, meta: ManifestLine, out: string): Promise<boolean> {
  const body = decodeSteps(fs.readFileSync(out));
  if (body.steps.some((s) => s.step === PROBE_STEP)) return false;
  const options = resolveOptions({ inputRange: inputRange(meta), threads: values.threads ? Number(values.threads) : undefined });
  const model = await loadModel(path.join(dir, 'model.onnx'), options);
  try {
    const started = performance.now();
    const probe = await runPatchProbe(model, options, recipeScale(model.input.height, model.input.width));
    const seconds = (performance.now() - started) / 1000;
    const { steps, ...extra } = body;
    const tmp = `${out}.tmp`;
    fs.writeFileSync(tmp, encodeSteps([...steps, probe], { ...extra, passes: Number(extra.passes) + probe.passes, seconds: Number(extra.seconds) + seconds }));
    fs.renameSync(tmp, out);
    console.log(`${meta.id} ${meta.task} ${meta.family}: probe added, ${probe.passes} passes in ${seconds.toFixed(1)}s`);
    return true;
  } finally {
    model.native.close();
  }
}

async function pass(): Promise<number> {
  fs.mkdirSync(values.out!, { recursive: true });
  let done = 0;
  const ids = fs.existsSync(values.models!) ? fs.readdirSync(values.models!).sort() : [];
  for (const [index, id] of ids.entries()) {
    if (index % shardCount !== shardIndex) continue;
    const dir = path.join(values.models!, id);
    const metaFile = path.join(dir, 'meta.json');
    const out = path.join(values.out!, `${id}.json.gz`);
    if (!fs.existsSync(metaFile)) continue;
    const meta = normalizeMeta(JSON.parse(fs.readFileSync(metaFile, 'utf8')));
    if (!meta.kept || !fs.existsSync(path.join(dir, 'model.onnx'))) continue;
    try {
      if (fs.existsSync(out)) {
        if (await addProbe(dir, meta, out)) done++;
        continue;
      }
      await extract(dir, meta, out);
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
