/**
 * What the action knows about the workflow run: the repository, the event, and the commit the
 * results belong to. Read from an environment object (not @actions/github's import-time
 * singleton) so tests can build one per case.
 */
import fs from 'node:fs';

export interface RunContext {
  owner: string;
  repo: string;
  eventName: string;
  /** The commit check runs attach to: the PR's head, a workflow_run's head, or GITHUB_SHA. */
  headSha: string | undefined;
  /** The pull request, with the commit its base branch stood at (whose config is trusted). */
  pullRequest: { number: number; fork: boolean; baseSha?: string; changedFiles?: number } | undefined;
  workspace: string;
  serverUrl: string;
  apiUrl: string;
  runId: string | undefined;
  /** Link to this workflow run's page, for check runs and the job summary. */
  runUrl: string | undefined;
  /** The action's own repository page when it runs as `uses: OWNER/REPO@ref`. */
  actionUrl: string | undefined;
}

interface EventPayload {
  pull_request?: {
    number?: number;
    changed_files?: number;
    head?: { sha?: string; repo?: { full_name?: string } | null };
    base?: { sha?: string; repo?: { full_name?: string } };
  };
  workflow_run?: { head_sha?: string };
}

function readPayload(file: string | undefined): EventPayload {
  if (!file || !fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as EventPayload;
  } catch {
    // A payload we cannot read only costs us the PR details; the scan itself does not need it.
    return {};
  }
}

export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const pr = payload.pull_request;
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID || undefined;
  const headRepo = pr?.head?.repo?.full_name;
  const baseRepo = pr?.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    headSha: pr?.head?.sha ?? payload.workflow_run?.head_sha ?? (env.GITHUB_SHA || undefined),
    pullRequest:
      typeof pr?.number === 'number'
        ? // A deleted fork has no head repo; it was still a fork.
          { number: pr.number, fork: headRepo === undefined || headRepo !== baseRepo, ...(pr.base?.sha ? { baseSha: pr.base.sha } : {}), ...(typeof pr.changed_files === 'number' ? { changedFiles: pr.changed_files } : {}) }
        : undefined,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    serverUrl,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    runId,
    runUrl: owner && runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
    actionUrl: env.GITHUB_ACTION_REPOSITORY ? `${serverUrl}/${env.GITHUB_ACTION_REPOSITORY}` : undefined,
  };
}
