/**
 * Measures the input-convention inference (src/recipe/convention.ts) on zoo models, where the truth is
 * known, into zoo/conventions/<id>.json: the graph's folded normalisation, and the model's
 * behaviour under every candidate convention. The behaviour is stored whole, so the decision
 * rule can be re-applied to it offline (scripts/evaluate.ts does) without the models.
 *
 * With --scan, each convention the rule chooses (and the true one, where zoo/signatures holds
 * no scan of these bytes) is scanned with the whole recipe into
 * zoo/signatures-alt/<id>.<convention>.json.gz, so that the evaluation can score every model
 * with its settings and as a scan without them would: the worst of the conventions chosen.
 *
 *   npx tsx zoo/conventions.ts --models DIR [--out zoo/conventions] [--scan [--design]] [--watch] [--threads 1]
 *
 * --design also scans the training models (train-*, conv-0000..0011) the rule is unsure about.
 *
 * Resumable: a model whose file was made from the same bytes with today's probe is skipped.
 * Model folders hold model.onnx and meta.json, as zoo/generate.py writes them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Convention, candidateConventions, CONVENTION_PROBE_VERSION, conventionFolder, conventionName, type ConventionBehaviour, decide, inferConvention, withConvention } from '../src/recipe/convention.js';
import { runRecipe } from '../src/recipe/recipe.js';
import { recipeFingerprint } from './provenance.js';
import { decodeSteps, encodeRecipe } from '../src/recipe/result.js';
import { describeError } from '../src/engine/errors.js';
import { inspectModelFile, loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', multiple: true, default: ['zoo/models'] },
    out: { type: 'string', default: 'zoo/conventions' },
    alt: { type: 'string', default: 'zoo/signatures-alt' },
    scan: { type: 'boolean', default: false },
    design: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    threads: { type: 'string', default: '1' },
  },
});

/** What a model's own training fed it, as the convention a user must give (meta.json). */
interface Meta {
  id: string;
  input: { channels: number; range: [number, number] | string };
  convention?: { name: string; inputRange: [number, number]; mean?: number[]; std?: number[]; folded?: boolean };
}

export interface ConventionRecord {
  id: string;
  sha256: string;
  channels: number;
  probe: number;
  /** The true convention's name, and how the generator made it (conv split only). */
  truth: string;
  made?: string;
  affine: { scale: number[]; offset: number[]; ops: string[] } | null;
  behaviour: ConventionBehaviour[];
}

function truthOf(meta: Meta): Convention {
  if (meta.convention) {
    const { inputRange, mean, std } = meta.convention;
    return { name: conventionName(meta.input.channels, inputRange, mean, std), inputRange, mean, std };
  }
  const r = meta.input.range;
  const range = (typeof r === 'string' ? r.split(',').map(Number) : r) as [number, number];
  return { name: conventionName(meta.input.channels, range), inputRange: range };
}

const threads = Number(values.threads);

async function measure(dir: string, meta: Meta, out: string): Promise<ConventionRecord> {
  const file = path.join(dir, 'model.onnx');
  const inspected = inspectModelFile(file);
  const options = resolveOptions({ threads });
  const model = await loadModel(file, options, inspected);
  try {
    const choice = await inferConvention(model, options, inspected.affine);
    const record: ConventionRecord = {
      id: meta.id,
      sha256: inspected.sha256,
      channels: model.input.channels,
      probe: CONVENTION_PROBE_VERSION,
      truth: truthOf(meta).name,
      ...(meta.convention ? { made: meta.convention.name } : {}),
      affine: inspected.affine ?? null,
      behaviour: choice.behaviour,
    };
    fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(record)}\n`);
    fs.renameSync(`${out}.tmp`, out);
    return record;
  } finally {
    model.native.close();
  }
}

/**
 * The recipe under each chosen convention, for the evaluation's worst case, and under the true
 * one too unless zoo/signatures holds a scan of these very bytes (a model rebuilt on another
 * machine can differ from the committed one in its last bits, and then its committed scan is
 * of another model).
 */
async function scanChosen(dir: string, meta: Meta, record: ConventionRecord): Promise<void> {
  const all = candidateConventions(meta.input.channels);
  const { chosen } = decide(all, record.behaviour, record.affine ?? undefined);
  const truth = truthOf(meta);
  const wanted = chosen.some((c) => c.name === truth.name) ? chosen : [...chosen, truth];
  for (const c of wanted) {
    if (c.name === truth.name && committedScanOf(meta.id) === record.sha256) continue;
    const target = path.join(values.alt!, `${meta.id}.${conventionFolder(c)}.json.gz`);
    if (fs.existsSync(target) && (decodeSteps(fs.readFileSync(target)) as { sha256?: string }).sha256 === record.sha256) continue;
    const file = path.join(dir, 'model.onnx');
    const options = withConvention(resolveOptions({ threads }), c);
    const model = await loadModel(file, options);
    try {
      const run = await runRecipe(model, options);
      fs.mkdirSync(values.alt!, { recursive: true });
      fs.writeFileSync(`${target}.tmp`, encodeRecipe(run.result, { id: meta.id, sha256: record.sha256, convention: c.name, recipe: recipeFingerprint(), passes: run.passes, seconds: run.seconds }));
      fs.renameSync(`${target}.tmp`, target);
      console.log(`${meta.id} under ${c.name}: ${run.passes} passes in ${run.seconds.toFixed(1)}s`);
    } finally {
      model.native.close();
    }
  }
}

/** The sha256 of the model bytes zoo/signatures/<id>.json.gz was made from, if any. */
function committedScanOf(id: string): string | undefined {
  const file = path.join('zoo', 'signatures', `${id}.json.gz`);
  return fs.existsSync(file) ? (decodeSteps(fs.readFileSync(file)) as { sha256?: string }).sha256 : undefined;
}

const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function pass(): Promise<number> {
  fs.mkdirSync(values.out!, { recursive: true });
  let done = 0;
  for (const root of values.models!) {
    if (!fs.existsSync(root)) continue;
    for (const id of fs.readdirSync(root).sort()) {
      const dir = path.join(root, id);
      if (!fs.existsSync(path.join(dir, 'meta.json')) || !fs.existsSync(path.join(dir, 'model.onnx'))) continue;
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Meta;
      const out = path.join(values.out!, `${id}.json`);
      try {
        let record = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as ConventionRecord) : undefined;
        if (!record || record.probe !== CONVENTION_PROBE_VERSION || record.sha256 !== sha256(path.join(dir, 'model.onnx'))) {
          record = await measure(dir, meta, out);
          const chosen = decide(candidateConventions(meta.input.channels), record.behaviour, record.affine ?? undefined);
          console.log(`${id}: truth ${record.truth}, chosen ${chosen.chosen.map((c) => c.name).join(' | ')} (${chosen.basis})`);
          done++;
        }
        // The evaluation scores held-out zoo models; the others need no scans beside their own,
        // but with --design the ones the rule is unsure about are scanned under each convention
        // it chose, to design how an unsure scan's worst case is judged on training models.
        const unsure = decide(candidateConventions(meta.input.channels), record.behaviour, record.affine ?? undefined).chosen.length > 1;
        if (values.scan && (id.startsWith('test-') || (values.design && unsure))) await scanChosen(dir, meta, record);
      } catch (error) {
        console.log(`${id}: ${describeError(error)}`);
      }
    }
  }
  return done;
}

do {
  await pass();
  if (values.watch) await new Promise((resolve) => setTimeout(resolve, 60_000));
} while (values.watch);
