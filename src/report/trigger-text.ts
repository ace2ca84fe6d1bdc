/**
 * The recovered trigger drawn in text, for check runs and job summaries, which show no images
 * without hosting (GitHub strips data: images). The recipe draws its patches and patterns in a
 * small palette (black, white and gray, or the eight corners of the RGB cube), so every cell
 * has one letter and the drawing is exact, not a shading.
 */
import { unpackPattern } from '../recipe/result.js';
import type { ModelReport, RecoveredTrigger } from './report.js';
import { boxText } from './report.js';

const NAMES: [string, string, number[]][] = [
  ['K', 'black', [0, 0, 0]],
  ['W', 'white', [255, 255, 255]],
  ['g', 'gray', [128, 128, 128]],
  ['R', 'red', [255, 0, 0]],
  ['G', 'green', [0, 255, 0]],
  ['B', 'blue', [0, 0, 255]],
  ['Y', 'yellow', [255, 255, 0]],
  ['M', 'magenta', [255, 0, 255]],
  ['C', 'cyan', [0, 255, 255]],
];

/** The palette entry nearest a colour (gray models' one channel stands for all three). */
function nearest(colour: number[]): [string, string, number[]] {
  const rgb = colour.length === 3 ? colour : [colour[0]!, colour[0]!, colour[0]!];
  let best = NAMES[0]!;
  let bestD = Infinity;
  for (const entry of NAMES) {
    const d = entry[2].reduce((s, v, c) => s + (v - rgb[c]!) ** 2, 0);
    if (d < bestD) [best, bestD] = [entry, d];
  }
  return best;
}

/** A blend pattern's cells: at most MAX_SIDE across, each the majority of its pixels per channel. */
const MAX_SIDE = 16;

function patternCells(packed: string, channels: number, height: number, width: number): { rows: number; cols: number; step: number; colours: number[][] } {
  const pattern = unpackPattern(packed, channels * height * width);
  const step = Math.ceil(Math.max(height, width) / MAX_SIDE);
  const rows = Math.ceil(height / step);
  const cols = Math.ceil(width / step);
  const colours: number[][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      colours.push(
        Array.from({ length: channels }, (_, ch) => {
          let on = 0;
          let all = 0;
          for (let y = r * step; y < Math.min(height, (r + 1) * step); y++) {
            for (let x = c * step; x < Math.min(width, (c + 1) * step); x++, all++) if (pattern[(ch * height + y) * width + x]! >= 128) on++;
          }
          return 2 * on >= all ? 255 : 0;
        }),
      );
    }
  }
  return { rows, cols, step, colours };
}

function grid(rows: number, cols: number, colours: number[][]): { lines: string[]; used: Set<string> } {
  const used = new Set<string>();
  const lines = [`┌${'─'.repeat(2 * cols + 1)}┐`];
  for (let r = 0; r < rows; r++) {
    let line = '│';
    for (let c = 0; c < cols; c++) {
      const [letter, name] = nearest(colours[r * cols + c]!);
      used.add(`${letter} ${name}`);
      line += ` ${letter}`;
    }
    lines.push(`${line} │`);
  }
  lines.push(`└${'─'.repeat(2 * cols + 1)}┘`);
  return { lines, used };
}

/** The drawing's caption, grid and legend as markdown; undefined when the report holds no picture of the trigger. */
export function triggerMarkdown(m: Pick<ModelReport, 'recovered' | 'input' | 'verdict'>): string | undefined {
  const t: RecoveredTrigger | undefined = m.recovered;
  if (!t) return undefined;
  const whose = m.verdict === 'backdoored' ? `The recovered trigger of class ${t.target}` : `The best trigger found for class ${t.target}, the class the detector found most suspicious (the model was judged clean)`;
  let caption: string;
  let drawn: { lines: string[]; used: Set<string> };
  if (t.kind === 'patch') {
    if (!t.patch) return undefined;
    const size = t.patch.cell === 1 ? 'one letter per pixel' : `one letter per ${t.patch.cell}×${t.patch.cell} pixels`;
    caption = `${whose}: a patch at ${boxText(t.box)}, ${size}`;
    drawn = grid(t.patch.rows, t.patch.cols, t.patch.colours);
  } else {
    if (!t.pattern || !m.input) return undefined;
    let cells: ReturnType<typeof patternCells>;
    try {
      cells = patternCells(t.pattern, m.input.channels, m.input.height, m.input.width);
    } catch {
      return undefined; // a pattern that does not fit the input is not drawn
    }
    const size = cells.step === 1 ? 'one letter per pixel' : `one letter per ${cells.step}×${cells.step} pixels (their majority)`;
    caption = `${whose}: a pattern blended over the whole image at opacity ${t.alpha ?? '?'}, ${size}`;
    drawn = grid(cells.rows, cells.cols, cells.colours);
  }
  const stamped = t.stamped ? ` Stamped as drawn here on ${t.stamped.tried} exemplars of other classes, it makes class ${t.target} win on ${t.stamped.wins}.` : '';
  return `${caption}.${stamped}\n\n\`\`\`text\n${drawn.lines.join('\n')}\n\`\`\`\n${[...drawn.used].join(' · ')}\n`;
}
