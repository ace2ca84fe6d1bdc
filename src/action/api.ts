/**
 * A small GitHub REST client over fetch, with retries. Plain fetch rather than Octokit so the
 * retry policy is ours, visible, and testable with short delays: 5xx, timeouts, network errors
 * and rate limits are retried with exponential backoff (honouring retry-after and
 * x-ratelimit-reset up to a cap), then surface as one-line ApiErrors that callers report.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the first retry; doubled for each later one. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever the server asks for. */
  maxDelayMs: number;
  /** Each attempt is abandoned after this long. */
  timeoutMs: number;
}

/** Tests shorten the waits through these variables; runners never set them. */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const num = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    attempts: Math.max(1, Math.floor(num('ONEPIXEL_API_ATTEMPTS', 4))),
    baseDelayMs: num('ONEPIXEL_API_RETRY_BASE_MS', 1000),
    maxDelayMs: num('ONEPIXEL_API_RETRY_MAX_MS', 60_000),
    timeoutMs: num('ONEPIXEL_API_TIMEOUT_MS', 30_000),
  };
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    /** 0 when no HTTP response came back (timeout, network). */
    readonly status: number,
    detail: string,
    /** True when the failure was transient (5xx, timeout, rate limit) and retries ran out. */
    readonly transient = false,
  ) {
    super(`${method} ${path} failed: ${status ? `HTTP ${status}` : 'no response'}${detail ? ` (${detail})` : ''}`);
    this.name = 'ApiError';
  }
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

export interface ApiClient {
  /** A path under the base URL, or an absolute URL on its origin (others are refused). */
  request<T>(method: string, pathOrUrl: string, body?: unknown): Promise<ApiResponse<T>>;
  /**
   * Follows `Link: rel="next"` on the API's own origin and concatenates the pages' arrays; a
   * link to any other origin throws rather than send the token there or return a partial list.
   */
  paginate<T>(path: string): Promise<T[]>;
}

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  retry?: RetryPolicy;
  /** Replaceable so tests can count waits instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** GitHub's primary and secondary rate limits answer 403 or 429; a plain 403 is a permission. */
function isRateLimited(status: number, headers: Headers, text: string): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after') || /rate limit/i.test(text);
}

function serverWaitMs(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '' && Number.isFinite(Number(retryAfter))) {
    return Number(retryAfter) * 1000;
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) {
    return Math.max(0, reset * 1000 - Date.now());
  }
  return undefined;
}

/** GitHub's error bodies carry a `message`; anything else is cut to one short line. */
function errorDetail(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') return message.split('\n')[0]!.slice(0, 200);
  } catch {
    // not JSON
  }
  return text.split('\n')[0]!.slice(0, 200);
}

function nextLink(headers: Headers): string | undefined {
  const link = headers.get('link');
  return link ? /<([^>]+)>\s*;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/** Scheme, host and port of a URL ("https://api.github.com"), or undefined if it is not one. */
function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const retry = options.retry ?? retryPolicyFromEnv();
  const sleep = options.sleep ?? sleepFor;
  const log = options.log ?? (() => {});
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  // The token goes to the API's own origin only: never to a URL a response names elsewhere.
  const apiOrigin = originOf(baseUrl);

  async function request<T>(method: string, pathOrUrl: string, body?: unknown): Promise<ApiResponse<T>> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${baseUrl}${pathOrUrl}`;
    const label = pathOrUrl.startsWith(baseUrl) ? pathOrUrl.slice(baseUrl.length) : pathOrUrl;
    if (apiOrigin === undefined || originOf(url) !== apiOrigin) {
      throw new Error(`${method} ${label.slice(0, 200)}: refusing to send the token outside the API's origin (${apiOrigin ?? baseUrl})`);
    }
    let lastError: ApiError | undefined;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      let wait: number | undefined;
      try {
        const response = await fetch(url, {
          method,
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${options.token}`,
            'user-agent': 'onepixel-action',
            'x-github-api-version': '2022-11-28',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(retry.timeoutMs),
        });
        const text = await response.text();
        if (response.ok) {
          return { status: response.status, data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
        }
        const retryable = response.status >= 500 || isRateLimited(response.status, response.headers, text);
        lastError = new ApiError(method, label, response.status, errorDetail(text), retryable);
        if (!retryable) throw lastError;
        wait = serverWaitMs(response.headers);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
        lastError = new ApiError(method, label, 0, timedOut ? `timed out after ${retry.timeoutMs} ms` : cause, true);
      }
      if (attempt === retry.attempts) break;
      const delay = Math.min(retry.maxDelayMs, wait ?? retry.baseDelayMs * 2 ** (attempt - 1));
      log(`${lastError.message}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${retry.attempts})`);
      await sleep(delay);
    }
    throw lastError!;
  }

  async function paginate<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    // The REST API stops at 3000 files per PR (30 pages of 100); the bound also stops a loop.
    for (let page = 0; next !== undefined && page < 100; page++) {
      const response: ApiResponse<T[]> = await request<T[]>('GET', next);
      items.push(...(Array.isArray(response.data) ? response.data : []));
      const link = nextLink(response.headers);
      if (link === undefined) break;
      // A link that leaves the API's origin (another host, scheme or port) would carry the token
      // there: stop. Not with the pages so far, which would read as the whole list (changed-only
      // would then scan too little), but with an error that callers report and fall back from.
      next = resolveLink(link);
      if (next === undefined) {
        throw new Error(`GET ${path}: the link to page ${page + 2} leads outside the API's origin (${apiOrigin}); not following it with the token (${link.slice(0, 100)})`);
      }
    }
    return items;
  }

  /** An absolute URL for a Link target on the API's own origin, or undefined for any other. */
  function resolveLink(link: string): string | undefined {
    let url: URL;
    try {
      url = new URL(link, `${baseUrl}/`);
    } catch {
      return undefined;
    }
    return url.origin === apiOrigin ? url.toString() : undefined;
  }

  return { request, paginate };
}
