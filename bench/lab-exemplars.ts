/**
 * Lab: how many of a model's classes the transfer test's exemplar pool reaches. The test keeps,
 * per class, images the model itself gives that class with a margin (transfer-test.ts,
 * drawExemplars); a class with none cannot be a target's "other class", and a model whose pool
 * reaches few classes leaves the test nearly blind. Compares today's pool (scribbles on black)
 * with candidate pools for natural-image models, on the same number of images:
 *
 *   npx tsx bench/lab-exemplars.ts MODEL[:lo,hi] ...      (input range, default 0,1)
 *
 * Design-split models only: this chooses a recipe change.
 */
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { stepContext } from '../src/recipe/context.js';
import { Canvas, margin, palette, random, scribble } from '../src/recipe/images.js';
import { TRANSFER } from '../src/recipe/transfer-test.js';

type Pool = (C: number, H: number, W: number, next: () => number) => Canvas;

/** Today's pool: 2-4 palette-coloured strokes on black. */
const scribbles: Pool = (C, H, W, next) => {
  const canvas = new Canvas(C, H, W);
  const inks = palette(C).slice(1);
  const strokes = 2 + Math.floor(next() * 3);
  for (let n = 0; n < strokes; n++) scribble(canvas, inks[Math.floor(next() * inks.length)]!, next, 1);
  return canvas;
};

/** A smooth random colour field: a k×k grid of random colours (k = 2-5), bilinearly upsampled. */
const smoothField: Pool = (C, H, W, next) => {
  const k = 2 + Math.floor(next() * 4);
  const grid = Array.from({ length: C * k * k }, () => next() * 255);
  const canvas = new Canvas(C, H, W);
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const gy = (y / (H - 1)) * (k - 1);
        const gx = (x / (W - 1)) * (k - 1);
        const y0 = Math.min(k - 2, Math.floor(gy));
        const x0 = Math.min(k - 2, Math.floor(gx));
        const fy = gy - y0;
        const fx = gx - x0;
        const at = (yy: number, xx: number): number => grid[(c * k + yy) * k + xx]!;
        canvas.pixels[(c * H + y) * W + x] = (at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx) * (1 - fy) + (at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx) * fy;
      }
    }
  }
  return canvas;
};

/** A smooth field with 1-3 filled discs of random colour on it (a sign, an object). */
const blobs: Pool = (C, H, W, next) => {
  const canvas = smoothField(C, H, W, next);
  const discs = 1 + Math.floor(next() * 3);
  for (let d = 0; d < discs; d++) {
    const cx = next() * W;
    const cy = next() * H;
    const r = (0.15 + next() * 0.3) * Math.min(H, W);
    const colour = Array.from({ length: C }, () => next() * 255);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) for (let c = 0; c < C; c++) canvas.pixels[(c * H + y) * W + x] = colour[c]!;
  }
  return canvas;
};

const POOLS: [string, Pool][] = [['scribbles on black (today)', scribbles], ['smooth colour fields', smoothField], ['fields with discs', blobs]];

for (const arg of process.argv.slice(2)) {
  const [file, range] = arg.split(':') as [string, string | undefined];
  const inputRange = (range ?? '0,1').split(',').map(Number) as [number, number];
  const options = resolveOptions({ inputRange, threads: 2 });
  const model = await loadModel(file, options);
  try {
    const ctx = await stepContext(model, options, 1);
    const { channels: C, height: H, width: W } = model.input;
    console.log(`${file} (${ctx.classes} classes, range ${inputRange.join(',')})`);
    for (const [name, pool] of POOLS) {
      const next = random(0x5eed);
      const images = Array.from({ length: TRANSFER.pool }, () => pool(C, H, W, next));
      const rows = await ctx.runner.forStep().score(images);
      const reached = new Set<number>();
      let kept = 0;
      for (let k = 0; k < ctx.classes; k++) {
        const n = rows.filter((row) => margin(row, k) > TRANSFER.minMargin).length;
        if (n > 0) reached.add(k);
        kept += Math.min(n, TRANSFER.perClass);
      }
      console.log(`  ${name.padEnd(28)} classes reached ${String(reached.size).padStart(3)} of ${ctx.classes}, exemplars kept ${kept}`);
    }
  } finally {
    model.native.close();
  }
}
