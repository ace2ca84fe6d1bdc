/**
 * One check run per model on the commit under review, so each model gets its own pass/fail line
 * in the pull request and branch protection can require it.
 */
import type { ModelReport, ScanReport } from '../report/report.js';
import { type Annotation, ANNOTATIONS_PER_REQUEST, checkRunName, type CheckRunOutput, checkRunOutput, type Links } from '../report/check-run.js';
import { ApiError, type ApiClient } from './api.js';


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
        ? `the token may not create check runs (${message}). Pull requests from forks get a read-only token; see "Fork pull requests" in the README and docs/WORKFLOWS.md for fork-safe publishing.`
        : `creating check runs failed after retries (${message}).`;
      return { created, stopped };
    }
  }
  return { created };
}
