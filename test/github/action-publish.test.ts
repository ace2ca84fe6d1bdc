/**
 * The built action publishing results, end to end, against the fake GitHub API: check runs and
 * their conclusions, annotations, the job summary, outputs and the exit code per fail-on, a
 * fork's read-only token, and API failures. It runs in merge mode over hand-written shard
 * reports, so these tests need no scan; the scan's own path is in action-scan.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelReport } from '../../src/report/report.js';
import { tempDir } from '../helpers.js';
import { FakeGitHub } from './fake-github.js';
import { backdoored, broken, clean, report } from './reports.js';
import { pullRequestEvent, runAction } from './run-action.js';

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
beforeEach(() => github.reset());

const CHECKS = 'POST /repos/o/r/check-runs';

/** A workspace holding two downloaded shard artifacts: a report and a signature folder each. */
function workspaceWithShards(shards: ModelReport[][]): string {
  const workspace = tempDir('onepixel-ws-');
  shards.forEach((models, i) => {
    const dir = path.join(workspace, 'onepixel-shards', `onepixel-shard-${i + 1}-of-${shards.length}`);
    fs.mkdirSync(dir, { recursive: true });
    const withFolders = models.map((m) => {
      if (m.verdict === 'error') return m;
      const folder = m.model.replace(/[\\/]/g, '__');
      fs.mkdirSync(path.join(dir, folder));
      fs.writeFileSync(path.join(dir, folder, 'signature.json'), '{}');
      return { ...m, artifacts: `/home/runner/work/r/r/onepixel-out/${folder}` };
    });
    fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report(withFolders)));
  });
  return workspace;
}

const threeModels = (): ModelReport[][] => [[clean(), backdoored()], [broken()]];

function merge(workspace: string, inputs: Record<string, string> = {}, event: object = pullRequestEvent()) {
  return runAction({ workspace, apiUrl: github.url, event, inputs: { mode: 'merge', token: 'tok', ...inputs } });
}

