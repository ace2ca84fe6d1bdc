/**
 * What one model's check run says: its conclusion, title, summary and annotation, rendered from
 * the report alone (action/checks.ts posts it).
 */
import { BOX_MEANING, conventionText, type ModelReport, type ScanReport, transferSentence, wholeImageSentence } from './report.js';
import { formatSeconds } from './progress.js';
import { mapMarkdown, triggerEvidence } from './evidence.js';
import {
  VERDICT_ICON,
  escapeMarkdown,
  fitText,
  formatComparison,
  formatProbability,
  formatSettings,
  formatTrigger,
  verdictText,
} from './markdown.js';

/** GitHub's limits on a check run's output. */
export const SUMMARY_LIMIT = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

export interface CheckRunOutput {
  name: string;
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
}

export interface Links {
  runUrl?: string;
  artifactUrl?: string;
}

const CONCLUSION: Record<ModelReport['verdict'], Conclusion> = { clean: 'success', backdoored: 'failure', error: 'neutral' };
const LEVEL: Record<ModelReport['verdict'], Annotation['annotation_level']> = { clean: 'notice', backdoored: 'failure', error: 'warning' };

export const checkRunName = (m: ModelReport): string => `onepixel: ${m.model}`;

/** One line: the verdict and its reasons, for titles and annotations. */
export function verdictLine(m: ModelReport, threshold: number): string {
  if (m.verdict === 'error') return `could not be analysed: ${m.error ?? 'unknown error'}`;
  const [p, t] = formatComparison(m.probability, threshold);
  const why = m.verdict === 'backdoored' ? `probability ${p} ≥ ${t}, target class ${m.targetClass ?? '?'}, trigger ${formatTrigger(m)}` : `probability ${p} < ${t}`;
  return `${verdictText(m)} (${why})`;
}

/** The budget's plan in words; a plan with ops it could not cost says it is a lower bound. */
function planText(plan: NonNullable<ModelReport['plan']>): string {
  const uncosted = plan.uncosted?.length ? ` (at least: ${escapeMarkdown(plan.uncosted.join(', '))} not costed)` : '';
  return `${plan.passes.toLocaleString('en-US')} forward passes, about ${formatSeconds(plan.seconds)} on the reference 2-core machine${uncosted}`;
}

/** The verdict table of one model, shared by check runs and the job summary's details. */
export function verdictTable(m: ModelReport, threshold: number): string {
  const rows: [string, string][] = [
    ['Verdict', `${VERDICT_ICON[m.verdict]} ${verdictText(m)}`],
    ...(m.verdict === 'error'
      ? ([['Reason', `${escapeMarkdown((m.error ?? 'unknown error').slice(0, 2000))}${m.errorCode ? ` (\`${m.errorCode}\`)` : ''}`]] as [string, string][])
      : []),
    ['Probability', ((p, t) => `${p} (threshold ${t})`)(...formatComparison(m.probability, threshold))],
    ['Target class', m.targetClass === null ? '–' : String(m.targetClass)],
    ['Trigger', formatTrigger(m)],
    ['Time', `${formatSeconds(m.seconds)}${m.cached ? ' (cached signature)' : ''}`],
    ...(m.plan ? ([['Planned work', planText(m.plan)]] as [string, string][]) : []),
    ['Input convention', conventionCell(m)],
    ['Settings', escapeMarkdown(formatSettings(m.settings))],
    ['Model sha256', m.sha256 ? `\`${m.sha256}\`` : '–'],
  ];
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  return m.triggerBox && m.trigger !== 'blend' ? `${table}\n\n${BOX_MEANING}` : table;
}

/** How the convention was settled, each scanned convention's probability, and refused claims. */
function conventionCell(m: ModelReport): string {
  const c = m.convention;
  if (!c) return '–';
  const each = c.scanned.length > 1 ? `: ${c.scanned.map((s) => `${s.name} (${s.from}) ${s.probability === null ? 'not analysed' : formatProbability(s.probability)}${s.counted !== undefined ? `, counted as ${formatProbability(s.counted)}` : ''}`).join(', ')}` : '';
  const refused = (c.refused ?? []).map((r) => `<br>refused: ${escapeMarkdown(r)}`).join('');
  return escapeMarkdown(`${conventionText(m)}${each}`) + refused;
}

export function linksLine(links: Links): string {
  const parts = [
    links.artifactUrl ? `[Evidence and signature files (artifact)](${links.artifactUrl})` : undefined,
    links.runUrl ? `[Workflow run](${links.runUrl})` : undefined,
  ].filter(Boolean);
  return parts.join(' · ');
}

export function checkRunOutput(m: ModelReport, report: ScanReport, links: Links): CheckRunOutput {
  const sections = [
    `### ${VERDICT_ICON[m.verdict]} \`${m.model.replace(/`/g, "'")}\` ${verdictText(m)}`,
    // What decides a verdict leads: how far the suspected class's trigger carries onto other classes' inputs.
    m.verdict === 'error' ? '' : (transferSentence(m) ?? ''),
    triggerEvidence(m) ?? '',
    verdictTable(m, report.threshold),
    mapMarkdown(m) ?? (m.verdict === 'error' ? '' : '_No gain map in the report._'),
    wholeImageSentence(m) ?? '',
    linksLine(links),
  ].filter((s) => s !== '');
  return {
    name: checkRunName(m),
    conclusion: CONCLUSION[m.verdict],
    title: verdictLine(m, report.threshold).slice(0, 200),
    summary: fitText(sections.join('\n\n'), SUMMARY_LIMIT, '_(cut to fit GitHub’s limit; the full report is in the artifact)_'),
    annotations: [
      {
        path: m.model.split('\\').join('/'),
        start_line: 1,
        end_line: 1,
        annotation_level: LEVEL[m.verdict],
        title: `onepixel: ${verdictText(m)}`,
        message: verdictLine(m, report.threshold).slice(0, 4000),
      },
    ],
  };
}
