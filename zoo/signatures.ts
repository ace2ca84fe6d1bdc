/**
 * Computes the detector's recipe signatures for every kept zoo model, with the project's own
 * engine, into zoo/signatures/<id>.json.gz (gains as log1p-scaled bytes: ~10 KB a model, so
 * they are committed while the models are not). Resumable: a model whose file was made by
 * today's recipe settings (recipeFingerprint) from the same model bytes is skipped, and a file
 * whose steps before the trigger search are current (fingerprintBeforeSearch) gets only the
 * search added or redone: tuning the search costs minutes, not the hours of the whole recipe.
 * With --watch it keeps polling for models the generator is still producing.
 *
 *   npx tsx zoo/signatures.ts [--models zoo/models] [--out zoo/signatures] [--watch]
 *
 * The natural-image zoo's models (zoo/natural.py) are scanned the same way:
 *
 *   npx tsx zoo/signatures.ts --models /work/zoo-cache/natural/models --out zoo/signatures-natural --watch
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import crypto from 'node:crypto';
import { recipeScale, runRecipe } from '../src/recipe/recipe.js';
import { stepContext } from '../src/recipe/context.js';
import { fingerprintBeforeSearch, recipeFingerprint, transferExemplars } from './provenance.js';
import { decodeSteps, encodeSteps, SEARCH_STEP, type StepResult, storedStep, storedSteps } from '../src/recipe/result.js';
import { runTriggerSearch, type SearchResult } from '../src/recipe/trigger-search.js';
import { describeError } from '../src/engine/errors.js';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
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

/** A model trained on mean/std-normalised inputs that its graph does not fold in (meta.json's convention). */
type MeanStd = { mean?: number[]; std?: number[] };

function meanStd(raw: { convention?: MeanStd }): MeanStd {
  const c = raw.convention;
  return c?.mean && c.std ? { mean: c.mean, std: c.std } : {};
}

/** A file's steps before the trigger search, and what they cost. */
type BeforeSearch = { steps: StepResult[]; passes: number; seconds: number };

/**
 * The recipe's steps for one model: all of them, or with `before` only the search, on the
 * transfer test's exemplars drawn again. The file records what the search cost (`searchCost`),
 * so that a later search can replace it.
 */
async function extract(dir: string, meta: ManifestLine, out: string, normalised: MeanStd, before?: BeforeSearch): Promise<void> {
  const options = resolveOptions({ inputRange: inputRange(meta), ...normalised, threads: values.threads ? Number(values.threads) : undefined });
  const model = await loadModel(path.join(dir, 'model.onnx'), options);
  try {
    let run: { steps: StepResult[]; passes: number; seconds: number };
    let searchCost: { passes: number; seconds: number };
    if (before) {
      const started = performance.now();
      const transfer = before.steps.find((s) => s.transfer)!;
      const cell = recipeScale(model.input.height, model.input.width);
      const drawn = await transferExemplars(model, options, cell);
      if (drawn.exemplarMargin !== transfer.exemplarMargin) throw new Error(`exemplars drawn again differ from the stored test's (median margin ${drawn.exemplarMargin} vs ${transfer.exemplarMargin})`);
      const searched = await runTriggerSearch(await stepContext(model, options, cell), { ...drawn, baseLogP: transfer.baseLogP, transfer: transfer.transfer });
      const seconds = (performance.now() - started) / 1000;
      searchCost = { passes: drawn.passes + searched.passes, seconds };
      run = { steps: [...before.steps, storedStep(SEARCH_STEP, searched)], passes: before.passes + searchCost.passes, seconds: before.seconds + seconds };
    } else {
      const fresh = await runRecipe(model, options);
      run = { steps: storedSteps(fresh.result), passes: fresh.passes, seconds: fresh.seconds };
      const searched = fresh.result.search as SearchResult;
      searchCost = { passes: searched.passes, seconds: searched.seconds };
    }
    const tmp = `${out}.tmp`;
    const provenance = { id: meta.id, sha256: model.sha256, recipe: recipeFingerprint(), beforeSearch: fingerprintBeforeSearch(), searchCost };
    fs.writeFileSync(tmp, encodeSteps(run.steps, { ...provenance, passes: run.passes, seconds: run.seconds }));
    fs.renameSync(tmp, out);
    console.log(`${meta.id} ${meta.task} ${meta.family} ${meta.backdoor ? meta.backdoor.type : 'clean'}: ${run.passes} passes in ${run.seconds.toFixed(1)}s${before ? ' (trigger search only)' : ''}`);
  } finally {
    model.native.close();
  }
}

/** Ids whose file this process has found current, so --watch reads and hashes each once. */
const known = new Set<string>();

/**
 * 'current' when today's recipe settings made the file from these very model bytes; its steps
 * before the search and their cost when today's settings made those (the search is missing, or
 * was made with other settings); else stale.
 */
function state(id: string, out: string, modelFile: string): 'current' | 'stale' | BeforeSearch {
  if (known.has(id)) return 'current';
  if (!fs.existsSync(out)) return 'stale';
  const body = decodeSteps(fs.readFileSync(out));
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex');
  if (body.sha256 !== sha256) return 'stale';
  if (body.recipe === recipeFingerprint()) {
    known.add(id);
    return 'current';
  }
  const searched = body.steps.some((s) => s.step === SEARCH_STEP);
  if (body.recipe === fingerprintBeforeSearch() && !searched) return { steps: body.steps, passes: Number(body.passes), seconds: Number(body.seconds) };
  const cost = body.searchCost as { passes: number; seconds: number } | undefined;
  if (body.beforeSearch !== fingerprintBeforeSearch() || !cost) return 'stale';
  return { steps: body.steps.filter((s) => s.step !== SEARCH_STEP), passes: Number(body.passes) - cost.passes, seconds: Number(body.seconds) - cost.seconds };
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
    const raw = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    const meta = normalizeMeta(raw);
    if (!meta.kept || !fs.existsSync(path.join(dir, 'model.onnx'))) continue;
    try {
      const found = state(id, out, path.join(dir, 'model.onnx'));
      if (found === 'current') continue;
      await extract(dir, meta, out, meanStd(raw), found === 'stale' ? undefined : found);
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
