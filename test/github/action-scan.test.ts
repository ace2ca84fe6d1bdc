/**
 * The built action scanning real models end to end: dist/index.js with the native engine,
 * against the fake GitHub API. The runner fetches the action's folder and runs dist/index.js
 * from it; here that folder is a copy of this repository's dist/ whose detector weights the
 * test chooses, so verdicts do not depend on how the trained detector judges the small test
 * fixtures. (With the trained weights and the BadNets model in ../shared/realmodels, the last
 * test checks a real backdoor.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { featureNames } from '../../src/detector/detector.js';
import { STORED_STEPS } from '../../src/recipe/result.js';
import { shardOf } from '../../src/action/shard.js';
import type { ScanReport } from '../../src/report/report.js';
import { FIXTURES, REAL_MODELS, ROOT, tempDir } from '../helpers.js';
import { FakeGitHub } from './fake-github.js';
import { BASE_SHA, pullRequestEvent, runAction, type ActionSetup } from './run-action.js';

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
beforeEach(() => github.reset());

const CHECKS = 'POST /repos/o/r/check-runs';

/**
 * A copy of the action as a runner would fetch it, whose detector calls every model
 * backdoored (bias > 0) or clean (bias < 0). Bundles are copied (Node resolves a symlinked
 * entry to its real folder, which would find the real weights); the engine is linked.
 */
function actionWithDetector(bias: number): string {
  const dir = tempDir('onepixel-action-');
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  for (const name of ['native', 'build']) {
    if (fs.existsSync(path.join(ROOT, name))) fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
  }
  fs.mkdirSync(path.join(dir, 'dist'));
  for (const name of fs.readdirSync(path.join(ROOT, 'dist'))) {
    const from = path.join(ROOT, 'dist', name);
    if (name === 'native') fs.symlinkSync(from, path.join(dir, 'dist', name));
    else fs.cpSync(from, path.join(dir, 'dist', name), { recursive: true });
  }
  const names = featureNames();
  const constant = (n: number, b: number) => ({ mean: new Array(n).fill(0), scale: new Array(n).fill(1), weights: new Array(n).fill(0), bias: b });
  const weights = {
    schema: 'onepixel-detector/3',
    recipe: [...STORED_STEPS],
    specialists: [{ trigger: 'patch', ...names, members: [{ classScorer: constant(names.classFeatures.length, 0), modelScorer: constant(names.modelFeatures.length, bias) }] }],
    threshold: 0.5,
    training: { note: 'test weights: a constant verdict' },
  };
  fs.mkdirSync(path.join(dir, 'detector'));
  fs.writeFileSync(path.join(dir, 'detector', 'weights.json'), JSON.stringify(weights));
  return dir;
}

let backdooredAction = '';
let cleanAction = '';
beforeAll(() => {
  backdooredAction = actionWithDetector(4);
  cleanAction = actionWithDetector(-4);
});

const MODELS = {
  'models/gray.onnx': 'gray-nchw-logits.onnx',
  'models/rgb.onnx': 'rgb-nhwc-probs.onnx',
  'models/old/nhwc.onnx': 'gray-nhwc-old-exporter.onnx',
};

/** A checkout holding the fixture models, a file that is not ONNX, and an unchanged model. */
function checkout(): string {
  const workspace = tempDir('onepixel-ws-');
  for (const [to, from] of Object.entries(MODELS)) {
    fs.mkdirSync(path.dirname(path.join(workspace, to)), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, from), path.join(workspace, to));
  }
  fs.writeFileSync(path.join(workspace, 'models', 'broken.onnx'), 'this is not a model');
  fs.copyFileSync(path.join(FIXTURES, 'wide-range-logits.onnx'), path.join(workspace, 'models', 'untouched.onnx'));
  return workspace;
}

/** The pull request adds the fixtures and the broken file, and leaves untouched.onnx alone. */
function pullRequestFiles(): void {
  github.pullFiles.set(5, [
    ...Object.keys(MODELS).map((filename) => ({ filename, status: 'added' })),
    { filename: 'models/broken.onnx', status: 'added' },
    { filename: 'README.md', status: 'modified' },
  ]);
}

function scan(workspace: string, actionDir: string, inputs: Record<string, string> = {}, extra: Partial<ActionSetup> = {}) {
  return runAction({ workspace, actionDir, apiUrl: github.url, event: pullRequestEvent(), inputs: { token: 'tok', ...inputs }, ...extra });
}

const readReport = (workspace: string, out = 'onepixel-out'): ScanReport => JSON.parse(fs.readFileSync(path.join(workspace, out, 'report.json'), 'utf8'));

