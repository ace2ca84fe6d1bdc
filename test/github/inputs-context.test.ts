import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readContext } from '../../src/action/context.js';
import { readInputs } from '../../src/action/inputs.js';
import { tempDir } from '../helpers.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

function setInputs(inputs: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

describe('inputs', () => {
  it('has defaults for everything', () => {
    setInputs({});
    expect(readInputs()).toEqual({
      mode: 'scan',
      models: ['**/*.onnx'],
      changedOnly: true,
      config: '.onepixel.yml',
      configRequired: false,
      failOn: 'error',
      token: '',
      checks: true,
      sarif: undefined,
      badge: undefined,
      artifactName: 'onepixel',
      cache: true,
      shard: undefined,
      device: 'auto',
      reports: ['onepixel-shards/**/report.json'],
      outDir: 'onepixel-out',
      options: {},
      ignored: [],
    });
  });

  it('reads every input', () => {
    setInputs({
      models: 'a/**/*.onnx\nb.onnx, c.onnx',
      'changed-only': 'false',
      config: 'ci/onepixel.yml',
      'fail-on': 'error',
      token: 'tok',
      checks: 'False',
      sarif: 'out.sarif',
      badge: 'badge.svg',
      'artifact-name': 'sigs',
      cache: 'no',
      shard: '2/3',
      device: 'CPU',
      'input-range': '-1,1',
      mean: '0.5',
      std: '0.25',
      layout: 'NHWC',
      size: '28x28',
      outputs: 'logits',
      threads: '2',
      batch: '8',
      budget: '30',
      threshold: '0.7',
    });
    const inputs = readInputs();
    expect(inputs).toMatchObject({
      models: ['a/**/*.onnx', 'b.onnx', 'c.onnx'],
      changedOnly: false,
      config: 'ci/onepixel.yml',
      configRequired: true,
      failOn: 'error',
      token: 'tok',
      checks: false,
      sarif: 'out.sarif',
      badge: 'badge.svg',
      artifactName: 'sigs-shard-2-of-3',
      cache: false,
      shard: { index: 2, count: 3 },
      device: 'cpu',
      threshold: 0.7,
    });
    expect(inputs.options).toEqual({ inputRange: [-1, 1], mean: [0.5], std: [0.25], layout: 'NHWC', size: [28, 28], outputs: 'logits', threads: 2, batch: 8, budget: 30 });
    expect(inputs.ignored).toEqual([]);
  });

  it("accepts the inputs the scan's recipe now fixes, naming them to be warned about", () => {
    setInputs({ mode: 'channel', levels: '16', stride: '2' });
    const inputs = readInputs();
    expect(inputs.mode).toBe('scan');
    expect(inputs.ignored).toEqual(['levels', 'stride', 'mode: channel']);
    expect(inputs.options).toEqual({});
  });

  it('takes budget 0 as no budget (action.yml sets 1200 by default)', () => {
    setInputs({ budget: '0' });
    expect(readInputs().options.budget).toBeUndefined();
    setInputs({ budget: '600' });
    expect(readInputs().options.budget).toBe(600);
  });

  it.each([
    [{ 'fail-on': 'sometimes' }, 'input fail-on must be backdoored, error, never (got "sometimes")'],
    [{ checks: 'maybe' }, 'input checks must be true or false (got "maybe")'],
    [{ shard: '3/2' }, 'input shard must be i/n with 1 ≤ i ≤ n ≤ 1024, for example 2/4 (got "3/2")'],
    [{ mode: 'merge', shard: '1/2' }, 'input shard is for the scan jobs; the merge step reads every shard report'],
    [{ device: 'tpu' }, 'input device must be auto, cpu, cuda (got "tpu")'],
    [{ mode: 'publish' }, 'input mode must be scan, merge (got "publish")'],
    [{ threads: '0' }, 'input threads must be a whole number from 1 to 1024 (got 0)'],
    [{ budget: '-3' }, 'input budget must be a positive number of seconds (got -3)'],
    [{ layout: 'NWHC' }, 'input layout must be one of NCHW, NHWC (got "NWHC")'],
    [{ 'input-range': '1' }, 'input input-range must be two numbers lo,hi (got "1")'],
    [{ threshold: '1' }, 'input threshold must be a probability between 0 and 1 (got "1")'],
    [{ threshold: 'high' }, 'input threshold must be a number (got "high")'],
  ])('refuses %j in one line', (inputs, message) => {
    setInputs(inputs);
    expect(() => readInputs()).toThrow(message);
    try {
      readInputs();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

});

describe('the run context', () => {
  function event(payload: object): string {
    const file = path.join(tempDir(), 'event.json');
    fs.writeFileSync(file, JSON.stringify(payload));
    return file;
  }
  const base = { GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'merge-sha', GITHUB_RUN_ID: '77', GITHUB_SERVER_URL: 'https://github.example', GITHUB_API_URL: 'http://127.0.0.1:9/' };

  it('takes the PR head commit, not the merge commit, and links the run', () => {
    const pr = { number: 5, head: { sha: 'head-sha', repo: { full_name: 'o/r' } }, base: { repo: { full_name: 'o/r' } } };
    const ctx = readContext({ ...base, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event({ pull_request: pr }) });
    expect(ctx).toMatchObject({ owner: 'o', repo: 'r', headSha: 'head-sha', pullRequest: { number: 5, fork: false }, apiUrl: 'http://127.0.0.1:9' });
    expect(ctx.runUrl).toBe('https://github.example/o/r/actions/runs/77');
  });

  it('knows a fork, a deleted fork included', () => {
    const fork = { number: 6, head: { sha: 'h', repo: { full_name: 'stranger/r' } }, base: { repo: { full_name: 'o/r' } } };
    expect(readContext({ ...base, GITHUB_EVENT_PATH: event({ pull_request: fork }) }).pullRequest).toEqual({ number: 6, fork: true });
    const deleted = { number: 7, head: { sha: 'h', repo: null }, base: { repo: { full_name: 'o/r' } } };
    expect(readContext({ ...base, GITHUB_EVENT_PATH: event({ pull_request: deleted }) }).pullRequest).toEqual({ number: 7, fork: true });
  });

  it('uses a workflow_run head for fork-safe publishing, and GITHUB_SHA on a push', () => {
    expect(readContext({ ...base, GITHUB_EVENT_PATH: event({ workflow_run: { head_sha: 'run-head' } }) }).headSha).toBe('run-head');
    const push = readContext({ ...base, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event({}) });
    expect(push.headSha).toBe('merge-sha');
    expect(push.pullRequest).toBeUndefined();
  });
});

describe("the action's wording of a reason", () => {
  it('names settings where the engine names CLI flags, takes only value-like words as values, and leaves paths alone', async () => {
    const { inInputTerms } = await import('../../src/action/main.js');
    expect(inInputTerms('input "image" [N,1,H,W] has a dynamic height or width; pass --size HxW')).toBe('input "image" [N,1,H,W] has a dynamic height or width; set size to HxW');
    expect(inInputTerms('five channels: set --layout NHWC or --layout NCHW')).toBe('five channels: set layout NHWC or layout NCHW');
    expect(inInputTerms('scan it with --budget 0 (the timeout still applies)')).toBe('scan it with budget 0 (the timeout still applies)');
    expect(inInputTerms('--mean has 3 values')).toBe('the mean setting has 3 values');
    expect(inInputTerms('models/a--b.onnx.data is missing')).toBe('models/a--b.onnx.data is missing');
  });
});
