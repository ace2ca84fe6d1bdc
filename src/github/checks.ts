/**
 * One check run per model on the commit under review, so each model gets its own pass/fail line
 * in the pull request and branch protection can require it.
 */
import { conventionText, type ModelReport, type ScanReport } from '../report.js';
import { formatSeconds } from '../progress.js';
import { ApiError, type ApiClient } from './api.js';
import { evidenceMarkdown } from './evidence.js';
import {
  VERDICT_ICON,
  escapeMarkdown,
  fitText,
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
  const why =
    m.verdict === 'backdoored'
      ? `probability ${formatProbability(m.probability)} ≥ ${threshold}, target class ${m.targetClass ?? '?'}, trigger ${formatTrigger(m)}`
      : `probability ${formatProbability(m.probability)} < ${threshold}`;
  return `${verdictText(m)} (${why})`;
}

/** The verdict table of one model, shared by check runs and the job summary's details. */
export function verdictTable(m: ModelReport, threshold: number): string {
  const rows: [string, string][] = [
    ['Verdict', `${VERDICT_ICON[m.verdict]} ${verdictText(m)}`],
    ...(m.verdict === 'error'
      ? ([['Reason', `${escapeMarkdown((m.error ?? 'unknown error').slice(0, 2000))}${m.errorCode ? ` (\`${m.errorCode}\`)` : ''}`]] as [string, string][])
      : []),
    ['Probability', `${formatProbability(m.probability)} (threshold ${threshold})`],
    ['Target class', m.targetClass === null ? '–' : String(m.targetClass)],
    ['Trigger', formatTrigger(m)],
    ['Time', `${formatSeconds(m.seconds)}${m.cached ? ' (cached signature)' : ''}`],
    ['Input convention', conventionCell(m)],
    ['Settings', escapeMarkdown(formatSettings(m.settings))],
    ['Model sha256', m.sha256 ? `\`${m.sha256}\`` : '–'],
  ];
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** How the convention was settled, each scanned convention's probability, and refused claims. */
function conventionCell(m: ModelReport): string {
  const c = m.convention;
  if (!c) return '–';
  const each = c.scanned.length > 1 ? `: ${c.scanned.map((s) => `${s.name} (${s.from}) ${s.probability === null ? 'not analysed' : formatProbability(s.probability)}`).join(', ')}` : '';
  const refused = (c.refused ?? []).map((r) => `<br>refused: ${escapeMarkdown(r)}`).join('');
  return escapeMarkdown(`${conventionText(m)}${each}`) + refused;
}

export function linksLine(links: Links): string {
  const parts = [
    links.artifactUrl ? `[Signature files (artifact)](${links.artifactUrl})` : undefined,
    links.runUrl ? `[Workflow run](${links.runUrl})` : undefined,
  ].filter(Boolean);
  return parts.join(' · ');
}

export function checkRunOutput(m: ModelReport, report: ScanReport, links: Links): CheckRunOutput {
  const sections = [
    `### ${VERDICT_ICON[m.verdict]} \`${m.model.replace(/`/g, "'")}\` ${verdictText(m)}`,
    verdictTable(m, report.threshold),
    evidenceMarkdown(m) ?? (m.verdict === 'error' ? '' : '_No gain map in the report._'),
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

export interface CheckTarget {
  owner: string;
  repo: string;
  headSha: string;
  detailsUrl?: string;
}

/**
 * Completes a check run: creates it, or finishes the one opened when the model's scan began
 * (`existing`). The API takes at most 50 annotations per request, so any beyond the first 50
 * are added by updating the run.
 */
export async function completeCheckRun(api: ApiClient, target: CheckTarget, output: CheckRunOutput, existing?: number): Promise<number> {
  const batches: Annotation[][] = [];
  for (let i = 0; i < output.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(output.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const text = { title: output.title, summary: output.summary };
  const body = {
    name: output.name,
    status: 'completed',
    conclusion: output.conclusion,
    completed_at: new Date().toISOString(),
    ...(target.detailsUrl ? { details_url: target.detailsUrl } : {}),
    output: { ...text, annotations: batches[0] ?? [] },
  };
  const runs = `/repos/${target.owner}/${target.repo}/check-runs`;
  const id =
    existing ?? (await api.request<{ id: number }>('POST', runs, { ...body, head_sha: target.headSha })).data.id;
  if (existing !== undefined) await api.request('PATCH', `${runs}/${existing}`, body);
  for (const batch of batches.slice(1)) {
    await api.request('PATCH', `${runs}/${id}`, { output: { ...text, annotations: batch } });
  }
  return id;
}

/**
 * Check runs opened `in_progress` as each model's scan starts, so a reviewer sees a long scan
 * running instead of nothing. Opening one never delays or fails the scan: the first refusal
 * stops the rest, and a model without one gets a completed run at the end as before.
 */
export class LiveChecks {
  private readonly opened = new Map<string, Promise<number | undefined>>();
  private refused = false;

  constructor(
    private readonly api: ApiClient,
    private readonly target: CheckTarget,
    private readonly log: (line: string) => void = () => {},
  ) {}

  started(model: string): void {
    if (this.refused || this.opened.has(model)) return;
    const open = async (): Promise<number | undefined> => {
      try {
        const created = await this.api.request<{ id: number }>('POST', `/repos/${this.target.owner}/${this.target.repo}/check-runs`, {
          name: checkRunName({ model } as ModelReport),
          head_sha: this.target.headSha,
          status: 'in_progress',
          started_at: new Date().toISOString(),
          ...(this.target.detailsUrl ? { details_url: this.target.detailsUrl } : {}),
          output: { title: 'Scanning…', summary: `onepixel is scanning \`${model.replace(/`/g, "'")}\`; the verdict replaces this when the scan ends.` },
        });
        return created.data.id;
      } catch (error) {
        this.refused = true;
        this.log(`in-progress check runs stopped: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    };
    this.opened.set(model, open());
  }

  /** The ids of the runs opened so far, once their requests have ended. */
  async ids(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const [model, id] of this.opened) {
      const value = await id;
      if (value !== undefined) out.set(model, value);
    }
    return out;
  }

  /** Closes every run still open, for a scan that ended without a report. */
  async cancel(reason: string, done: Set<string> = new Set()): Promise<void> {
    for (const [model, id] of await this.ids()) {
      if (done.has(model)) continue;
      try {
        await this.api.request('PATCH', `/repos/${this.target.owner}/${this.target.repo}/check-runs/${id}`, {
          status: 'completed',
          conclusion: 'cancelled',
          completed_at: new Date().toISOString(),
          output: { title: 'The scan did not finish', summary: reason.slice(0, 4000) },
        });
      } catch {
        // The run stays open; GitHub marks it stale, and the step's own result still fails.
      }
    }
  }
}

export interface ChecksOutcome {
  /** Models that got a check run. */
  created: string[];
  /** Why the remaining models got none, once; undefined when all did. */
  stopped?: string;
}

/** A token that may not write checks answers 403 (a fork's read-only token), or 404/401. */
const isDenied = (error: unknown): boolean => error instanceof ApiError && !error.transient && [401, 403, 404].includes(error.status);

/**
 * Publishes a check run per model. The first refusal or exhausted retry stops the rest: the
 * next requests would meet the same answer, and the job summary and annotations still carry
 * every verdict.
 */
export async function publishCheckRuns(api: ApiClient, report: ScanReport, target: CheckTarget, links: Links, opened: Map<string, number> = new Map()): Promise<ChecksOutcome> {
  const created: string[] = [];
  for (const m of report.models) {
    try {
      await completeCheckRun(api, target, checkRunOutput(m, report, links), opened.get(m.model));
      created.push(m.model);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const stopped = isDenied(error)
        ? `the token may not create check runs (${message}). Pull requests from forks get a read-only token; see the README's fork-safe publishing.`
        : `creating check runs failed after retries (${message}).`;
      return { created, stopped };
    }
  }
  return { created };
}