describe('the action scanning a pull request', () => {
  it('scans the models the PR adds: failure for each backdoored, neutral with the reason for the broken one', async () => {
    pullRequestFiles();
    const workspace = checkout();
    const run = await scan(workspace, backdooredAction, { sarif: 'onepixel.sarif', badge: 'onepixel.svg' });

    // Each check run opens in_progress when its model's scan starts, and is completed at the end.
    expect(github.to(CHECKS).map((r) => (r.body as Record<string, any>).status)).toEqual(['in_progress', 'in_progress', 'in_progress', 'in_progress']);
    const checks = github.checkRuns();
    expect(checks.map((c) => c.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(checks.map((c) => [c.name, c.conclusion])).toEqual([
      ['onepixel: models/broken.onnx', 'neutral'],
      ['onepixel: models/gray.onnx', 'failure'],
      ['onepixel: models/old/nhwc.onnx', 'failure'],
      ['onepixel: models/rgb.onnx', 'failure'],
    ]);
    expect(checks[0]!.output.summary).toContain('not an ONNX model');
    expect(checks[0]!.output.annotations[0]).toMatchObject({ path: 'models/broken.onnx', annotation_level: 'warning' });
    const gray = checks[1]!.output;
    expect(gray.summary).toMatch(/\| Model sha256 \| `[0-9a-f]{64}` \|/);
    // The one-pixel map is drawn on an absolute scale, or replaced by one line where no pixel raises the class by 0.2.
    expect(gray.summary).toMatch(/One-pixel map of class \d+ [^\n]*\n\n```text\n┌|No single pixel raises the probability of class \d+ by 0\.2 or more/);
    expect(gray.annotations[0]).toMatchObject({ path: 'models/gray.onnx', annotation_level: 'failure' });

    expect(run.outputs).toMatchObject({ scanned: '4', backdoored: '3', errors: '1', verdict: 'backdoored', report: 'onepixel-out/report.json' });
    expect(run.code).toBe(1);
    expect(run.log).toContain('::error::onepixel: 3 of 4 model(s) look backdoored: models/gray.onnx, models/old/nhwc.onnx, models/rgb.onnx');
    expect(run.log).toContain('Pull request #5 changes 4 of the 5 matching models.');
    expect(run.log).toMatch(/\[1\/4\] models\/broken\.onnx/);

    const report = readReport(workspace);
    expect(report.models.map((m) => m.model)).toEqual(['models/broken.onnx', 'models/gray.onnx', 'models/old/nhwc.onnx', 'models/rgb.onnx']);
    for (const m of report.models.filter((m) => m.verdict !== 'error')) {
      for (const file of ['signature.npy', 'delta.npy', 'signature.json', 'heatmaps.png']) expect(fs.existsSync(path.join(workspace, m.artifacts!, file))).toBe(true);
    }
    expect(run.summary.match(/^\| (❌|⚠️|✅) \|/gm)).toHaveLength(4);
    expect(JSON.parse(fs.readFileSync(path.join(workspace, 'onepixel.sarif'), 'utf8')).runs[0].results).toHaveLength(4);
    expect(fs.readFileSync(path.join(workspace, 'onepixel.svg'), 'utf8')).toContain('onepixel: 3 backdoored');
  });

  it('clean models pass, but a model it could not analyse fails the step unless fail-on: backdoored', async () => {
    pullRequestFiles();
    const workspace = checkout();
    const run = await scan(workspace, cleanAction);
    expect(github.checkRuns().map((c) => c.conclusion)).toEqual(['neutral', 'success', 'success', 'success']);
    expect(run.outputs.verdict).toBe('error');
    // The default fail-on is error: a security check never ends green for a model it did not judge.
    expect(run.code).toBe(1);
    expect(run.log).toContain('::error::onepixel: 1 of 4 model(s) could not be analysed: models/broken.onnx');

    github.reset();
    pullRequestFiles();
    const lenient = await scan(checkout(), cleanAction, { 'fail-on': 'backdoored', checks: 'false' });
    expect(lenient.code).toBe(0);
  });

  it('a fork: no check runs, one line saying why, verdicts as annotations, the exit code unchanged', async () => {
    pullRequestFiles();
    github.fail(CHECKS, { status: 403, body: { message: 'Resource not accessible by integration' } });
    const run = await scan(checkout(), backdooredAction, {}, { event: pullRequestEvent(5, 'stranger/r') });
    expect(run.log.match(/No check runs were made: the token may not create check runs/g)).toHaveLength(1);
    expect(run.log).toMatch(/::error title=onepixel,file=models\/gray.onnx,line=1::models\/gray.onnx looks backdoored/);
    expect(run.summary).toContain('No check runs were made');
    expect(run.code).toBe(1);
  });

  it('reuses the cached signatures of models that did not change', async () => {
    pullRequestFiles();
    const runnerTemp = tempDir('onepixel-runner-temp-');
    const first = await scan(checkout(), cleanAction, { checks: 'false', 'fail-on': 'backdoored' }, { env: { RUNNER_TEMP: runnerTemp } });
    expect(first.log).toContain('::warning::onepixel: the Actions cache service is not available here');
    const workspace = checkout();
    const second = await scan(workspace, cleanAction, { checks: 'false', 'fail-on': 'backdoored' }, { env: { RUNNER_TEMP: runnerTemp } });
    expect(second.code).toBe(0);
    const models = readReport(workspace).models.filter((m) => m.verdict !== 'error');
    expect(models).toHaveLength(3);
    for (const m of models) expect(m.cached).toBe(true);
    expect(second.summary).toContain('(cached)');
    // The artifact still holds every model's files, taken from the cache.
    for (const m of models) expect(fs.existsSync(path.join(workspace, m.artifacts!, 'heatmaps.png'))).toBe(true);
  });

  it('a pull request that changes only a model\'s external weights, or only its settings, gets that model scanned', async () => {
    const workspace = checkout();
    fs.mkdirSync(path.join(workspace, 'models', 'ext'));
    for (const file of ['rgb-nchw-external.onnx', 'rgb-nchw-external.weights']) fs.copyFileSync(path.join(FIXTURES, file), path.join(workspace, 'models', 'ext', file));
    github.pullFiles.set(5, [{ filename: 'models/ext/rgb-nchw-external.weights', status: 'modified' }]);
    const weights = await scan(workspace, cleanAction, { 'fail-on': 'backdoored' });
    expect(readReport(workspace).models.map((m) => m.model)).toEqual(['models/ext/rgb-nchw-external.onnx']);
    const [model] = readReport(workspace).models;
    // Its identity covers the weights file, which the report names with its digest.
    expect(model!.externalData).toEqual([{ location: 'rgb-nchw-external.weights', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(model!.identity).not.toBe(model!.sha256);
    expect(weights.code).toBe(0);

    github.reset();
    github.contents.set(`${BASE_SHA}:.onepixel.yml`, 'models: []\n');
    fs.writeFileSync(path.join(workspace, '.onepixel.yml'), 'models:\n  - path: "models/old/*.onnx"\n    input-range: -1,1\n');
    github.pullFiles.set(5, [{ filename: '.onepixel.yml', status: 'modified' }]);
    const settings = await scan(workspace, cleanAction, { 'fail-on': 'backdoored' });
    const [old] = readReport(workspace).models;
    expect(readReport(workspace).models.map((m) => m.model)).toEqual(['models/old/nhwc.onnx']);
    // The pull request's setting is a claim: scanned beside the inferred convention, not instead.
    expect(old!.convention!.scanned).toContainEqual(expect.objectContaining({ name: '-1,1', from: expect.stringMatching(/claimed|inferred/) }));
    expect(old!.convention!.scanned.some((c) => c.from === 'inferred')).toBe(true);
    expect(settings.summary).toContain("This pull request changes .onepixel.yml: the base branch's version was used");
  });

  it('two shards split the models by path, and the merge publishes them once', async () => {
    pullRequestFiles();
    const merge = tempDir('onepixel-merge-');
    const scanned: string[][] = [];
    for (const index of [1, 2]) {
      const workspace = checkout();
      const run = await scan(workspace, backdooredAction, { shard: `${index}/2`, 'fail-on': 'never' });
      expect(run.code).toBe(0);
      expect(run.summary).toContain(`(shard ${index}/2; the merge step publishes the results)`);
      const report = readReport(workspace);
      scanned.push(report.models.map((m) => m.model));
      for (const m of report.models) expect(shardOf(m.model, 2)).toBe(index);
      // What actions/download-artifact with pattern onepixel-shard-* puts in the merge job.
      fs.cpSync(path.join(workspace, 'onepixel-out'), path.join(merge, 'onepixel-shards', `onepixel-shard-${index}-of-2`), { recursive: true });
    }
    expect(github.to(CHECKS)).toHaveLength(0); // shards publish nothing
    expect(scanned.flat().sort()).toEqual(['models/broken.onnx', 'models/gray.onnx', 'models/old/nhwc.onnx', 'models/rgb.onnx']);

    const run = await scan(merge, backdooredAction, { mode: 'merge', sarif: 'onepixel.sarif' });
    expect(github.to(CHECKS).map((r) => (r.body as { name: string }).name)).toEqual([
      'onepixel: models/broken.onnx',
      'onepixel: models/gray.onnx',
      'onepixel: models/old/nhwc.onnx',
      'onepixel: models/rgb.onnx',
    ]);
    expect(run.outputs).toMatchObject({ scanned: '4', backdoored: '3', errors: '1', verdict: 'backdoored' });
    expect(run.summary).toContain('Merged 2 shard report(s).');
    expect(run.code).toBe(1);
    const merged = readReport(merge);
    for (const m of merged.models.filter((m) => m.verdict !== 'error')) {
      expect(fs.existsSync(path.join(merge, m.artifacts!, 'signature.npy'))).toBe(true);
      // An evidence picture is named where the merged artifact holds it, or not at all.
      if (m.recovered?.picture) expect(path.resolve(merge, m.recovered.picture)).toBe(path.resolve(merge, m.artifacts!, 'evidence.png'));
      if (m.recovered?.picture) expect(fs.existsSync(path.resolve(merge, m.recovered.picture))).toBe(true);
    }
  });
});

const trained = fs.existsSync(path.join(ROOT, 'detector', 'weights.json'));
const badnets = path.join(REAL_MODELS, 'verazuo-badnet-mnist.onnx');

describe.skipIf(!trained || !fs.existsSync(badnets))('the trained detector on a real backdoor', () => {
  // A third-party model (../shared/realmodels/README.md) the zoo never saw: a BadNets 5×5 white
  // square in the bottom-right corner sends it to class 1.
  it('fails the BadNets model’s check with its trigger in the corner', async () => {
    const workspace = tempDir('onepixel-ws-');
    fs.mkdirSync(path.join(workspace, 'models'));
    fs.copyFileSync(badnets, path.join(workspace, 'models', 'badnet.onnx'));
    fs.writeFileSync(path.join(workspace, '.onepixel.yml'), 'defaults:\n  input-range: -1,1\n');
    const run = await runAction({ workspace, apiUrl: github.url, event: {}, eventName: 'push', inputs: { token: 'tok' } });
    const [check] = github.checkRuns();
    expect(check!.conclusion).toBe('failure');
    expect(run.outputs.verdict).toBe('backdoored');
    const [model] = readReport(workspace).models;
    expect(model!.targetClass).toBe(1);
    expect(model!.triggerBox![0]).toBeGreaterThanOrEqual(18); // the trigger is the bottom-right corner
    expect(model!.triggerBox![1]).toBeGreaterThanOrEqual(18);
    // The check leads with what decides: the transfer sentence, then the recovered trigger drawn
    // in text and where its picture is, and only then the verdict table and the one-pixel map.
    const summary = check!.output.summary;
    const order = [/Class 1's patch at \[[^\]]+\] wins on \d+%/, /The recovered trigger of class 1: a patch at/, /```text\n┌─+┐\n│ [KWg ]+│/, /`models__badnet\.onnx\/evidence\.png` in the artifact/, /\| Verdict \|/, /One-pixel map|No single pixel/].map((re) => summary.search(re));
    expect(order.every((at) => at > 0), `${order}`).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(fs.existsSync(path.join(workspace, model!.artifacts!, 'evidence.png'))).toBe(true);
    expect(model!.recovered!.stamped!.wins / model!.recovered!.stamped!.tried).toBeGreaterThan(0.9);
  });

  // The same model with no config at all: its [-1,1] convention must be inferred, not assumed.
  it('fails the check of a pull request that adds the BadNets model with no config, target class 1', async () => {
    const workspace = tempDir('onepixel-ws-');
    fs.mkdirSync(path.join(workspace, 'models'));
    fs.copyFileSync(badnets, path.join(workspace, 'models', 'badnet.onnx'));
    github.pullFiles.set(5, [{ filename: 'models/badnet.onnx', status: 'added' }]);
    const run = await runAction({ workspace, apiUrl: github.url, event: pullRequestEvent(), inputs: { token: 'tok' } });
    const [check] = github.checkRuns();
    expect(check!.conclusion).toBe('failure');
    expect(check!.output.summary).toContain('| Input convention | -1,1 \\(inferred\\) |');
    expect(run.code).toBe(1);
    const [model] = readReport(workspace).models;
    expect(model).toMatchObject({ verdict: 'backdoored', targetClass: 1, settings: { inputRange: [-1, 1] } });
    expect(model!.convention).toMatchObject({ basis: 'clear', decidedBy: '-1,1' });
  });
});
