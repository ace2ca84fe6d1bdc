/** The job summary: one row per model, the evidence of each, and where the files are. */
import { BOX_MEANING, conventionText, type ModelReport, type ScanReport } from './report.js';
import { formatSeconds } from './progress.js';
import { linksLine, type Links } from './check-run.js';
import { evidenceMarkdown } from './evidence.js';
import {
  VERDICT_ICON,
  escapeHtml,
  escapeMarkdown,
  formatProbability,
  formatThreshold,
  formatSettings,
  formatTrigger,
  shortSha,
  verdictText,
} from './markdown.js';

/** GitHub drops a step's summary past 1 MiB; stay under it with room for other steps' text. */
export const JOB_SUMMARY_LIMIT = 1_000_000;

export function headline(report: ScanReport): string {
  const { scanned, clean, backdoored, errors } = report.counts;
  if (scanned === 0) return 'onepixel: no models to scan';
  const parts = [
    backdoored > 0 ? `${backdoored} backdoored` : undefined,
    errors > 0 ? `${errors} not analysed` : undefined,
    clean > 0 ? `${clean} clean` : undefined,
  ].filter(Boolean);
  return `${VERDICT_ICON[report.verdict]} onepixel: ${parts.join(', ')}`;
}

function row(m: ModelReport): string {
  const verdict = m.verdict === 'error' ? `${verdictText(m)}: ${escapeMarkdown((m.error ?? 'unknown error').slice(0, 300))}` : verdictText(m);
  const cells = [
    VERDICT_ICON[m.verdict],
    escapeMarkdown(m.model),
    verdict,
    formatProbability(m.probability),
    m.targetClass === null ? '–' : String(m.targetClass),
    formatTrigger(m),
    `${formatSeconds(m.seconds)}${m.cached ? ' (cached)' : ''}`,
    escapeMarkdown(conventionText(m) || '–'),
    escapeMarkdown(formatSettings(m.settings)),
    m.sha256 ? `\`${shortSha(m.sha256)}\`` : '–',
  ];
  return `| ${cells.join(' | ')} |`;
}

const TABLE_HEAD = ['| | Model | Verdict | Probability | Target class | Trigger | Time | Input convention | Settings | sha256 |', '|---|---|---|---|---|---|---|---|---|---|'];

function evidenceSection(m: ModelReport): string | undefined {
  const body = evidenceMarkdown(m);
  if (!body) return undefined;
  // Backdoored models open by default: that map is the reason for the red check.
  const open = m.verdict === 'backdoored' ? ' open' : '';
  return `<details${open}><summary>${VERDICT_ICON[m.verdict]} ${escapeHtml(m.model)}: ${escapeHtml(verdictText(m))}</summary>\n\n${body}\n</details>`;
}

const RANK: Record<ModelReport['verdict'], number> = { backdoored: 0, error: 1, clean: 2 };

export interface SummaryOptions {
  links: Links;
  /** Lines shown under the headline: what was scanned and why, what was not published. */
  notes?: string[];
  limit?: number;
}

/**
 * The whole summary as markdown. Rows come first and evidence after, most serious first, each
 * added only while the text stays under the limit, so many models cut the evidence (with a
 * note) before they cut the table.
 */
export function buildJobSummary(report: ScanReport, options: SummaryOptions): string {
  const budget = (options.limit ?? JOB_SUMMARY_LIMIT) - 400; // room for the notes on what was left out
  const links = linksLine(options.links);
  const out = [
    `## ${headline(report)}`,
    '',
    `Threshold ${formatThreshold(report.threshold)} · onepixel ${escapeMarkdown(report.tool.version)}${links ? ` · ${links}` : ''}`,
    ...(report.models.some((m) => m.triggerBox && m.trigger !== 'blend') ? ['', BOX_MEANING] : []),
    ...(options.notes ?? []).flatMap((note) => ['', note]),
    '',
  ];
  if (report.models.length === 0) return out.join('\n');
  let used = Buffer.byteLength(out.join('\n'));
  /** Appends the lines if they fit; the running count keeps this linear in the models. */
  const add = (...lines: string[]): boolean => {
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    if (used + bytes > budget) return false;
    out.push(...lines);
    used += bytes;
    return true;
  };

  const ordered = [...report.models].sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || a.model.localeCompare(b.model));
  add(...TABLE_HEAD);
  const rows = ordered.findIndex((m) => !add(row(m)));
  if (rows !== -1) {
    out.push('', `_${ordered.length - rows} more models are left out to fit GitHub’s summary limit; every model is in the report in the artifact._`);
    return out.join('\n');
  }

  const sections = ordered.map(evidenceSection).filter((s): s is string => s !== undefined);
  if (sections.length > 0) add('', '### Evidence', '');
  const shown = sections.findIndex((section) => !add(section, ''));
  if (shown !== -1) {
    out.push(`_The evidence of ${sections.length - shown} more models is left out to fit GitHub’s summary limit; see each model's check run or heatmaps.png in the artifact._`);
  }
  return out.join('\n');
}
