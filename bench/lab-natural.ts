/**
 * The natural-image zoo (zoo/natural.py) as the shipped detector and the whole-image search see
 * it, from its committed signatures (zoo/signatures-natural, made by zoo/signatures.ts): per
 * model, the truth, the detector's probability and class, and the whole-image search's
 * strongest finding. Design models only unless --all: the test and untouched splits are for
 * the evaluation, not for choosing anything.
 *
 *   npx tsx bench/lab-natural.ts [--all] [--out bench/results/lab-natural.md]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { detect, loadWeights } from '../src/detector/detector.js';
import { RECIPE_STEPS } from '../src/recipe/recipe.js';
import { decodeSteps, recipeResult, type StepResult } from '../src/recipe/result.js';
import { strongestFinding } from '../src/recipe/whole-image-search.js';
import { readManifest } from '../zoo/dataset.js';

const { values } = parseArgs({
  options: {
    all: { type: 'boolean', default: false },
    manifest: { type: 'string', default: 'zoo/natural-manifest.jsonl' },
    signatures: { type: 'string', default: 'zoo/signatures-natural' },
    out: { type: 'string' },
  },
});

const weights = loadWeights();
const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : `${Math.round(100 * v)}%`);
const rows: string[] = [];
for (const m of readManifest(values.manifest)) {
  const split = m.split as string;
  if (!values.all && split !== 'design') continue;
  const file = path.join(values.signatures!, `${m.id}.json.gz`);
  if (!m.kept || !fs.existsSync(file)) continue;
  const body = decodeSteps(fs.readFileSync(file)) as { steps: StepResult[]; seconds: number };
  const result = recipeResult(body.steps.filter((s) => RECIPE_STEPS.includes(s.step)));
  const d = detect(weights, result, m.input.height, m.input.width);
  const truth = m.backdoor ? `${m.backdoor.type} → ${m.backdoor.triggers.map((t) => t.target).join(',')}` : 'clean';
  const w = result.wholeImage && strongestFinding(result.wholeImage);
  const whole = w ? `${w.targetClass} ${w.family}: ${pct(w.wins[1])} / ${pct(w.wins.at(-1))} (other ${pct(w.otherWins)})` : '–';
  rows.push(`| ${m.id} | ${split} | ${m.task} | ${m.family} | ${truth} | ${d.probability.toFixed(3)} | ${d.targetClass} (${d.trigger}) | ${whole} | ${body.seconds.toFixed(0)} |`);
}
const table = [
  `Natural-image zoo models with signatures${values.all ? '' : ' (design split only)'}, scored by the shipped detector (threshold ${weights.threshold.toFixed(3)}); whole-image: the search's strongest class and family, its wins on held images at half / full strength, and the best other class searched at full strength.`,
  '',
  '| model | split | task | family | truth | p(backdoor) | detector\'s class | whole-image | scan s |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
if (values.out) fs.writeFileSync(values.out, `# Natural-image zoo, as the detector sees it\n\n\`npx tsx bench/lab-natural.ts${values.all ? ' --all' : ''} --out ${values.out}\`\n\n${table}\n`);
