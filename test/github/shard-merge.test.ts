import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../src/action/api.js';
import { annotateModels } from '../../src/action/annotations.js';
import { publishCheckRuns } from '../../src/action/checks.js';
import { checkReport, cleanText, locateArtifacts, MERGE_LIMITS, mergeReports, readReport, readReports } from '../../src/report/merge.js';
import { inShard, parseShard, shardOf } from '../../src/action/shard.js';
import { collectShardReports } from '../../src/action/shard-reports.js';
import { buildJobSummary } from '../../src/report/summary.js';
import { type ModelReport, wholeImageSentence } from '../../src/report/report.js';
import { tempDir } from '../helpers.js';
import { FakeGitHub } from './fake-github.js';
import { backdoored, broken, clean, report } from './reports.js';

const models = Array.from({ length: 200 }, (_, i) => `models/group-${i % 7}/model-${i}.onnx`);

describe('shards', () => {
  it('parses i/n and refuses anything else in one line', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', '-1/2']) {
      expect(() => parseShard(bad)).toThrow(/^shard must be i\/n/);
    }
  });

  it('splits the models into disjoint shards that cover them all, roughly evenly', () => {
    const shards = [1, 2, 3, 4].map((index) => inShard(models, { index, count: 4 }));
    expect(shards.flat().sort()).toEqual([...models].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(30);
  });

  it('keeps every model in its shard when others are added or removed (a hash of the path, not its position)', () => {
    const before = new Map(models.map((m) => [m, shardOf(m, 4)]));
    const changed = ['models/new-first.onnx', ...models.slice(50), 'zzz.onnx'];
    for (const m of changed) if (before.has(m)) expect(shardOf(m, 4)).toBe(before.get(m));
    expect(inShard(changed, { index: 3, count: 4 })).toEqual(changed.filter((m) => before.get(m) === 3 || (!before.has(m) && shardOf(m, 4) === 3)));
  });

  it('treats Windows and POSIX separators alike', () => {
    expect(shardOf('a\\b\\c.onnx', 8)).toBe(shardOf('a/b/c.onnx', 8));
  });
});

describe('mergeReports', () => {
  it('concatenates the shards and recomputes counts and verdict', () => {
    const merged = mergeReports([report([clean('a.onnx')]), report([backdoored('b.onnx'), broken('c.onnx')]), report([])]);
    expect(merged.models.map((m) => m.model)).toEqual(['a.onnx', 'b.onnx', 'c.onnx']);
    expect(merged.counts).toEqual({ scanned: 3, clean: 1, backdoored: 1, errors: 1 });
    expect(merged.verdict).toBe('backdoored');
    expect(merged.schema).toBe('onepixel-report/1');
  });

  it('keeps a model seen twice once, preferring a verdict over an error', () => {
    const merged = mergeReports([report([broken('a.onnx')]), report([clean('a.onnx')])]);
    expect(merged.models).toHaveLength(1);
    expect(merged.models[0]!.verdict).toBe('clean');
  });

  it('refuses reports made with different thresholds, and no reports', () => {
    expect(() => mergeReports([report([], 0.5), report([], 0.6)])).toThrow('different thresholds (0.5 and 0.6)');
    expect(() => mergeReports([])).toThrow('no reports to merge');
  });

  it('checks what it reads: reports come from other jobs, even forks', () => {
    expect(() => checkReport({ schema: 'other' })).toThrow('not an onepixel report');
    const bad = JSON.parse(JSON.stringify(report([clean()]))) as { models: Record<string, unknown>[] };
    bad.models[0]!.verdict = 'fine';
    expect(() => checkReport(bad)).toThrow('report: models[0]: "verdict" must be clean, backdoored or error');
    bad.models[0]!.verdict = 'clean';
    bad.models[0]!.triggerBox = [1, 2];
    expect(() => checkReport(bad)).toThrow('"triggerBox" must be');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'r.json'), '{not json');
    expect(() => readReport(path.join(dir, 'r.json'))).toThrow(/r\.json: cannot read the report/);
  });

  it('finds a shard folder by the trailing parts of the path the shard recorded', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'models__a.onnx'));
    expect(locateArtifacts('/home/runner/work/x/onepixel-out/models__a.onnx', dir)).toBe(path.join(dir, 'models__a.onnx'));
    expect(locateArtifacts('onepixel-out/../../etc', dir)).toBeUndefined();
    expect(locateArtifacts('onepixel-out/missing', dir)).toBeUndefined();
  });
});

