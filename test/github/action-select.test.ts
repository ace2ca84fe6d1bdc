/**
 * The action's scan path with the scan replaced: which models reach the scan (globs, the pull
 * request's changed files through the paginated API, shards), with what options, and what the
 * log says while it works. In-process, calling run() as index.ts does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run, type ScanModels } from '../../src/action/main.js';
import { inShard } from '../../src/action/shard.js';
import type { ScanReport } from '../../src/report/report.js';
import { tempDir } from '../helpers.js';
import { FakeGitHub } from './fake-github.js';
import { clean, report } from './reports.js';
import { BASE_SHA, parseOutputFile, pullRequestEvent } from './run-action.js';

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
beforeEach(() => github.reset());

const savedEnv = { ...process.env };
const savedCwd = process.cwd();
let log = '';
beforeEach(() => {
  log = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    log += chunk.toString();
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.chdir(savedCwd);
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  process.exitCode = undefined;
});

const MODELS = ['models/a.onnx', 'models/b.onnx', 'models/sub/c.onnx', 'other/d.onnx', 'notes.txt'];

/** A workspace with placeholder model files, the runner's variables, and the given inputs. */
function setup(inputs: Record<string, string>, event: object = pullRequestEvent()): { workspace: string; outputs: () => Record<string, string> } {
  const workspace = tempDir('onepixel-ws-');
  for (const file of MODELS) {
    fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    fs.writeFileSync(path.join(workspace, file), 'x');
  }
  const runner = tempDir('onepixel-runner-');
  fs.writeFileSync(path.join(runner, 'event.json'), JSON.stringify(event));
  fs.writeFileSync(path.join(runner, 'output'), '');
  fs.writeFileSync(path.join(runner, 'summary'), '');
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_') || key.startsWith('GITHUB_') || key.startsWith('ACTIONS_')) delete process.env[key];
  Object.assign(process.env, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
    GITHUB_API_URL: github.url,
    GITHUB_OUTPUT: path.join(runner, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runner, 'summary'),
    RUNNER_TEMP: runner,
    ONEPIXEL_API_RETRY_BASE_MS: '10',
    ...Object.fromEntries(Object.entries({ token: 'tok', checks: 'false', ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  });
  process.chdir(workspace);
  return { workspace, outputs: () => parseOutputFile(fs.readFileSync(path.join(runner, 'output'), 'utf8')) };
}

/** A scan that records what it was asked and calls every model clean, reporting progress. */
function fakeScan(): { scan: ScanModels; calls: { files: string[]; options: Parameters<ScanModels>[1] }[] } {
  const calls: { files: string[]; options: Parameters<ScanModels>[1] }[] = [];
  const scan: ScanModels = async (files, options) => {
    calls.push({ files, options });
    files.forEach((file, i) => {
      options?.onModelStart?.(i, files.length, file);
      options?.onProgress?.(i, files.length, file, { done: 5, total: 100, seconds: 2 });
      options?.onProgress?.(i, files.length, file, { done: 50, total: 100, seconds: 12 });
    });
    return report(files.map((f) => clean(f))) as ScanReport;
  };
  return { scan, calls };
}

describe('which models the action scans', () => {
  it('on a pull request, only the models it adds or modifies, read through every page of its files', async () => {
    github.pageSize = 2;
    github.pullFiles.set(5, [
      { filename: 'README.md', status: 'modified' },
      { filename: 'models/a.onnx', status: 'added' },
      { filename: 'models/b.onnx', status: 'removed' },
      { filename: 'models/sub/c.onnx', status: 'modified' },
      { filename: 'other/d.onnx', status: 'unchanged' },
    ]);
    const { outputs } = setup({});
    const { scan, calls } = fakeScan();
    await run(scan);
    expect(github.to('GET /repos/o/r/pulls/5/files')).toHaveLength(3);
    expect(calls[0]!.files).toEqual(['models/a.onnx', 'models/sub/c.onnx']);
    expect(outputs()).toMatchObject({ scanned: '2', backdoored: '0', errors: '0', verdict: 'clean' });
    expect(log).toContain('onepixel: Pull request #5 changes 2 of the 4 matching models.');
    expect(log).toContain('[1/2] models/a.onnx');
    expect(log).toMatch(/\[2\/2\] models\/sub\/c\.onnx\s+50%/);
    expect(log).toMatch(/ETA/);
    expect(log).not.toMatch(/\s5%/); // nothing before the first 10 seconds of a model
    expect(process.exitCode).toBeUndefined();
  });

  it('every matching model with changed-only: false, off pull requests, or when the file list cannot be had', async () => {
    const { scan, calls } = fakeScan();
    setup({ 'changed-only': 'false' });
    await run(scan);
    setup({}, {});
    await run(scan);
    github.fail('GET /repos/o/r/pulls/5/files', { status: 500 });
    setup({});
    await run(scan);
    for (const call of calls) expect(call.files).toEqual(['models/a.onnx', 'models/b.onnx', 'models/sub/c.onnx', 'other/d.onnx']);
    expect(log).toMatch(/::warning::onepixel: cannot list the pull request files \(ApiError: GET .* HTTP 500.*\); scanning every matching model/);
  });

  it('never its own output, nor the files inside a folder whose name matches', async () => {
    const { scan, calls } = fakeScan();
    const { workspace } = setup({ 'changed-only': 'false' });
    for (const file of ['onepixel-out/models__a.onnx/signature.npy', 'weird.onnx/inside.bin']) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), 'x');
    }
    await run(scan);
    expect(calls[0]!.files).toEqual(['models/a.onnx', 'models/b.onnx', 'models/sub/c.onnx', 'other/d.onnx']);
    // A model file inside the output folder would be deleted unscanned: refused instead.
    fs.writeFileSync(path.join(workspace, 'onepixel-out', 'stale.onnx'), 'x');
    await run(scan);
    expect(log).toContain('::error::onepixel: input out: onepixel-out holds a model (stale.onnx); the output folder must hold only what onepixel writes');
    expect(process.exitCode).toBe(2);
    expect(calls).toHaveLength(1);
  });

  it('only its shard of the models given shard: i/n, and only the globs', async () => {
    const { scan, calls } = fakeScan();
    setup({ models: 'models/**/*.onnx', shard: '2/2', 'changed-only': 'false' });
    await run(scan);
    const all = ['models/a.onnx', 'models/b.onnx', 'models/sub/c.onnx'];
    expect(calls[0]!.files).toEqual(inShard(all, { index: 2, count: 2 }));
    expect(log).toContain('shard job: check runs and the full summary come from the merge step');
  });

  it('passes the options, the config when it exists, the artifact folder and the cache folder to the scan', async () => {
    const { scan, calls } = fakeScan();
    const { workspace } = setup({ 'changed-only': 'false', 'input-range': '-1,1', levels: '32', threads: '2', out: 'sigs' });
    fs.writeFileSync(path.join(workspace, '.onepixel.yml'), 'models: []\n');
    github.contents.set(`${BASE_SHA}:.onepixel.yml`, 'models: []\n');
    await run(scan);
    const options = calls[0]!.options!;
    expect(options.signature).toEqual({ inputRange: [-1, 1], threads: 2 });
    expect(log).toContain('::warning::onepixel: ignoring levels: the scan');
    expect(options.threads).toBe(2);
    // The same on the base branch: trusted, with nothing claimed beside it.
    expect(options.config).toEqual({ defaults: {}, models: [] });
    expect(options.claimedConfig).toBeUndefined();
    expect(options.artifactsDir).toBe('sigs');
    expect(options.cacheDir).toBe(path.join(process.env.RUNNER_TEMP!, 'onepixel-cache'));
    expect(options.signal).toBeInstanceOf(AbortSignal);
    expect(fs.existsSync(path.join(workspace, 'sigs', 'report.json'))).toBe(true);
    // No cache service in tests: a warning, never a failure.
    expect(log).toContain('::warning::onepixel: the Actions cache service is not available here');
    expect(process.exitCode).toBeUndefined();
  });

  it('no cache folder with cache: false; a missing config given by name and device: cuda fail in one line', async () => {
    const { scan, calls } = fakeScan();
    setup({ 'changed-only': 'false', cache: 'false' });
    await run(scan);
    expect(calls[0]!.options!.cacheDir).toBeUndefined();
    expect(calls[0]!.options!.configFile).toBeUndefined();

    setup({ config: 'ci/missing.yml' });
    await run(scan);
    expect(log).toContain('::error::onepixel: input config: ci/missing.yml does not exist');
    expect(process.exitCode).toBe(2);
    setup({ device: 'cuda' });
    await run(scan);
    expect(log).toContain('::error::onepixel: device cuda is not available: no NVIDIA driver on this machine');
    expect(calls).toHaveLength(1);
    expect(process.exitCode).toBe(1);
  });

  it('a changed external-data file marks its model changed; a removed model file does not', async () => {
    const { scan, calls } = fakeScan();
    const { workspace } = setup({});
    const fixtures = path.join(__dirname, '..', 'fixtures', 'models');
    fs.mkdirSync(path.join(workspace, 'models', 'ext'), { recursive: true });
    for (const file of ['rgb-nchw-external.onnx', 'rgb-nchw-external.weights']) fs.copyFileSync(path.join(fixtures, file), path.join(workspace, 'models', 'ext', file));
    github.pullFiles.set(5, [{ filename: 'models/ext/rgb-nchw-external.weights', status: 'modified' }]);
    await run(scan);
    expect(calls[0]!.files).toEqual(['models/ext/rgb-nchw-external.onnx']);
    expect(log).toContain('its external data models/ext/rgb-nchw-external.weights changed');
  });

  it("a pull request's config change scans the models whose settings it changes, as claims beside the base branch's config", async () => {
    const { scan, calls } = fakeScan();
    const { workspace } = setup({});
    const base = 'models:\n  - path: "models/sub/*.onnx"\n    input-range: 0,1\n';
    const head = 'models:\n  - path: "models/sub/*.onnx"\n    input-range: 0,0.001\n  - path: "other/*.onnx"\n    input-range: -1,1\n';
    github.contents.set(`${BASE_SHA}:.onepixel.yml`, base);
    fs.writeFileSync(path.join(workspace, '.onepixel.yml'), head);
    github.pullFiles.set(5, [{ filename: '.onepixel.yml', status: 'modified' }]);
    await run(scan);
    // a.onnx and b.onnx keep their settings; c.onnx's and d.onnx's change.
    expect(calls[0]!.files).toEqual(['models/sub/c.onnx', 'other/d.onnx']);
    const options = calls[0]!.options!;
    expect(options.config!.models).toEqual([{ path: 'models/sub/*.onnx', settings: { 'input-range': '0,1' } }]);
    expect(options.claimedConfig!.source).toBe("the pull request's .onepixel.yml");
    expect(options.claimedConfig!.config.models).toHaveLength(2);
    expect(log).toContain("This pull request changes .onepixel.yml: the base branch's version was used");
  });

  it('scans every matching model when the API lists fewer files than the pull request changed (it stops at 3,000)', async () => {
    const { scan, calls } = fakeScan();
    const event = pullRequestEvent();
    setup({}, { pull_request: { ...event.pull_request, changed_files: 3001 } });
    github.pullFiles.set(5, [{ filename: 'README.md', status: 'modified' }]);
    await run(scan);
    expect(calls[0]!.files).toEqual(['models/a.onnx', 'models/b.onnx', 'models/sub/c.onnx', 'other/d.onnx']);
    expect(log).toMatch(/::warning::onepixel: cannot list the pull request files \(Error: the API listed 1 of the pull request's 3001 changed files\); scanning every matching model/);
  });

  it('a changed workflow file marks every model changed (it can change the inputs)', async () => {
    const { scan, calls } = fakeScan();
    setup({});
    github.pullFiles.set(5, [{ filename: '.github/workflows/models.yml', status: 'modified' }]);
    await run(scan);
    expect(calls[0]!.files).toEqual(['models/a.onnx', 'models/b.onnx', 'models/sub/c.onnx', 'other/d.onnx']);
  });

  it('a models glob that matches nothing is a configuration error: exit 2 and one line; a PR that changes no model passes', async () => {
    const { scan, calls } = fakeScan();
    setup({ models: 'nothing/**/*.onnx' });
    await run(scan);
    expect(log).toContain('::error::onepixel: input models: no file in the workspace matches nothing/**/*.onnx');
    expect(process.exitCode).toBe(2);
    expect(calls).toHaveLength(0);
    process.exitCode = undefined;
    setup({});
    github.pullFiles.set(5, [{ filename: 'README.md', status: 'modified' }]);
    await run(scan);
    expect(calls[0]!.files).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('clears its own output folder first, and refuses a config or output folder that leads outside the workspace', async () => {
    const { scan } = fakeScan();
    const { workspace } = setup({ 'changed-only': 'false' });
    fs.mkdirSync(path.join(workspace, 'onepixel-out', 'old__model.onnx'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'onepixel-out', 'old__model.onnx', 'signature.npy'), 'stale');
    await run(scan);
    expect(fs.existsSync(path.join(workspace, 'onepixel-out', 'old__model.onnx'))).toBe(false);
    expect(fs.existsSync(path.join(workspace, 'onepixel-out', 'report.json'))).toBe(true);

    const outside = tempDir('onepixel-outside-');
    fs.writeFileSync(path.join(outside, 'secret.yml'), 'token-ish: 1\n');
    const ws2 = setup({ 'changed-only': 'false' }).workspace;
    fs.symlinkSync(path.join(outside, 'secret.yml'), path.join(ws2, '.onepixel.yml'));
    await run(scan);
    expect(log).toMatch(/::error::onepixel: input config: \.onepixel\.yml resolves outside the workspace/);
    expect(log).not.toContain('token-ish');
    expect(process.exitCode).toBe(2);

    process.exitCode = undefined;
    const ws3 = setup({ 'changed-only': 'false' }).workspace;
    fs.symlinkSync(outside, path.join(ws3, 'onepixel-out'));
    await run(scan);
    expect(log).toMatch(/::error::onepixel: input out: onepixel-out resolves outside the workspace/);
    expect(fs.readdirSync(outside)).toEqual(['secret.yml']);

    // Nor a link inside the workspace: emptying it would delete the models it points at.
    const ws4 = setup({ 'changed-only': 'false' }).workspace;
    fs.symlinkSync(path.join(ws4, 'models'), path.join(ws4, 'onepixel-out'));
    await run(scan);
    expect(log).toContain('::error::onepixel: input out: onepixel-out is a symbolic link; the output folder must be a plain folder');
    expect(fs.existsSync(path.join(ws4, 'models', 'a.onnx'))).toBe(true);
    // A config that is a link is refused too: the base branch's copy is read at the path as written.
    const ws5 = setup({ 'changed-only': 'false' }).workspace;
    fs.writeFileSync(path.join(ws5, 'x.yml'), 'models: []\n');
    fs.symlinkSync('x.yml', path.join(ws5, '.onepixel.yml'));
    await run(scan);
    expect(log).toContain('::error::onepixel: input config: .onepixel.yml is a symbolic link; the config must be a regular file');
  });
});
