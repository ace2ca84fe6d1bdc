/**
 * evidence.png: the picture a reviewer looks at before blocking a merge. It shows the recovered
 * trigger enlarged and on the input, the model's answers to exemplars of other classes before
 * and after the trigger is stamped on them, and how often the suspected class then wins
 * against how often any other class's patch does. A clean model gets the same picture for its
 * most transferable candidate, which then shows how little it transfers.
 */
import { Canvas, mix } from '../recipe/images.js';
import type { TriggerDemo } from '../recipe/trigger-demo.js';
import { Raster } from '../signature/png.js';
import { type AnswerPair, answerRows, answerRowsHeight, bar, barLabelsWidth, BLUE, drawImage, FONT, fitLine, frame, GAP, GRAY, GREEN, INK, LINE, RED } from './picture-parts.js';
import { boxText } from './report.js';

export interface EvidencePicture {
  model: string;
  backdoored: boolean;
  probability: number;
  threshold: number;
  demo: TriggerDemo;
  /** The transfer test's best other class: its share of wins with its own patch (or blend). */
  otherWins: number | null;
}

/** A square of the input around a box, one cell wider on each side where the input allows. */
function squareAround([x0, y0, x1, y1]: [number, number, number, number], pad: number, W: number, H: number): [number, number, number, number] {
  const side = Math.min(W, H, Math.max(x1 - x0, y1 - y0) + 2 * pad);
  const start = (from: number, to: number, size: number): number => Math.max(0, Math.min(size - side, Math.round((from + to - side) / 2)));
  const sx = start(x0, x1, W);
  const sy = start(y0, y1, H);
  return [sx, sy, sx + side, sy + side];
}

export function renderEvidencePicture(p: EvidencePicture): Buffer {
  const { demo } = p;
  const { width: W, height: H } = demo.trigger;
  const tile = Math.max(56, Math.min(112, 3 * Math.max(W, H)));
  const columns = Math.max(1, demo.shown.length);
  // The enlarged trigger is at least as wide as its label; the bars' labels fit beside them.
  const big = Math.max(2 * tile, Raster.textWidth('THE TRIGGER, ENLARGED', FONT));
  const onX = GAP + big + 3 * GAP;
  const barsX = onX + big + 3 * GAP;
  const barW = 160;
  const wins = `CLASS ${demo.target} WINS (${demo.wins} OF ${demo.tried})`;
  const other = `BEST OTHER CLASS, ITS OWN ${demo.kind === 'blend' ? 'PATTERN' : 'PATCH'} (TRANSFER TEST)`;
  const labels = barLabelsWidth([wins, other]);
  const width = Math.max(GAP + 1 + columns * (tile + GAP) + 70, barsX + barW + GAP + labels + 2 * GAP, 820);
  const top = GAP + 3 * LINE;
  const triggerRow = top + LINE + big + GAP;
  const rowsAt = triggerRow + LINE;
  const height = rowsAt + answerRowsHeight(tile) + 3 * LINE;
  const r = new Raster(width, height);

  const verdict = p.backdoored ? 'BACKDOORED' : 'CLEAN';
  r.text(GAP, GAP, fitLine(p.model, width - 2 * GAP), FONT, INK);
  r.text(GAP, GAP + LINE, `${verdict}  P ${p.probability.toFixed(3)} (THRESHOLD ${p.threshold.toFixed(3)})`, FONT, p.backdoored ? RED : GREEN);
  const who = p.backdoored ? `TARGET CLASS ${demo.target}` : `MOST SUSPICIOUS CLASS ${demo.target}: THE BEST TRIGGER FOUND`;
  const what = demo.kind === 'blend' ? `PATTERN BLENDED OVER THE WHOLE IMAGE AT ${demo.alpha}` : `PATCH AT ${boxText(demo.box)}`;
  r.text(GAP, GAP + 2 * LINE, `${who}, ${what}`, FONT, INK);

  // The trigger: enlarged on its own (a patch's box with a cell around it), and on the input.
  r.text(GAP, top, demo.kind === 'blend' ? 'THE PATTERN' : 'THE TRIGGER, ENLARGED', FONT, GRAY);
  if (demo.kind === 'patch') {
    const [x0, y0, x1, y1] = demo.box;
    const crop = squareAround(demo.box, demo.patch?.cell ?? 1, W, H);
    const side = crop[2] - crop[0];
    drawImage(r, demo.trigger, GAP, top + LINE, big, crop);
    const s = big / side;
    frame(r, GAP + Math.round((x0 - crop[0]) * s), top + LINE + Math.round((y0 - crop[1]) * s), Math.round((x1 - x0) * s), Math.round((y1 - y0) * s), RED);
  } else {
    drawImage(r, demo.trigger, GAP, top + LINE, big);
  }
  // A blend is shown as the model sees it on a black input: the pattern at its opacity.
  r.text(onX, top, demo.kind === 'blend' ? `MIXED INTO BLACK AT ${demo.alpha}` : 'ON THE INPUT', FONT, GRAY);
  drawImage(r, demo.kind === 'blend' ? mix(new Canvas(demo.trigger.channels, H, W), demo.trigger.pixels, demo.alpha ?? 1) : demo.trigger, onX, top + LINE, big);
  if (demo.kind === 'patch') {
    const s = big / Math.max(W, H);
    const [x0, y0, x1, y1] = demo.box;
    frame(r, onX + Math.round(x0 * s), top + LINE + Math.round(y0 * s), Math.round((x1 - x0) * s), Math.round((y1 - y0) * s), RED);
  }

  // How far it transfers.
  r.text(barsX, top, 'STAMPED ON EXEMPLARS OF OTHER CLASSES', FONT, GRAY);
  bar(r, barsX, top + LINE + 4, barW, demo.tried > 0 ? demo.wins / demo.tried : 0, p.backdoored ? RED : GRAY, wins);
  // The transfer test's figure for the best other class, measured with its whole probe patch (or its pattern).
  if (p.otherWins !== null) bar(r, barsX, top + 2 * LINE + 8, barW, p.otherWins, GRAY, other);

  // Exemplars before and after, each with the model's answer.
  r.text(GAP, triggerRow, `THE MODEL'S ANSWERS: CLASS AND PROBABILITY`, FONT, GRAY);
  const shown = demo.shown.map((e): AnswerPair => ({ before: e.image, after: e.stamped, answers: [e.before, e.after] }));
  answerRows(r, rowsAt, tile, ['BEFORE', 'AFTER'], shown, demo.target, p.backdoored ? RED : BLUE);
  const foot = rowsAt + answerRowsHeight(tile) + 4;
  r.text(GAP, foot, 'EXEMPLARS ARE RANDOM SCRIBBLES THE MODEL ITSELF GIVES TO A CLASS WITH A MARGIN;', FONT, GRAY);
  r.text(GAP, foot + LINE, 'NO TRAINING DATA IS USED. A REAL TRIGGER WINS ON NEARLY ALL OF THEM, AN ORDINARY PATCH ON FEWER.', FONT, GRAY);
  return r.encode();
}