describe('publishing a pull request’s results', () => {
  it('makes one check run per model with the right conclusion, and fails the step on a backdoor', async () => {
    const workspace = workspaceWithShards(threeModels());
    const run = await merge(workspace, { sarif: 'results.sarif', badge: 'badge.svg' });

    const checks = github.to(CHECKS).map((r) => r.body as Record<string, any>);
    expect(checks.map((c) => [c.name, c.conclusion, c.head_sha, c.status])).toEqual([
      ['onepixel: models/bad.onnx', 'failure', 'headsha0123456789', 'completed'],
      ['onepixel: models/broken.onnx', 'neutral', 'headsha0123456789', 'completed'],
      ['onepixel: models/good.onnx', 'success', 'headsha0123456789', 'completed'],
    ]);
    const bad = checks[0]!;
    expect(bad.details_url).toBe('https://github.example/o/r/actions/runs/1234');
    expect(bad.output.summary).toContain('| Target class | 7 |');
    expect(bad.output.summary).toContain('┏━━━━━━┓');
    expect(bad.output.annotations).toEqual([expect.objectContaining({ path: 'models/bad.onnx', annotation_level: 'failure' })]);
    expect(checks[1]!.output.summary).toContain('models/broken.onnx is not an ONNX model');

    expect(run.code).toBe(1);
    expect(run.log).toContain('::error::onepixel: 1 of 3 model(s) look backdoored: models/bad.onnx');
    // Check runs carry the verdicts, so the log adds no duplicate file annotations.
    expect(run.log).not.toContain('file=models');
    expect(run.outputs).toMatchObject({ scanned: '3', backdoored: '1', errors: '1', verdict: 'backdoored', report: 'onepixel-out/report.json' });

    const merged = JSON.parse(fs.readFileSync(path.join(workspace, 'onepixel-out', 'report.json'), 'utf8'));
    expect(merged.counts).toEqual({ scanned: 3, clean: 1, backdoored: 1, errors: 1 });
    expect(fs.existsSync(path.join(workspace, 'onepixel-out', 'models__bad.onnx', 'signature.json'))).toBe(true);

    expect(run.summary).toContain('## ❌ onepixel: 1 backdoored, 1 not analysed, 1 clean');
    expect(run.summary).toContain('Merged 2 shard report(s).');
    expect(run.summary.match(/^\| (❌|⚠️|✅) \|/gm)).toHaveLength(3);
    expect(run.log).toContain('::notice::onepixel: no artifact uploaded: the Actions runtime is not available here');

    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'results.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(2);
    expect(fs.readFileSync(path.join(workspace, 'badge.svg'), 'utf8')).toContain('onepixel: 1 backdoored');
  });

  it.each([
    ['backdoored', 'clean + error', 0, [[clean(), broken()]]],
    ['error', 'clean + error', 1, [[clean(), broken()]]],
    ['never', 'clean + backdoored + error', 0, threeModels()],
    ['error', 'clean', 0, [[clean()]]],
  ] as const)('fail-on %s with %s models exits %s', async (failOn, _, code, shards) => {
    const run = await merge(workspaceWithShards(shards.map((s) => [...s])), { 'fail-on': failOn });
    expect(run.code).toBe(code);
    if (code === 1) expect(run.log).toMatch(/::error::onepixel: 1 of \d model\(s\) could not be analysed: models\/broken.onnx/);
  });

  it('a fork’s read-only token: no check runs, one explanation, everything else still published', async () => {
    github.fail(CHECKS, { status: 403, body: { message: 'Resource not accessible by integration' } });
    const workspace = workspaceWithShards(threeModels());
    const run = await merge(workspace, { sarif: 'results.sarif' }, pullRequestEvent(8, 'stranger/r'));

    expect(github.to(CHECKS)).toHaveLength(1); // tried once, then stopped
    const explanations = run.log.split('\n').filter((l) => l.includes('may not create check runs'));
    expect(explanations).toHaveLength(1);
    expect(explanations[0]).toMatch(/^::warning::onepixel: No check runs were made: the token may not create check runs \(POST \/repos\/o\/r\/check-runs failed: HTTP 403 \(Resource not accessible by integration\)\)\. Pull requests from forks get a read-only token/);
    // The verdicts reach the log as file annotations instead.
    expect(run.log).toMatch(/::error title=onepixel,file=models\/bad.onnx,line=1::models\/bad.onnx looks backdoored \(probability 0.970/);
    expect(run.log).toMatch(/::warning title=onepixel,file=models\/broken.onnx,line=1::models\/broken.onnx could not be analysed: models\/broken.onnx is not an ONNX model/);
    expect(run.log).toMatch(/::notice title=onepixel,file=models\/good.onnx,line=1::models\/good.onnx looks clean/);
    expect(run.summary).toContain('No check runs were made: the token may not create check runs');
    expect(run.summary).toContain('## ❌ onepixel');
    expect(fs.existsSync(path.join(workspace, 'results.sarif'))).toBe(true);
    expect(run.outputs.verdict).toBe('backdoored');
    expect(run.code).toBe(1);
  });

  it('retries 502s and a 429 with retry-after, then creates every check run', async () => {
    github.script(CHECKS, { status: 502 }, { status: 502 }, { status: 201, body: { id: 1 } }, { status: 429, headers: { 'retry-after': '0' } });
    const run = await merge(workspaceWithShards(threeModels()), { 'fail-on': 'never' });
    const created = github.to(CHECKS).map((r) => (r.body as { name: string }).name);
    expect(created).toHaveLength(6); // bad: 502, 502, 201; broken: 429, 201; good: 201
    expect(new Set(created)).toEqual(new Set(['onepixel: models/bad.onnx', 'onepixel: models/broken.onnx', 'onepixel: models/good.onnx']));
    expect(run.log).toContain('HTTP 502');
    expect(run.log).toContain('retrying in');
    expect(run.log).not.toContain('::warning::onepixel: No');
    expect(run.code).toBe(0);
  });

  it('an API that stays down is reported, never a crash, and the verdict still decides', async () => {
    github.fail(CHECKS, { status: 500 });
    const run = await merge(workspaceWithShards([[clean()]]));
    expect(github.to(CHECKS)).toHaveLength(4); // the attempts of one request, then no more
    expect(run.log).toMatch(/::warning::onepixel: No check runs were made: creating check runs failed after retries \(POST \/repos\/o\/r\/check-runs failed: HTTP 500/);
    expect(run.log).toMatch(/::notice title=onepixel,file=models\/good.onnx/);
    expect(run.log).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(run.outputs.verdict).toBe('clean');
    expect(run.code).toBe(0);
  });

  it('checks: false publishes no check runs; no token says why; a bad input is one line', async () => {
    const off = await merge(workspaceWithShards([[clean()]]), { checks: 'false' });
    expect(github.requests).toHaveLength(0);
    expect(off.code).toBe(0);

    const noToken = await merge(workspaceWithShards([[clean()]]), { token: '' });
    expect(noToken.summary).toContain('No check runs were made: no token was given.');

    const bad = await merge(workspaceWithShards([[clean()]]), { 'fail-on': 'always' });
    // A bad input is a configuration error: exit 2, as for the CLI.
    expect(bad.code).toBe(2);
    expect(bad.log.trim().split('\n').filter((l) => l.startsWith('::error::'))).toEqual(['::error::onepixel: input fail-on must be backdoored, error, never (got "always")']);
  });

  it('runs outside a runner too: no summary file, no output file', async () => {
    const workspace = workspaceWithShards(threeModels());
    const run = await runAction({ workspace, apiUrl: github.url, inputs: { mode: 'merge', checks: 'false' }, env: { GITHUB_STEP_SUMMARY: '', GITHUB_OUTPUT: '' } });
    expect(run.log).toContain('onepixel: no job summary (GITHUB_STEP_SUMMARY is not set)');
    expect(run.log).toMatch(/::error title=onepixel,file=models\/bad.onnx/);
    expect(run.code).toBe(1);
    expect(fs.existsSync(path.join(workspace, 'onepixel-out', 'report.json'))).toBe(true);
  });

  it('refuses a forged or broken shard report in one line', async () => {
    const workspace = workspaceWithShards([[clean()]]);
    fs.writeFileSync(path.join(workspace, 'onepixel-shards', 'onepixel-shard-1-of-1', 'report.json'), JSON.stringify({ schema: 'onepixel-report/1', threshold: 0.5, models: [{ model: 'x', verdict: 'fine' }] }));
    const run = await merge(workspace);
    expect(run.code).toBe(1);
    expect(run.log).toMatch(/::error::onepixel: .*report\.json: models\[0\]: "verdict" must be clean, backdoored or error/);
    expect(github.requests).toHaveLength(0);
  });

  it('says when no shard reports were found', async () => {
    const run = await merge(tempDir());
    expect(run.code).toBe(1);
    expect(run.log).toContain('::error::onepixel: no shard reports match onepixel-shards/**/report.json');
  });
});
