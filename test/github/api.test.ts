import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createApiClient, retryPolicyFromEnv, type RetryPolicy } from '../../src/github/api.js';
import { keepChanged, listChangedFiles } from '../../src/github/changed-files.js';
import { FakeGitHub } from './fake-github.js';

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
beforeEach(() => github.reset());

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
    expect([...changed].sort()).toEqual(['README.md', 'a.onnx', 'b.onnx', 'c/d.onnx']);
    expect(github.to('GET /repos/o/r/pulls/5/files')).toHaveLength(3);
    expect(keepChanged(['a.onnx', 'gone.onnx', 'c/d.onnx', 'z.onnx'], changed)).toEqual(['a.onnx', 'c/d.onnx']);
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
