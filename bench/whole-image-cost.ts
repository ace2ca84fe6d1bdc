/**
 * What the whole-image search adds to a scan: the whole recipe run once per model, with each
 * step's seconds (from the recipe's step callbacks) and the search's passes against the rest,
 * side by side on the same machine in one run.
 *
 *   npx tsx bench/whole-image-cost.ts [--out bench/results/whole-image-cost.md] LABEL=MODEL[:lo,hi] ...
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { RECIPE_STEPS, runRecipe } from '../src/recipe/recipe.js';
import { WHOLE_IMAGE_STEP } from '../src/recipe/result.js';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
const rows: string[] = [];
for (const arg of positionals) {
  const [label, spec] = arg.includes('=') ? (arg.split('=') as [string, string]) : [arg, arg];
  const [file, range] = spec.split(':') as [string, string | undefined];
  const options = resolveOptions({ inputRange: (range ?? '0,1').split(',').map(Number) as [number, number], threads: 2 });
  const model = await loadModel(file, options);
  try {
    const marks: [string, number][] = [];
    let wholePasses = 0;
    const run = await runRecipe(model, options, {
      onStep: (_i, _n, step) => marks.push([step, performance.now()]),
      onProgress: (p) => {
        if (marks.at(-1)?.[0] === WHOLE_IMAGE_STEP) wholePasses = p.done;
      },
    });
    const end = performance.now();
    const wholeStart = marks.find(([s]) => s === WHOLE_IMAGE_STEP)![1];
    const wholeSeconds = (end - wholeStart) / 1000;
    const rest = run.seconds - wholeSeconds;
    const { channels, height, width } = model.input;
    rows.push(`| ${label} | ${channels}×${height}×${width}, ${run.result.pixel.classes} classes | ${(run.passes - wholePasses).toLocaleString('en')} | ${rest.toFixed(1)} | ${wholePasses.toLocaleString('en')} | ${wholeSeconds.toFixed(1)} | +${((100 * wholePasses) / (run.passes - wholePasses)).toFixed(0)}% passes, +${((100 * wholeSeconds) / rest).toFixed(0)}% time |`);
    console.log(rows.at(-1));
  } finally {
    model.native.close();
  }
}
const load = os.loadavg().map((v) => v.toFixed(2)).join('/');
const doc = [
  '# What the whole-image search adds to a scan',
  '',
  `\`npx tsx bench/whole-image-cost.ts ${process.argv.slice(2).filter((a) => !a.startsWith('--out') && a !== values.out).join(' ')}\``,
  `(${new Date().toISOString().slice(0, 10)}, 2 threads, load average at the end ${load}: other work shared the two cores, so seconds are high and noisy; compare within a row).`,
  `Steps before it: ${RECIPE_STEPS.filter((s) => s !== WHOLE_IMAGE_STEP).join(', ')}.`,
  '',
  '| model | input | passes before it | seconds | whole-image passes | seconds | added |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
if (values.out) fs.writeFileSync(values.out, doc);
else console.log(doc);
