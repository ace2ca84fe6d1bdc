/**
 * whole-image.png: what the whole-image search found, for a reviewer to look at. It shows the
 * change on a test chart (a tone change shifts the ramp, a warp bends the rules, a field blots
 * it, posterising bands it) and alone, amplified, the model's answers to unseen images before
 * and after the change at half strength, how often the class then wins, and what the search
 * measured on its own held images.
 * The search is reported, not judged: the picture says so.
 */
import { Canvas } from '../recipe/images.js';
import type { WholeImageDemo } from '../recipe/whole-image-demo.js';
import type { ChangeFamily } from '../recipe/result.js';
import { Raster } from '../signature/png.js';
import { type AnswerPair, answerRows, answerRowsHeight, bar, barLabelsWidth, BLUE, drawImage, FONT, fitLine, GAP, GRAY, INK, LINE, pct } from './picture-parts.js';

export interface WholeImagePicture {
  model: string;
  verdict: 'backdoored' | 'clean';
  probability: number;
  demo: WholeImageDemo;
  /** What the search itself measured on its held images: the class's wins at 25/50/75/100% strength, and the best other class's at full. */
  search: { wins: number[]; otherWins: number | null };
}

const FAMILY_WORDS: Record<ChangeFamily, string> = {
  tone: 'A TONE CHANGE (GAIN, GAMMA AND OFFSET PER CHANNEL)',
  field: 'A SMOOTH FIELD ADDED OVER THE IMAGE',
  warp: 'A SMOOTH WARP BY A FEW PIXELS',
  posterise: 'POSTERISING',
};

/** The change alone, amplified about mid-gray: subtle tone changes and fields become visible, a warp shows at edges. */
const DIFFERENCE_GAIN = 4;
function difference(before: Canvas, after: Canvas): Canvas {
  const out = new Canvas(before.channels, before.height, before.width);
  out.pixels.forEach((_, i) => {
    out.pixels[i] = Math.max(0, Math.min(255, 128 + DIFFERENCE_GAIN * (after.pixels[i]! - before.pixels[i]!)));
  });
  return out;
}

export function renderWholeImagePicture(p: WholeImagePicture): Buffer {
  const { demo } = p;
  const { width: W, height: H } = demo.chart;
  const tile = Math.max(56, Math.min(112, 3 * Math.max(W, H)));
  const columns = Math.max(1, demo.shown.length);
  const full = demo.charts.at(-1)!;
  const charts = [demo.chart, ...demo.charts, difference(demo.chart, full)];
  const chartLabels = ['TEST CHART', ...demo.strengths.map((a) => `AT ${pct(a)} STRENGTH`), `CHANGE AT ${pct(demo.strengths.at(-1)!)}, x${DIFFERENCE_GAIN}`];
  const chartSide = Math.max(tile, ...chartLabels.map((t) => Raster.textWidth(t, FONT)));
  const barsX = GAP + (charts.length - 1) * (chartSide + 2 * GAP) + chartSide + 3 * GAP;
  const barW = 160;
  const winLabels = demo.strengths.map((a, i) => `CLASS ${demo.target} WINS AT ${pct(a)} STRENGTH (${Math.round(demo.wins[i]! * demo.tried)} OF ${demo.tried})`);
  const other = 'BEST OTHER CLASS AT FULL STRENGTH, IN THE SEARCH';
  const [, half] = p.search.wins;
  const searchLine = `IN THE SEARCH (ITS HELD IMAGES): ${pct(half ?? 0)} AT 50%, ${pct(p.search.wins.at(-1) ?? 0)} AT 100%`;
  const skippedLine = demo.alreadyTarget > 0 ? `${demo.alreadyTarget} OF ${demo.drawn} IMAGES DRAWN WENT TO CLASS ${demo.target} UNCHANGED: NOT TRIED` : '';
  const width = Math.max(
    GAP + 1 + columns * (tile + GAP) + 70,
    barsX + barW + GAP + barLabelsWidth([...winLabels, other]) + 2 * GAP,
    barsX + Math.max(...[searchLine, skippedLine].map((t) => Raster.textWidth(t, FONT))) + 2 * GAP,
    820,
  );
  const top = GAP + 3 * LINE;
  const rowsAt = top + Math.max(LINE + chartSide, (demo.wins.length + 4) * (LINE + 4) + GAP) + GAP + LINE;
  const height = rowsAt + answerRowsHeight(tile) + 3 * LINE;
  const r = new Raster(width, height);

  r.text(GAP, GAP, fitLine(p.model, width - 2 * GAP), FONT, INK);
  r.text(GAP, GAP + LINE, `WHOLE-IMAGE SEARCH: REPORTED, NOT PART OF THE VERDICT (${p.verdict.toUpperCase()}, P ${p.probability.toFixed(3)})`, FONT, GRAY);
  r.text(GAP, GAP + 2 * LINE, fitLine(`CLASS ${demo.target}: ${FAMILY_WORDS[demo.change.family]}`, width - 2 * GAP), FONT, INK);

  // The change on the chart, unchanged first.
  charts.forEach((image, i) => {
    const x = GAP + i * (chartSide + 2 * GAP);
    r.text(x, top, chartLabels[i]!, FONT, GRAY);
    drawImage(r, image, x, top + LINE, chartSide);
  });

  // The bars are this picture's own images; the search's figures, on its held images, are
  // the report's, so both are shown and named.
  r.text(barsX, top, `ON ${demo.tried} MORE UNSEEN IMAGES OF OTHER CLASSES`, FONT, GRAY);
  demo.wins.forEach((w, i) => bar(r, barsX, top + (i + 1) * (LINE + 4), barW, w, BLUE, winLabels[i]!));
  const searchAt = top + (demo.wins.length + 1) * (LINE + 4) + GAP;
  r.text(barsX, searchAt, searchLine, FONT, GRAY);
  if (p.search.otherWins !== null) bar(r, barsX, searchAt + LINE + 4, barW, p.search.otherWins, GRAY, other);
  if (skippedLine) r.text(barsX, searchAt + 2 * (LINE + 4), skippedLine, FONT, GRAY);

  r.text(GAP, rowsAt - LINE, `THE MODEL'S ANSWERS: CLASS AND PROBABILITY`, FONT, GRAY);
  const shown = demo.shown.map((e): AnswerPair => ({ before: e.image, after: e.changed, answers: [e.before, e.after] }));
  answerRows(r, rowsAt, tile, ['BEFORE', `AFTER, AT ${pct(demo.strengths[0]!)} STRENGTH`], shown, demo.target, BLUE);
  const foot = rowsAt + answerRowsHeight(tile) + 4;
  r.text(GAP, foot, 'IMAGES ARE SEEDED SMOOTH FIELDS AND STROKES OF THE KIND THE SEARCH USES, NONE OF WHICH IT SAW;', FONT, GRAY);
  r.text(GAP, foot + LINE, 'NO TRAINING DATA IS USED. A WHOLE-IMAGE TRIGGER WINS ON NEARLY ALL OF THEM.', FONT, GRAY);
  return r.encode();
}
