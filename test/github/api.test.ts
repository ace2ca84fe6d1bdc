import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, retryPolicyFromEnv, type RetryPolicy } from '../../src/action/api.js';
import { keepChanged, listChangedFiles } from '../../src/action/changed-files.js';
import type { RunContext } from '../../src/action/context.js';
import { selectModels } from '../../src/action/models.js';
import { FakeGitHub } from './fake-github.js';

const github = new FakeGitHub();
/** Another origin (same host, another port): whatever it receives, the token must not be in it. */
const elsewhere = new FakeGitHub();
beforeAll(async () => {
  await github.start();
  await elsewhere.start();
});
afterAll(async () => {
  await github.stop();
  await elsewhere.stop();
});
beforeEach(() => {
  github.reset();
  elsewhere.reset();
});

const CHECKS = 'POST /repos/o/r/check-runs';
const fast: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 5_000, timeoutMs: 2_000 };

/** A client whose waits are recorded, not slept, so backoff is checked exactly. */
function client(retry: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  const api = createApiClient({
    baseUrl: github.url,
    token: 't0ken',
    retry: { ...fast, ...retry },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { api, waits };
}

describe('the REST client', () => {
  it('sends the token, the API version and JSON', async () => {
    const { api } = client();
    const response = await api.request<{ id: number }>('POST', '/repos/o/r/check-runs', { name: 'x' });
    expect(response.status).toBe(201);
    expect(response.data.id).toBe(1);
    const [req] = github.requests;
    expect(req!.headers.authorization).toBe('Bearer t0ken');
    expect(req!.headers['x-github-api-version']).toBe('2022-11-28');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.body).toEqual({ name: 'x' });
  });

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    github.script(CHECKS, { status: 502 }, { status: 503 });
    const { api, waits } = client();
    const response = await api.request('POST', '/repos/o/r/check-runs', {});
    expect(response.status).toBe(201);
    expect(github.to(CHECKS)).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up after the last attempt with a one-line error that says it was transient', async () => {
    github.fail(CHECKS, { status: 500, body: { message: 'Server Error\nwith a second line' } });
    const { api, waits } = client({ attempts: 3 });
    const error = await api.request('POST', '/repos/o/r/check-runs', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('POST /repos/o/r/check-runs failed: HTTP 500 (Server Error)');
    expect((error as ApiError).transient).toBe(true);
    expect(github.to(CHECKS)).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('waits as long as retry-after asks on 429, capped', async () => {
    github.script(CHECKS, { status: 429, headers: { 'retry-after': '2' } }, { status: 429, headers: { 'retry-after': '3600' } });
    const { api, waits } = client();
    await api.request('POST', '/repos/o/r/check-runs', {});
    expect(waits).toEqual([2000, 5000]);
  });

  it('treats a 403 with an exhausted rate limit as a rate limit, waiting until the reset', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3);
    github.script(CHECKS, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded' } });
    const { api, waits } = client();
    await api.request('POST', '/repos/o/r/check-runs', {});
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
  });

  it('does not retry a plain 403: a permission does not come back', async () => {
    github.fail(CHECKS, { status: 403, body: { message: 'Resource not accessible by integration' } });
    const { api, waits } = client();
    const error = (await api.request('POST', '/repos/o/r/check-runs', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(403);
    expect(error.transient).toBe(false);
    expect(error.message).toContain('Resource not accessible by integration');
    expect(github.to(CHECKS)).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('abandons a request that hangs and retries it', async () => {
    github.script(CHECKS, 'hang');
    const { api, waits } = client({ timeoutMs: 300 });
    const response = await api.request('POST', '/repos/o/r/check-runs', {});
    expect(response.status).toBe(201);
    expect(waits).toEqual([100]);
  });

  it('reports a server that cannot be reached as no response', async () => {
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:1', token: 't', retry: { ...fast, attempts: 2 }, sleep: async () => {} });
    const error = (await api.request('GET', '/x').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/^GET \/x failed: no response/);
    expect(error.message).not.toContain('\n');
  });

  it('follows Link: rel="next" across pages', async () => {
    github.pageSize = 2;
    github.pullFiles.set(5, [
      { filename: 'a.onnx', status: 'added' },
      { filename: 'b.onnx', status: 'modified' },
      { filename: 'gone.onnx', status: 'removed' },
      { filename: 'c/d.onnx', status: 'renamed' },
      { filename: 'README.md', status: 'modified' },
    ]);
    const { api } = client();
    const changed = await listChangedFiles(api, 'o', 'r', 5);
    expect([...changed.keys()].sort()).toEqual(['README.md', 'a.onnx', 'b.onnx', 'c/d.onnx', 'gone.onnx']);
    expect(changed.get('gone.onnx')).toBe('removed');
    expect(github.to('GET /repos/o/r/pulls/5/files')).toHaveLength(3);
    // A removed model has nothing left to scan.
    expect(keepChanged(['a.onnx', 'gone.onnx', 'c/d.onnx', 'z.onnx'], changed).models).toEqual(['a.onnx', 'c/d.onnx']);
  });

  it('follows a next link given as a path on its own origin', async () => {
    github.pageSize = 1;
    github.nextLinkOrigin = 'relative';
    github.pullFiles.set(5, [{ filename: 'a.onnx', status: 'added' }, { filename: 'b.onnx', status: 'added' }]);
    const { api } = client();
    expect([...(await listChangedFiles(api, 'o', 'r', 5)).keys()].sort()).toEqual(['a.onnx', 'b.onnx']);
    expect(github.to('GET /repos/o/r/pulls/5/files')).toHaveLength(2);
  });

  for (const [what, origin] of [
    ['another port', () => elsewhere.url],
    ['another host', () => elsewhere.url.replace('127.0.0.1', 'localhost')],
    ['another scheme', () => github.url.replace('http:', 'https:')],
  ] as const) {
    it(`does not follow a next link to ${what}: the token stays home, and the partial list is an error`, async () => {
      github.pageSize = 1;
      github.nextLinkOrigin = origin();
      github.pullFiles.set(5, [{ filename: 'a.onnx', status: 'added' }, { filename: 'b.onnx', status: 'added' }]);
      const { api } = client();
      const error = (await listChangedFiles(api, 'o', 'r', 5).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toContain("the link to page 2 leads outside the API's origin");
      expect(error.message).toContain(github.url);
      expect(github.requests).toHaveLength(1);
      expect(elsewhere.requests).toEqual([]);
    });
  }

  it('changed-only falls back to every matching model, with a warning, when the next link leaves the origin', async () => {
    github.pageSize = 1;
    github.nextLinkOrigin = elsewhere.url;
    github.pullFiles.set(5, [{ filename: 'a.onnx', status: 'added' }, { filename: 'b.onnx', status: 'added' }]);
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const context = { owner: 'o', repo: 'r', pullRequest: { number: 5, fork: false } } as RunContext;
      const selection = await selectModels(['a.onnx', 'b.onnx', 'c.onnx'], { changedOnly: true, shard: undefined, context, api: client().api });
      expect(selection.models).toEqual(['a.onnx', 'b.onnx', 'c.onnx']);
    } finally {
      spy.mockRestore();
    }
    expect(printed.join('')).toMatch(/::warning::onepixel: cannot list the pull request files \(.*leads outside the API's origin.*\); scanning every matching model/);
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses an absolute URL, or a path that would change the host, outside its origin before sending anything', async () => {
    const { api } = client();
    await expect(api.request('GET', `${elsewhere.url}/repos/o/r/check-runs`)).rejects.toThrow("refusing to send the token outside the API's origin");
    await expect(api.request('GET', `@localhost:${new URL(elsewhere.url).port}/x`)).rejects.toThrow('refusing to send the token');
    expect(github.requests).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
    // Its own origin, spelt as an absolute URL, is fine.
    expect((await api.request('POST', `${github.url}/repos/o/r/check-runs`, {})).status).toBe(201);
  });

  it('a redirect to another origin reaches it without the token (fetch drops authorization)', async () => {
    github.script('GET /repos/o/r/pulls/5/files', { status: 302, headers: { location: `${elsewhere.url}/repos/o/r/pulls/5/files` } });
    const { api } = client();
    await api.paginate('/repos/o/r/pulls/5/files');
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('reads its retry policy from the environment, for tests', () => {
    expect(retryPolicyFromEnv({})).toEqual({ attempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 30_000 });
    expect(retryPolicyFromEnv({ ONEPIXEL_API_RETRY_BASE_MS: '5', ONEPIXEL_API_ATTEMPTS: '2', ONEPIXEL_API_TIMEOUT_MS: 'x' })).toMatchObject({
      attempts: 2,
      baseDelayMs: 5,
      timeoutMs: 30_000,
    });
  });
});
