import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReport, locateArtifacts, mergeReports, readReport } from '../../src/github/merge.js';
import { inShard, parseShard, shardOf } from '../../src/github/shard.js';
import { tempDir } from '../helpers.js';
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
