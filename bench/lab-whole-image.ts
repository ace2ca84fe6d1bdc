/**
 * Lab: the whole-image search (src/recipe/whole-image-search.ts) on models whose truth is known.
 * Prints, per model, the classes searched (the screen's first) and, per family, the share of held
 * images the class wins at 25/50/75/100% of the change's strength.
 *
 *   npx tsx bench/lab-whole-image.ts MODEL[:lo,hi] ...      (input range, default 0,1)
 *
 * A model folder's meta.json (as the zoo generators write it) gives the true target. Design-split
 * models only: this chooses the search's settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { stepContext } from '../src/recipe/context.js';
import { CHANGE_FAMILIES } from '../src/recipe/result.js';
import { runWholeImageSearch, strongestFinding } from '../src/recipe/whole-image-search.js';

function truth(file: string): string {
  const meta = path.join(path.dirname(file), 'meta.json');
  if (!fs.existsSync(meta)) return '?';
  const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
  const t = m.backdoor?.triggers?.[0];
  return t ? `${t.kind}->${t.target}` : 'clean';
}

const table: string[] = ['| model | truth | strongest class | family | its wins at 25/50/75/100% strength | best other class searched | passes | seconds |', '|---|---|---|---|---|---|---|---|'];
const pct = (v: number): string => `${Math.round(100 * v)}%`;
for (const arg of process.argv.slice(2)) {
  const [file, range] = arg.split(':') as [string, string | undefined];
  const inputRange = (range ?? '0,1').split(',').map(Number) as [number, number];
  const options = resolveOptions({ inputRange, threads: 2 });
  const model = await loadModel(file, options);
  try {
    const ctx = await stepContext(model, options, 1);
    const started = Date.now();
    const r = await runWholeImageSearch(ctx, []);
    const secs = (Date.now() - started) / 1000;
    console.log(`${file} [${truth(file)}] ${ctx.classes} classes, ${r.passes} passes, ${secs.toFixed(1)} s`);
    const f = strongestFinding(r);
    const name = path.basename(path.dirname(file)) === 'models' ? path.basename(file) : path.basename(path.dirname(file));
    table.push(`| ${name} | ${truth(file)} | ${f?.targetClass ?? '–'} | ${f?.family ?? '–'} | ${f ? f.wins.map(pct).join(' / ') : '–'} | ${f?.otherWins == null ? '–' : pct(f.otherWins)} | ${r.passes} | ${secs.toFixed(0)} |`);
    const searched = [...r.wins.keys()].filter((k) => r.wins[k]).sort((a, b) => r.screen[b]! - r.screen[a]!);
    for (const k of searched) {
      const fam = r.wins[k]!.map((w, f) => `${CHANGE_FAMILIES[f]} ${w.map((v) => (100 * v).toFixed(0)).join('/')}%`).join(' | ');
      console.log(`  class ${String(k).padStart(2)} screen ${r.screen[k]!.toFixed(2)} :: ${fam}`);
    }
  } finally {
    model.native.close();
  }
}
console.log(`\n${table.join('\n')}`);