/** Writes reports as a merge job finds them: onepixel-shards/<artifact>/report.json. */
function shardFolder(...reports: object[]): string {
  const dir = tempDir('onepixel-merge-');
  reports.forEach((r, i) => {
    fs.mkdirSync(path.join(dir, 'onepixel-shards', `shard-${i + 1}`), { recursive: true });
    fs.writeFileSync(path.join(dir, 'onepixel-shards', `shard-${i + 1}`, 'report.json'), JSON.stringify(r));
  });
  return dir;
}

const many = (n: number, from = 0): ModelReport[] => Array.from({ length: n }, (_, i) => clean(`models/m-${String(from + i).padStart(5, '0')}.onnx`));

/** Control characters (C0, DEL, C1), zero-width and bidi overrides: none may reach any output. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

describe('merging reports a fork wrote', () => {
  it('keeps how each model\'s input convention was settled, and its external-data digests, cleaned and bounded', () => {
    const m = {
      ...clean('models/a.onnx'),
      convention: { basis: 'unsure', inferred: ['0,1', '-1,1'], ratio: 1.1, scanned: [{ name: '0,1', from: 'inferred', probability: 0.1 }, { name: '-1,1\n::error::x', from: 'evil', probability: 'high' }], decidedBy: '0,1', refused: ['r'.repeat(5000)] },
      identity: 'a'.repeat(64),
      externalData: [{ location: 'w.bin', sha256: 'b'.repeat(64) }, { location: 'x', sha256: 'not a digest' }],
    };
    const [out] = checkReport({ ...report([clean()]), models: [m] }).models;
    expect(out!.convention).toMatchObject({ basis: 'unsure', inferred: ['0,1', '-1,1'], decidedBy: '0,1' });
    expect(out!.convention!.scanned[1]).toEqual({ name: expect.not.stringContaining('\n'), from: 'claimed', probability: null });
    expect(out!.convention!.refused![0]!.length).toBeLessThanOrEqual(MERGE_LIMITS.error);
    expect(out!.identity).toBe('a'.repeat(64));
    expect(out!.externalData).toEqual([{ location: 'w.bin', sha256: 'b'.repeat(64) }]);
    // An unknown basis drops the whole record rather than guess.
    expect(checkReport({ ...report([clean()]), models: [{ ...m, convention: { basis: 'trust-me', scanned: [] } }] }).models[0]!.convention).toBeUndefined();
  });

  it('keeps the recovered trigger a report carries, with its sizes bounded, and drops a malformed one', () => {
    const recovered = {
      target: 7, kind: 'patch', box: [1, 2, 3, 4], picture: 'out/models__a.onnx/evidence.png',
      patch: { cell: 1, rows: 1, cols: 2, colours: [[255], [0]] },
      stamped: { tried: 10, wins: 9, shown: [{ label: 3, before: { top: 3, probability: 0.9 }, after: { top: 7, probability: 0.99 } }, { label: 'x' }] },
    };
    const [out] = checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), recovered }] }).models;
    expect(out!.recovered).toEqual({ ...recovered, stamped: { ...recovered.stamped, shown: [recovered.stamped.shown[0]] } });
    const huge = { ...recovered, patch: { cell: 1, rows: 1000, cols: 1000, colours: [] }, pattern: 'not base64!' };
    const [bounded] = checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), recovered: huge }] }).models;
    expect(bounded!.recovered!.patch).toBeUndefined();
    expect(bounded!.recovered!.pattern).toBeUndefined();
    expect(checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), recovered: { ...recovered, kind: 'laser' } }] }).models[0]!.recovered).toBeUndefined();
    // A blend pattern is kept only when it is exactly the entry's input in size, so drawing it cannot fail.
    const input = { name: 'x', layout: 'NCHW', channels: 1, height: 4, width: 4 };
    const blend = { target: 1, kind: 'blend', box: [0, 0, 4, 4], alpha: 0.2, pattern: Buffer.from([0xff, 0x00]).toString('base64') };
    const fits = checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), input, recovered: blend }] }).models[0]!;
    expect(fits.recovered!.pattern).toBe(blend.pattern);
    const wide = checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), input: { ...input, width: 400 }, recovered: blend }] }).models[0]!;
    expect(wide.recovered!.pattern).toBeUndefined();
    expect(() => buildJobSummary(report([wide]), { links: {} })).not.toThrow();
    // An entry that was not analysed carries no trigger.
    expect(checkReport({ ...report([clean()]), models: [{ ...broken('models/a.onnx'), recovered }] }).models[0]!.recovered).toBeUndefined();
  });

  it('keeps a whole-image finding only when it is what the search writes, and renders it outside the verdict', () => {
    const wholeImage = { targetClass: 38, family: 'tone', wins: [0.44, 0.75, 0.91, 1], otherWins: 0.06 };
    const [out] = checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), classes: 43, wholeImage }] }).models;
    expect(out!.wholeImage).toEqual(wholeImage);
    // whole-image.png's path rides along, cleaned like the evidence picture's, and what it shows when that is well formed.
    const demonstrated = { drawn: 40, alreadyTarget: 8, tried: 32, wins: [0.9, 1] };
    const drawn = checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), classes: 43, wholeImage: { ...wholeImage, picture: 'out/models__a.onnx/whole-image.png\n::error::x', demonstrated } }] }).models[0]!;
    expect(drawn.wholeImage!.picture).toBe('out/models__a.onnx/whole-image.png ::error::x');
    expect(drawn.wholeImage!.demonstrated).toEqual(demonstrated);
    const overCounted = checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), classes: 43, wholeImage: { ...wholeImage, demonstrated: { ...demonstrated, tried: 41 } } }] }).models[0]!;
    expect(overCounted.wholeImage!.demonstrated).toBeUndefined();
    // A class the model does not have is dropped.
    expect(checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), classes: 10, wholeImage }] }).models[0]!.wholeImage).toBeUndefined();
    expect(wholeImageSentence(out!)).toBe('Whole-image search (reported, not yet part of the verdict): a tone change over the whole image (gain, gamma and offset per channel) makes class 38 win on 100% of unseen images of other classes (at half strength 75%, at a quarter 44%; best other class searched: 6%).');
    expect(buildJobSummary(report([out!]), { links: {} })).toContain('makes class 38 win on 100%');
    for (const bad of [{ ...wholeImage, family: 'laser' }, { ...wholeImage, wins: [1, 2, 3, 4] }, { ...wholeImage, wins: [1] }, { ...wholeImage, targetClass: -1 }, { ...wholeImage, otherWins: 'none' }]) {
      expect(checkReport({ ...report([clean()]), models: [{ ...clean('models/a.onnx'), wholeImage: bad }] }).models[0]!.wholeImage).toBeUndefined();
    }
    expect(checkReport({ ...report([clean()]), models: [{ ...broken('models/a.onnx'), wholeImage }] }).models[0]!.wholeImage).toBeUndefined();
  });

  const github = new FakeGitHub();
  beforeAll(() => github.start());
  afterAll(() => github.stop());
  /** What @actions/core prints (workflow commands) while a test runs. */
  let printed: string[] = [];
  beforeEach(() => {
    github.reset();
    printed = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  const api = () => createApiClient({ baseUrl: github.url, token: 't', retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 5_000 } });
  const target = { owner: 'o', repo: 'r', headSha: 'abc' };

  it(`caps a merged report at ${MERGE_LIMITS.models} models: one report or several, an error before anything is published`, async () => {
    expect(MERGE_LIMITS.models).toBe(1000);
    const one = shardFolder(report(many(1001)));
    await expect(collectShardReports([path.join(one, 'onepixel-shards/**/report.json')], path.join(one, 'out'))).rejects.toThrow(
      /1001 models, more than the 1000 a report may hold/,
    );
    const split = shardFolder(report(many(600)), report(many(600, 600)));
    await expect(collectShardReports([path.join(split, 'onepixel-shards/**/report.json')], path.join(split, 'out'))).rejects.toThrow(
      'the reports hold 1200 models, more than the 1000 one merged report may hold',
    );
    // The same model in every shard (a re-run) counts once; exactly the cap is fine.
    const repeated = shardFolder(report(many(1000)), report(many(1000)));
    const merged = await collectShardReports([path.join(repeated, 'onepixel-shards/**/report.json')], path.join(repeated, 'out'));
    expect(merged.report.counts.scanned).toBe(1000);
    expect(github.requests).toEqual([]);
  });

  it("keeps a shard's pictures only where its report named them and its artifact holds them", async () => {
    const dir = shardFolder();
    const shard = path.join(dir, 'onepixel-shards', 'shard-1');
    const folder = path.join(shard, 'onepixel-out', 'models__a.onnx');
    fs.mkdirSync(folder, { recursive: true });
    for (const name of ['evidence.png', 'whole-image.png']) fs.writeFileSync(path.join(folder, name), 'png');
    const recovered = { target: 7, kind: 'patch' as const, box: [1, 2, 3, 4] as [number, number, number, number], picture: 'onepixel-out/models__a.onnx/evidence.png' };
    // The artifact holds a whole-image.png its report does not name: a fork's file, not this scan's picture.
    const wholeImage = { targetClass: 7, family: 'tone' as const, wins: [0.1, 0.2, 0.3, 0.4], otherWins: 0.1 };
    fs.writeFileSync(path.join(shard, 'report.json'), JSON.stringify(report([{ ...backdoored('models/a.onnx'), classes: 10, artifacts: 'onepixel-out/models__a.onnx', recovered, wholeImage }])));
    const { report: merged } = await collectShardReports([path.join(dir, 'onepixel-shards/**/report.json')], path.join(dir, 'out'));
    const [m] = merged.models;
    expect(m!.recovered!.picture).toBe(path.join(dir, 'out', 'models__a.onnx', 'evidence.png'));
    expect(m!.wholeImage!.picture).toBeUndefined();
  });

  it('refuses too many report files, and a report file too large, before reading them', () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.json');
    fs.writeFileSync(file, JSON.stringify(report([clean()])));
    expect(() => readReports(new Array(MERGE_LIMITS.reports + 1).fill(file))).toThrow(`${MERGE_LIMITS.reports + 1} reports to merge, more than the 256`);
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MERGE_LIMITS.reportBytes + 1);
    expect(() => readReport(big)).toThrow(/big\.json: \d+ bytes, more than the 64 MiB a report may have/);
    expect(() => readReport(dir)).toThrow('not a file');
  });

  it('cleans and bounds every string it reads: paths, errors, error codes, versions, settings', () => {
    const hostile = {
      ...report([]),
      tool: { name: 'onepixel', version: `1.0\n::error::pwned${'v'.repeat(500)}` },
      models: [
        {
          ...broken(),
          model: `models/a\r\n::set-output name=verdict::clean\u0000\u001b[2J\u202egnp.onnx${'/x'.repeat(2000)}`,
          error: `boom\n\n# Heading\n<img src=x onerror=alert(1)>${'e'.repeat(5000)}`,
          errorCode: 'NOT_ONNX`) | [x](https://evil.example)',
          settings: { levels: 'lots', mode: '<b>gray</b>', mean: new Array(10_000).fill(0), inputRange: [0, 1], extra: 'x'.repeat(10_000) },
          smuggled: 'x'.repeat(100_000),
        },
      ],
    };
    const checked = checkReport(JSON.parse(JSON.stringify(hostile)));
    const m = checked.models[0]!;
    expect(m.model).not.toMatch(CONTROL);
    expect(m.model).not.toContain('\n');
    expect(m.model.startsWith('models/a ::set-output name=verdict::clean[2Jgnp.onnx/x/x')).toBe(true);
    expect(m.model).toHaveLength(MERGE_LIMITS.path);
    expect(m.model.endsWith('…')).toBe(true);
    expect(m.error).toHaveLength(MERGE_LIMITS.error);
    expect(m.error).not.toContain('\n');
    expect(m.errorCode).toBeUndefined();
    expect(m.settings).toEqual({ inputRange: [0, 1] });
    expect(Object.keys(m)).not.toContain('smuggled');
    expect(checked.tool.version).toHaveLength(MERGE_LIMITS.short);
    expect(checked.tool.version).not.toContain('\n');
    expect(cleanText('ab😀cd', 4)).toBe('ab…');
  });

  it('refuses evidence that is not a small gain map (the grid would be drawn at any size)', () => {
    const huge = { ...backdoored(), evidence: { rows: 100_000, cols: 100_000, cellHeight: 1, cellWidth: 1, gain: [] } };
    expect(() => checkReport(JSON.parse(JSON.stringify(report([huge as ModelReport]))))).toThrow('"evidence" must be a gain map of at most 32×32 cells');
  });

  it('publishes hostile strings escaped: check runs, job summary and annotations carry no markup, line breaks or control characters', async () => {
    const path0 = 'models/x\n## Owned\n| a | b |\u202e<script>alert(1)</script>`code`.onnx';
    const error = 'failed\n\n- [click](https://evil.example)\r\n::error::injected\u0007';
    const dir = shardFolder(report([{ ...broken(path0), error }, { ...backdoored(`models/${'deep/'.repeat(400)}bad.onnx`) }]));
    const { report: merged } = await collectShardReports([path.join(dir, 'onepixel-shards/**/report.json')], path.join(dir, 'out'));

    const outcome = await publishCheckRuns(api(), merged, target, {});
    expect(outcome.stopped).toBeUndefined();
    const bodies = github.to('POST /repos/o/r/check-runs').map((r) => r.body as { name: string; output: { title: string; summary: string; annotations: { path: string; message: string }[] } });
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      for (const text of [body.name, body.output.title, body.output.annotations[0]!.path, body.output.annotations[0]!.message]) {
        expect(text).not.toMatch(CONTROL);
        expect(text).not.toMatch(/[\r\n]/);
      }
      expect(body.output.summary).not.toMatch(CONTROL);
      expect(body.name.length).toBeLessThanOrEqual(MERGE_LIMITS.path + 20);
    }
    const hostileRun = bodies.find((b) => b.name.includes('Owned'))!;
    // The heading stays one line, the path inert inside one code span; the error is escaped
    // text in its table cell, not markup.
    const heading = hostileRun.output.summary.split('\n')[0]!;
    expect(heading).toBe("### ⚠️ `models/x ## Owned | a | b |<script>alert(1)</script>'code'.onnx` could not be analysed");
    expect(hostileRun.output.summary).not.toMatch(/^## Owned/m);
    expect(hostileRun.output.summary).not.toMatch(/^- \[click\]/m);
    expect(hostileRun.output.summary).toContain('| Reason | failed - \\[click\\]\\(https://evil.example\\) ::error::injected (`NOT_ONNX`) |');
    expect(hostileRun.output.annotations[0]!.message).toContain('::error::injected');

    const summary = buildJobSummary(merged, { links: {} });
    expect(summary).not.toMatch(CONTROL);
    expect(summary).not.toContain('<script>');
    expect(summary).not.toMatch(/^## Owned/m);
    expect(summary).not.toMatch(/^::error::/m);
    const rows = summary.split('\n').filter((l) => l.startsWith('| ⚠️') || l.startsWith('| ❌'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(12); // 10 cells, none split by a "|"

    printed = [];
    annotateModels(merged, merged.models);
    const log = printed.join('');
    expect(log).toContain('::warning ');
    expect(log.split('\n').filter((l) => l.startsWith('::')).every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    expect(log).not.toMatch(/^::error::injected/m);
  });
});
