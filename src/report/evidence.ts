/**
 * The evidence as text: the target class's gain map drawn with shade characters, the suspected
 * trigger box drawn around its cells. GitHub strips data: images from check-run and job
 * summaries, and text needs no image hosting; monospace blocks keep the grid square-ish
 * (two characters per cell) on every client.
 */
import path from 'node:path';
import { type ModelReport, transferSentence, wholeImageSentence } from './report.js';
import { triggerMarkdown } from './trigger-text.js';

const SHADES = ['  ', '░░', '▒▒', '▓▓', '██'] as const;
/** Lower bounds of each shade after the first: how much one pixel raises the class's probability. */
const STEPS = [0.2, 0.4, 0.6, 0.8] as const;

export const EVIDENCE_LEGEND = 'One pixel raises the class\'s probability by: █ ≥ 0.8 · ▓ ≥ 0.6 · ▒ ≥ 0.4 · ░ ≥ 0.2 · ┏━┓ suspected trigger';

function shade(value: number | undefined): string {
  const v = Number.isFinite(value) ? (value as number) : 0;
  let level = 0;
  for (const step of STEPS) if (v >= step) level++;
  return SHADES[level]!;
}

/** The half-open range of cells that a half-open pixel range [from, to) overlaps. */
function cellRange(from: number, to: number, cellSize: number, cells: number): [number, number] | undefined {
  const first = Math.max(0, Math.floor(from / cellSize));
  const end = Math.min(cells, Math.ceil(to / cellSize));
  return end > first ? [first, end] : undefined;
}

/**
 * The map as lines of text, or undefined when the report carries no evidence. With a trigger
 * box, a border line is drawn above and below its rows and a bar beside its columns; the other
 * cells keep their places, so the box reads as a frame laid over the map.
 */
export function renderEvidence(evidence: ModelReport['evidence'], box: ModelReport['triggerBox']): string[] | undefined {
  if (!evidence || evidence.rows < 1 || evidence.cols < 1) return undefined;
  const { rows, cols, cellHeight, cellWidth, gain } = evidence;
  const rowSpan = box ? cellRange(box[1], box[3], cellHeight, rows) : undefined;
  const colSpan = box ? cellRange(box[0], box[2], cellWidth, cols) : undefined;
  const framed = rowSpan !== undefined && colSpan !== undefined;
  const inRows = (r: number): boolean => framed && r >= rowSpan[0] && r < rowSpan[1];

  /** One line across the map; `cell` draws each cell, `edge` the bar at the box's left and right. */
  const line = (cell: (c: number) => string, edge: (side: 'left' | 'right') => string): string => {
    let text = '';
    for (let c = 0; c < cols; c++) {
      if (framed && c === colSpan[0]) text += edge('left');
      text += cell(c);
      if (framed && c === colSpan[1] - 1) text += edge('right');
    }
    return `│${text}│`;
  };
  const border = (left: string, right: string): string =>
    line(
      (c) => (framed && c >= colSpan[0] && c < colSpan[1] ? '━━' : '  '),
      (side) => (side === 'left' ? left : right),
    );

  const width = cols * 2 + (framed ? 2 : 0);
  const lines = [`┌${'─'.repeat(width)}┐`];
  for (let r = 0; r < rows; r++) {
    if (framed && r === rowSpan[0]) lines.push(border('┏', '┓'));
    lines.push(line((c) => shade(gain[r]?.[c]), () => (inRows(r) ? '┃' : ' ')));
    if (framed && r === rowSpan[1] - 1) lines.push(border('┗', '┛'));
  }
  lines.push(`└${'─'.repeat(width)}┘`);
  return lines;
}

/** The peak gain and where it is, in cells, for the caption under the map. */
export function peakGain(evidence: NonNullable<ModelReport['evidence']>): number {
  let peak = 0;
  for (const row of evidence.gain) for (const v of row) if (Number.isFinite(v) && v > peak) peak = v;
  return peak;
}

/** One line saying what the map shows. */
export function evidenceCaption(m: ModelReport): string | undefined {
  const e = m.evidence;
  if (!e) return undefined;
  const cls = m.targetClass === null ? 'the most affected class' : `class ${m.targetClass}`;
  const cells = e.cellHeight === 1 && e.cellWidth === 1 ? 'one cell per pixel' : `one cell per ${e.cellHeight}×${e.cellWidth} pixels, max-pooled`;
  return `One-pixel map of ${cls} (${e.rows}×${e.cols}, ${cells}): the most one pixel raises its probability is ${peakGain(e).toFixed(3)}.`;
}

/** The one-pixel map's part of the evidence: caption, grid and legend, or why it is not drawn. */
export function mapMarkdown(m: ModelReport): string | undefined {
  const lines = renderEvidence(m.evidence, m.triggerBox);
  if (!lines) return undefined;
  const peak = peakGain(m.evidence!);
  if (peak < STEPS[0]) {
    // A blank grid says nothing, and a frame on it would suggest the map found the trigger.
    const cls = m.targetClass === null ? 'the most affected class' : `class ${m.targetClass}`;
    return `No single pixel raises the probability of ${cls} by ${STEPS[0]} or more (at most ${peak.toFixed(3)}), so its one-pixel map is not drawn.\n`;
  }
  return `${evidenceCaption(m)}\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\`\n${EVIDENCE_LEGEND}\n`;
}

/** Where the evidence picture is: the file inside the artifact, by its model's folder. */
function pictureLine(m: ModelReport): string | undefined {
  const picture = m.recovered?.picture;
  if (!picture) return undefined;
  // The folder is named after the model's path, which a pull request chooses: no backticks in code spans.
  const folder = path.basename(path.dirname(picture)).replace(/`/g, "'");
  return `Its picture, with the model's answers before and after the trigger is stamped: \`${folder}/evidence.png\` in the artifact.\n`;
}

const joined = (parts: (string | undefined)[]): string | undefined => {
  const present = parts.filter((x): x is string => x !== undefined);
  return present.length > 0 ? `${present.map((x) => x.trimEnd()).join('\n\n')}\n` : undefined;
};

/** The evidence that decides, after the transfer sentence: the recovered trigger drawn in text, and where its picture is. */
export function triggerEvidence(m: ModelReport): string | undefined {
  if (m.verdict === 'error') return undefined;
  return joined([triggerMarkdown(m), pictureLine(m)]);
}

/**
 * The evidence as markdown, the part that decides first: the transfer sentence, the recovered
 * trigger drawn in text, where its picture is, then the one-pixel map, and last what the
 * whole-image search saw, which the verdict does not weigh yet. Undefined when the
 * report holds none of it.
 */
export function evidenceMarkdown(m: ModelReport): string | undefined {
  return joined([transferSentence(m), triggerEvidence(m), mapMarkdown(m), wholeImageSentence(m)]);
}
