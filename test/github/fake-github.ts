/**
 * A GitHub REST API stand-in on 127.0.0.1: the endpoints the action uses (list PR files, with
 * pagination; create and update check runs), scripted failures, and a record of every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** A scripted answer: a status with optional headers and body, or 'hang' (never answer). */
export type Scripted = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang';

export interface PullFile {
  filename: string;
  status: string;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Files of each pull request, by number. */
  pullFiles = new Map<number, PullFile[]>();
  pageSize = 100;
  /** Repository files at each ref (the contents API), keyed "ref:path"; a missing key answers 404. */
  contents = new Map<string, string>();
  /**
   * Where the pull-request files' `Link: rel="next"` points: this server (undefined), another
   * origin ("http://127.0.0.1:1234"), or a path only ("relative").
   */
  nextLinkOrigin: string | undefined = undefined;
  private scripts = new Map<string, Scripted[]>();
  private always = new Map<string, Scripted>();
  private nextCheckId = 1;
  private runs = new Map<number, Record<string, any>>();
  private server = http.createServer((req, res) => void this.handle(req, res));
  private hanging = new Set<http.ServerResponse>();
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.requests.length = 0;
    this.pullFiles.clear();
    this.contents.clear();
    this.runs.clear();
    this.pageSize = 100;
    this.nextLinkOrigin = undefined;
    this.scripts.clear();
    this.always.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /** Answers the next requests to `route` ("POST /repos/o/r/check-runs") with these, in order. */
  script(route: string, ...answers: Scripted[]): void {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...answers]);
  }

  /** Answers every request to `route` with this. */
  fail(route: string, answer: Scripted): void {
    this.always.set(route, answer);
  }

  /** Every check run as it stands now (created, then updated), in the order they were created. */
  checkRuns(): Record<string, any>[] {
    return [...this.runs.values()];
  }

  /** Requests whose "METHOD /path" (without the query) is `route`. */
  to(route: string): RecordedRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path.split('?')[0]}` === route);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const route = `${req.method} ${path.split('?')[0]}`;
    const scripted = this.scripts.get(route)?.shift() ?? this.always.get(route);
    if (scripted === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (scripted) return this.send(res, scripted.status, scripted.body ?? { message: `scripted ${scripted.status}` }, scripted.headers);
    this.route(req.method ?? '', path, body, res);
  }

  private route(method: string, path: string, body: unknown, res: http.ServerResponse): void {
    const url = new URL(path, this.url);
    const contents = /^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/.exec(url.pathname);
    if (method === 'GET' && contents) {
      const file = decodeURIComponent(contents[1]!);
      const text = this.contents.get(`${url.searchParams.get('ref') ?? ''}:${file}`);
      if (text === undefined) return this.send(res, 404, { message: 'Not Found' });
      return this.send(res, 200, { type: 'file', encoding: 'base64', path: file, content: Buffer.from(text).toString('base64') });
    }
    const files = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(url.pathname);
    if (method === 'GET' && files) {
      const all = this.pullFiles.get(Number(files[1])) ?? [];
      const perPage = Math.min(this.pageSize, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const items = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        const target =
          this.nextLinkOrigin === 'relative'
            ? `${next.pathname}${next.search}`
            : this.nextLinkOrigin
              ? `${this.nextLinkOrigin}${next.pathname}${next.search}`
              : next.toString();
        headers.link = `<${target}>; rel="next"`;
      }
      return this.send(res, 200, items, headers);
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(url.pathname)) {
      const id = this.nextCheckId++;
      this.runs.set(id, { ...(body as Record<string, any>) });
      return this.send(res, 201, { id, ...(body as object) });
    }
    const update = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(url.pathname);
    if (method === 'PATCH' && update) {
      const id = Number(update[1]);
      const run = this.runs.get(id);
      if (run) {
        const patch = body as Record<string, any>;
        // Extra annotations arrive in later updates; the output's text is the same.
        const annotations = [...(run.output?.annotations ?? []), ...(patch.output?.annotations ?? [])];
        this.runs.set(id, { ...run, ...patch, ...(patch.output ? { output: { ...run.output, ...patch.output, annotations } } : {}) });
      }
      return this.send(res, 200, { id });
    }
    this.send(res, 404, { message: 'Not Found' });
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
