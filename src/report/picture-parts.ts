/**
 * What the evidence pictures share: the font size and spacing, the colours, and drawing an input
 * image enlarged, a frame, a labelled bar and a line that fits. Pure: a Raster in, pixels out.
 */
import type { Canvas } from '../recipe/images.js';
import { Raster, type Rgb } from '../signature/png.js';

export const FONT = 2;
export const LINE = 5 * FONT + 6;
export const GAP = 10;
export const RED: Rgb = [200, 30, 30];
export const GREEN: Rgb = [20, 130, 50];
export const GRAY: Rgb = [110, 110, 110];
export const INK: Rgb = [0, 0, 0];
export const BLUE: Rgb = [30, 70, 180];

/** A canvas's pixel as screen colour: RGB as is, any other channel count as the first channel's gray. */
function colourAt(image: Canvas, y: number, x: number): Rgb {
  const { channels: C, height: H, width: W, pixels } = image;
  const v = (c: number): number => Math.max(0, Math.min(255, Math.round(pixels[(c * H + y) * W + x]!)));
  return C === 3 ? [v(0), v(1), v(2)] : [v(0), v(0), v(0)];
}

/** Draws rows [y0, y1) × columns [x0, x1) of an image into a side × side square (nearest pixel). */
export function drawImage(r: Raster, image: Canvas, x: number, y: number, side: number, crop: [number, number, number, number] = [0, 0, image.width, image.height]): void {
  const [x0, y0, x1, y1] = crop;
  const scale = side / Math.max(x1 - x0, y1 - y0);
  for (let py = 0; py < Math.round((y1 - y0) * scale); py++) {
    for (let px = 0; px < Math.round((x1 - x0) * scale); px++) {
      r.fill(x + px, y + py, 1, 1, colourAt(image, Math.min(y1 - 1, y0 + Math.floor(py / scale)), Math.min(x1 - 1, x0 + Math.floor(px / scale))));
    }
  }
}

export function frame(r: Raster, x: number, y: number, w: number, h: number, colour: Rgb, width = 2): void {
  r.fill(x - width, y - width, w + 2 * width, width, colour);
  r.fill(x - width, y + h, w + 2 * width, width, colour);
  r.fill(x - width, y, width, h, colour);
  r.fill(x + w, y, width, h, colour);
}

/** A line cut from the left to fit `width` pixels (a path keeps its file name). */
export function fitLine(text: string, width: number): string {
  const chars = Math.floor((width + FONT) / (4 * FONT));
  return text.length <= chars ? text : `...${text.slice(text.length - chars + 3)}`;
}

export const pct = (share: number): string => `${Math.round(share * 100)}%`;

/** A share as a labelled bar. */
export function bar(r: Raster, x: number, y: number, width: number, share: number, colour: Rgb, label: string): void {
  r.fill(x, y, width, 12, [230, 230, 230]);
  r.fill(x, y, Math.round(width * Math.max(0, Math.min(1, share))), 12, colour);
  r.text(x + width + GAP, y + 1, `${pct(share)}  ${label}`, FONT, INK);
}

/** Width a bar with a share label needs: the bar, the gap and its longest label at 100%. */
export function barLabelsWidth(labels: string[]): number {
  return Math.max(...labels.map((t) => Raster.textWidth(`100%  ${t}`, FONT)));
}

/** An answer is shown as its top class and that class's probability. */
type Answer = { top: number; probability: number };
const answerText = (a: Answer): string => `${a.top} ${a.probability.toFixed(2)}`;

/** One image shown before and after a change, with the model's answer to each. */
export interface AnswerPair {
  before: Canvas;
  after: Canvas;
  answers: [Answer, Answer];
}

/** The height of answerRows' two rows for tiles of this side, their labels and answers included. */
export const answerRowsHeight = (tile: number): number => 2 * (tile + 2 * LINE + 4);

/**
 * Two labelled rows of tiles from `y`, the images before and after a change, each with the
 * model's answer under it; an answer that goes to `target` after the change is drawn in `hit`.
 */
export function answerRows(r: Raster, y: number, tile: number, labels: [string, string], shown: AnswerPair[], target: number, hit: Rgb): void {
  labels.forEach((label, row) => {
    const top = y + (row * answerRowsHeight(tile)) / 2;
    r.text(GAP, top, label, FONT, INK);
    shown.forEach((e, i) => {
      const x = GAP + i * (tile + GAP);
      drawImage(r, row === 0 ? e.before : e.after, x, top + LINE, tile);
      const a = e.answers[row]!;
      r.text(x, top + LINE + tile + 4, answerText(a), FONT, a.top === target && row === 1 ? hit : INK);
    });
  });
}
