/**
 * Runs the built action (dist/index.js) as a runner does: inputs as INPUT_* variables, the
 * GITHUB_* variables, an event payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 * Asynchronous, so the fake API server in the test process can answer while it runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from '../helpers.js';

export interface ActionRun {
  code: number;
  /** stdout and stderr together, as the runner's log shows them. */
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionSetup {
  workspace: string;
  /** The action's folder, as a runner fetches it (default: this repository). */
  actionDir?: string;
  apiUrl: string;
  inputs?: Record<string, string>;
  eventName?: string;
  event?: object;
  /** Extra or overriding variables (RUNNER_TEMP, for a cache that outlives one run). */
  env?: Record<string, string>;
}

/** Reads a GITHUB_OUTPUT file: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!head) continue;
    const end = lines.indexOf(head[2]!, i + 1);
    outputs[head[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/** The commit the test pull requests' base branch stands at (the fake API's contents are keyed by it). */
export const BASE_SHA = 'basesha0123456789';

export const pullRequestEvent = (number = 5, headRepo = 'o/r') => ({
  pull_request: { number, head: { sha: 'headsha0123456789', repo: { full_name: headRepo } }, base: { sha: BASE_SHA, repo: { full_name: 'o/r' } } },
});

export function runAction(setup: ActionSetup): Promise<ActionRun> {
  const files = tempDir('onepixel-runner-');
  const outputFile = path.join(files, 'output');
  const summaryFile = path.join(files, 'summary');
  const eventFile = path.join(files, 'event.json');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  fs.writeFileSync(eventFile, JSON.stringify(setup.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? files,
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: path.join(files, 'runner-temp'),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: setup.workspace,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_EVENT_NAME: setup.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: 'mergesha',
    GITHUB_RUN_ID: '1234',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_API_URL: setup.apiUrl,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    // Short waits: the backoff itself is checked exactly in api.test.ts.
    ONEPIXEL_API_RETRY_BASE_MS: '20',
    ONEPIXEL_API_RETRY_MAX_MS: '200',
    ONEPIXEL_API_TIMEOUT_MS: '3000',
    ...Object.fromEntries(Object.entries(setup.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...setup.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(setup.actionDir ?? ROOT, 'dist', 'index.js')], { cwd: setup.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        log,
        outputs: parseOutputFile(fs.readFileSync(outputFile, 'utf8')),
        summary: fs.readFileSync(summaryFile, 'utf8'),
      });
    });
  });
}
