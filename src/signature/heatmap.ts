/**
 * heatmaps.png: one tile pair per class, its signature S and gain D side by side (per channel
 * in channel mode), in a grid. D shares one colour scale across classes, so the class a
 * trigger lights up stands out against the others; it is drawn on a square-root scale.
 */
import { Raster, colormap } from './png.js';
import type { Signature } from './signature.js';

const GAP = 6;
const FONT = 2;
/** Past this many classes only those with the largest gains are drawn, so the image stays usable. */
export const MAX_TILED_CLASSES = 64;

function formatGain(v: number): string {
  return v !== 0 && Math.abs(v) < 0.001 ? v.toExponential(1) : v.toFixed(3);
}

function classesToDraw(sig: Signature, plane: number): number[] {
  const { classes } = sig.info;
  const all = Array.from({ length: classes }, (_, k) => k);
  if (classes <= MAX_TILED_CLASSES) return all;
  const peak = all.map((k) => {
    let m = -Infinity;
    for (let i = k * plane; i < (k + 1) * plane; i++) m = Math.max(m, sig.delta[i]!);
    return m;
  });
  return all.sort((a, b) => peak[b]! - peak[a]! || a - b).slice(0, MAX_TILED_CLASSES).sort((a, b) => a - b);
}

export function renderHeatmaps(sig: Signature): Buffer {
  const { shape, classes } = sig.info;
  const [rows, cols] = shape.slice(-2) as [number, number];
  const planes = shape.length === 4 ? shape[1]! : 1;
  const plane = rows * cols;
  const cell = Math.max(1, Math.min(8, Math.floor(112 / Math.max(rows, cols))));
  const tileW = cols * cell;
  const tileH = rows * cell;
  const drawn = classesToDraw(sig, plane * planes);

  const labelH = 5 * FONT + GAP;
  const blockW = 2 * planes * (tileW + GAP) + 2 * GAP;
  const blockH = labelH + tileH + 2 * GAP;
  const perRow = Math.max(1, Math.min(drawn.length, Math.floor(1400 / blockW)));
  const gridRows = Math.ceil(drawn.length / perRow);
  const headerH = 5 * FONT + 2 * GAP;
  const legendH = 5 * FONT + 3 * GAP + 8;
  const canvas = new Raster(Math.max(perRow * blockW + GAP, 260), headerH + gridRows * blockH + legendH);

  let maxGain = 0;
  for (const v of sig.delta) maxGain = Math.max(maxGain, v);
  const scale = maxGain > 0 ? maxGain : 1;
  const drawTile = (x: number, y: number, values: Float32Array, offset: number, toUnit: (v: number) => number): void => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        canvas.fill(x + j * cell, y + i * cell, cell, cell, colormap(toUnit(values[offset + i * cols + j]!)));
      }
    }
  };
  // Gains on a square-root scale: a linear one leaves all but the strongest cell dark.
  const gainUnit = (v: number): number => Math.sqrt(Math.max(0, v) / scale);

  const title = drawn.length < classes
    ? `S AND D PER CLASS (${drawn.length} OF ${classes} CLASSES: LARGEST D)`
    : 'S AND D PER CLASS';
  canvas.text(GAP, GAP, title, FONT);
  drawn.forEach((k, index) => {
    const x = GAP + (index % perRow) * blockW;
    const y = headerH + Math.floor(index / perRow) * blockH;
    canvas.text(x, y, `${k}`, FONT);
    for (let c = 0; c < planes; c++) {
      const offset = (k * planes + c) * plane;
      drawTile(x + c * (tileW + GAP), y + labelH, sig.signature, offset, (v) => v);
      drawTile(x + (planes + c) * (tileW + GAP), y + labelH, sig.delta, offset, gainUnit);
    }
  });

  const ly = headerH + gridRows * blockH + GAP;
  const barW = canvas.width - 2 * GAP;
  for (let x = 0; x < barW; x++) canvas.fill(GAP + x, ly, 1, 8, colormap(x / (barW - 1)));
  canvas.text(GAP, ly + 8 + GAP, '0', FONT);
  const right = `S 1  D ${formatGain(maxGain)} (SQRT SCALE)`;
  canvas.text(GAP + barW - Raster.textWidth(right, FONT), ly + 8 + GAP, right, FONT);
  return canvas.encode();
}
