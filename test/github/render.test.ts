import { describe, expect, it } from 'vitest';
import { buildBadge, badgeMessage } from '../../src/report/badge.js';
import { completeCheckRun } from '../../src/action/checks.js';
import { ANNOTATIONS_PER_REQUEST, SUMMARY_LIMIT, checkRunOutput } from '../../src/report/check-run.js';
import { evidenceMarkdown, renderEvidence } from '../../src/report/evidence.js';
import { triggerMarkdown } from '../../src/report/trigger-text.js';
import { packPattern, unpackPattern } from '../../src/recipe/result.js';
import { escapeMarkdown, fitText } from '../../src/report/markdown.js';
import { buildSarif } from '../../src/report/sarif.js';
import { buildJobSummary } from '../../src/report/summary.js';
import type { ApiClient } from '../../src/action/api.js';
import { backdoored, broken, clean, report } from './reports.js';

describe('the evidence grid', () => {
  it('draws one two-character cell per map cell, in a frame', () => {
    const lines = renderEvidence({ rows: 3, cols: 4, cellHeight: 1, cellWidth: 1, gain: [[0, 0.25, 0.5, 0.7], [0.9, 1, 0, 0], [0, 0, 0, 0]] }, null)!;
    expect(lines).toEqual(['┌────────┐', '│  ░░▒▒▓▓│', '│████    │', '│        │', '└────────┘']);
  });

  it('draws the trigger box around the cells it covers, and every line has the same width', () => {
    const m = backdoored();
    const lines = renderEvidence(m.evidence, m.triggerBox)!; // box 24..30 px = cells 12..14 at 2 px per cell
    const widths = new Set(lines.map((l) => [...l].length));
    expect(widths.size).toBe(1);
    const top = lines.findIndex((l) => l.includes('┏'));
    expect(top).toBe(13); // frame line + 12 rows above the box
    expect(lines[top]).toBe(`│${' '.repeat(24)}┏${'━'.repeat(6)}┓${'  '}│`);
    expect(lines[top + 1]).toBe(`│${' '.repeat(24)}┃██████┃  │`);
    expect(lines[top + 4]).toContain('┗━━━━━━┛');
  });

  it('clips a box that runs off the map, tolerates NaN, and has nothing to draw without evidence', () => {
    const lines = renderEvidence({ rows: 2, cols: 2, cellHeight: 4, cellWidth: 4, gain: [[NaN, 1], [0, 0]] }, [4, 0, 100, 3])!;
    expect(lines).toEqual(['┌──────┐', '│  ┏━━┓│', '│  ┃██┃│', '│  ┗━━┛│', '│      │', '└──────┘']);
    expect(renderEvidence(undefined, null)).toBeUndefined();
    expect(evidenceMarkdown(broken())).toBeUndefined();
  });

  it('says what the map is in a caption, in a code block', () => {
    const text = evidenceMarkdown(backdoored())!;
    expect(text).toContain('One-pixel map of class 7 (16×16, one cell per 2×2 pixels, max-pooled): the most one pixel raises its probability is 0.900.');
    expect(text).toContain('```text\n┌');
  });

  it('draws the map on an absolute scale, and not at all where no pixel raises the class by 0.2', () => {
    const faint = { ...backdoored(), evidence: { ...backdoored().evidence!, gain: backdoored().evidence!.gain.map((row) => row.map((v) => v * 0.004)) } };
    const text = evidenceMarkdown(faint)!;
    expect(text).not.toContain('```');
    expect(text).toContain('No single pixel raises the probability of class 7 by 0.2 or more (at most 0.004)');
  });

  it("leads with the transfer test's shares when the report has them, and says what was not measured", () => {
    const m = { ...backdoored(), transfer: { patchWins: 0.967, blendWins: null, otherPatchWins: 0.125, otherBlendWins: 0.5 } };
    const text = evidenceMarkdown(m)!;
    expect(text.split('\n')[0]).toBe(`Class 7's patch at [${m.triggerBox!.join(', ')}] wins on 97% of the exemplars of other classes (best other class: 13%); no blend pattern was searched for it.`);
    expect(evidenceMarkdown(backdoored())!.startsWith('One-pixel map')).toBe(true);
  });
});

describe('check runs', () => {
  const r = report([backdoored(), clean(), broken()]);
  const links = { runUrl: 'https://github.com/o/r/actions/runs/9', artifactUrl: 'https://github.com/o/r/actions/runs/9/artifacts/3' };

  it("lead with the transfer test's sentence, before the verdict table and the map", () => {
    const m = { ...backdoored(), transfer: { patchWins: 0.967, blendWins: null, otherPatchWins: 0.125, otherBlendWins: 0.5 } };
    const summary = checkRunOutput(m, report([m]), links).summary;
    const sentence = summary.indexOf("Class 7's patch at [24, 24, 30, 30] wins on 97%");
    expect(sentence).toBeGreaterThan(0);
    expect(sentence).toBeLessThan(summary.indexOf('| Probability |'));
    expect(summary.indexOf('wins on 97%')).toBe(summary.lastIndexOf('wins on 97%'));
  });

  it('concludes failure for a backdoored model, with the verdict table, the map and an annotation', () => {
    const out = checkRunOutput(r.models.find((m) => m.verdict === 'backdoored')!, r, links);
    expect(out.name).toBe('onepixel: models/bad.onnx');
    expect(out.conclusion).toBe('failure');
    expect(out.title).toBe('looks backdoored (probability 0.970 ≥ 0.500, target class 7, trigger [24, 24, 30, 30])');
    for (const part of ['| Probability | 0.970 (threshold 0.500) |', '| Target class | 7 |', '| Trigger | [24, 24, 30, 30] |', 'Boxes are [x0, y0, x1, y1] in input pixels, x1 and y1 exclusive.', '| Time | 12s |', 'levels 256', '| Model sha256 | `', '┏━━━━━━┓', '[Evidence and signature files (artifact)](https://github.com/o/r/actions/runs/9/artifacts/3)']) {
      expect(out.summary).toContain(part);
    }
    expect(out.annotations).toEqual([
      expect.objectContaining({ path: 'models/bad.onnx', start_line: 1, end_line: 1, annotation_level: 'failure', title: 'onepixel: looks backdoored' }),
    ]);
  });

  it('concludes success when clean and neutral, with the reason, when the model could not be analysed', () => {
    expect(checkRunOutput(clean(), r, links).conclusion).toBe('success');
    const out = checkRunOutput(broken(), r, links);
    expect(out.conclusion).toBe('neutral');
    expect(out.title).toBe('could not be analysed: models/broken.onnx is not an ONNX model');
    expect(out.summary).toContain('| Reason | models/broken.onnx is not an ONNX model (`NOT_ONNX`) |');
    expect(out.annotations[0]!.annotation_level).toBe('warning');
  });

  it('stays within 65,535 characters whatever the error says', () => {
    const out = checkRunOutput({ ...broken(), error: 'x'.repeat(200_000) }, r, links);
    expect(out.summary.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    const long = fitText('line\n'.repeat(30_000), SUMMARY_LIMIT, '_cut_');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(long.endsWith('\n_cut_')).toBe(true);
  });

  it('sends at most 50 annotations per request, the rest by updating the run', async () => {
    const calls: { method: string; path: string; body: { output: { annotations: unknown[] } } }[] = [];
    const api: ApiClient = {
      request: async (method, path, body) => {
        calls.push({ method, path, body: body as (typeof calls)[number]['body'] });
        return { status: 201, data: { id: 42 } as never, headers: new Headers() };
      },
      paginate: async () => [],
    };
    const out = checkRunOutput(clean(), r, links);
    out.annotations = Array.from({ length: 120 }, () => out.annotations[0]!);
    await completeCheckRun(api, { owner: 'o', repo: 'r', headSha: 'abc' }, out);
    expect(calls.map((c) => `${c.method} ${c.path} ${c.body.output.annotations.length}`)).toEqual([
      'POST /repos/o/r/check-runs 50',
      'PATCH /repos/o/r/check-runs/42 50',
      'PATCH /repos/o/r/check-runs/42 20',
    ]);
    expect(ANNOTATIONS_PER_REQUEST).toBe(50);
  });
});

describe('the job summary', () => {
  it('has one row per model, most serious first, then the evidence and the artifact link', () => {
    const text = buildJobSummary(report([clean(), backdoored(), broken()]), { links: { artifactUrl: 'https://x/artifacts/1' }, notes: ['Pull request #5 adds or modifies 3 of the 9 matching models.'] });
    expect(text.split('\n')[0]).toBe('## ❌ onepixel: 1 backdoored, 1 not analysed, 1 clean');
    const rows = text.split('\n').filter((l) => /^\| (❌|✅|⚠️) \|/.test(l));
    expect(rows.map((l) => l.split(' | ')[1])).toEqual(['models/bad.onnx', 'models/broken.onnx', 'models/good.onnx']);
    expect(rows[0]).toContain('| looks backdoored | 0.970 | 7 | [24, 24, 30, 30] |');
    expect(rows[1]).toContain('could not be analysed: models/broken.onnx is not an ONNX model');
    expect(text).toContain('[Evidence and signature files (artifact)](https://x/artifacts/1)');
    expect(text).toContain('Pull request #5 adds or modifies 3 of the 9 matching models.');
    expect(text).toContain('<details open><summary>❌ models/bad.onnx: looks backdoored</summary>');
    expect(text).toContain('<details><summary>✅ models/good.onnx: looks clean</summary>');
  });

  it('cuts the evidence first and then rows to stay under the limit, saying so', () => {
    const many = report(Array.from({ length: 700 }, (_, i) => backdoored(`models/m${String(i).padStart(3, '0')}.onnx`)));
    const full = buildJobSummary(many, { links: {} });
    expect(Buffer.byteLength(full)).toBeLessThan(1_000_000);
    expect(full).toMatch(/The evidence of \d+ more models is left out/);
    expect(full.split('\n').filter((l) => l.startsWith('| ❌ |'))).toHaveLength(700);
    const small = buildJobSummary(many, { links: {}, limit: 20_000 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(20_000);
    expect(small).toMatch(/\d+ more models are left out to fit/);
  });

  it('escapes model paths and messages: they come from pull requests', () => {
    const evil = { ...broken('models/<img src=x onerror=alert(1)>|[x](javascript:y).onnx'), error: 'bad\n## injected | cell' };
    const text = buildJobSummary(report([evil]), { links: {} });
    expect(text).not.toContain('<img');
    expect(text).not.toContain('\n## injected');
    expect(text).toContain('&#60;img src=x onerror=alert\\(1\\)&#62;\\|\\[x\\]\\(javascript:y\\).onnx');
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
  });

  it('says when there was nothing to scan', () => {
    expect(buildJobSummary(report([]), { links: {} })).toContain('## onepixel: no models to scan');
  });
});

describe('SARIF', () => {
  it('is SARIF 2.1.0 with one result per backdoored or broken model', () => {
    const sarif = buildSarif(report([clean(), backdoored(), broken()])) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: Record<string, any>[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run!.tool.driver.name).toBe('onepixel');
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(['onepixel/backdoored', 'onepixel/not-analysed']);
    expect(run!.results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ['onepixel/backdoored', 'error', 'models/bad.onnx'],
      ['onepixel/not-analysed', 'warning', 'models/broken.onnx'],
    ]);
    expect(run!.results[0]!.message.text).toContain('target class 7');
    expect(run!.results[0]!.partialFingerprints['onepixel/v1']).toMatch(/^[0-9a-f]{64}$/);
    expect(run!.results[0]!.properties).toMatchObject({ probability: 0.97, targetClass: 7, triggerBox: [24, 24, 30, 30] });
  });
});

describe('the badge', () => {
  it('says how many are clean, or the worst news', () => {
    expect(badgeMessage(report([clean('a'), clean('b'), clean('c')]))).toEqual({ text: '3 clean', color: '#4c1' });
    expect(badgeMessage(report([clean('a'), backdoored('b'), broken('c')])).text).toBe('1 backdoored, 1 not analysed');
    expect(badgeMessage(report([clean('a'), broken('b'), broken('c')])).text).toBe('2 errors');
    expect(badgeMessage(report([])).text).toBe('no models');
  });

  it('is an SVG with its text as the accessible label', () => {
    const svg = buildBadge(report([clean('a'), clean('b'), clean('c')]));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('aria-label="onepixel: 3 clean"');
    expect(svg).toContain('<title>onepixel: 3 clean</title>');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
});


describe('a probability beside its threshold', () => {
  it('gets as many decimals as it takes to tell them apart', async () => {
    const { formatComparison } = await import('../../src/report/markdown.js');
    expect(formatComparison(0.97, 0.7620236)).toEqual(['0.970', '0.762']);
    expect(formatComparison(0.7616, 0.7620236)).toEqual(['0.7616', '0.7620']);
    expect(formatComparison(0.76202, 0.7620236)).toEqual(['0.762020', '0.762024']);
    expect(formatComparison(null, 0.7620236)).toEqual(['–', '0.762']);
  });
});

describe("a check run's planned work", () => {
  it('shows the budget plan, and says when ops could not be costed', async () => {
    const { checkRunOutput } = await import('../../src/report/check-run.js');
    const m = { ...backdoored(), plan: { passes: 134376, seconds: 28, uncosted: ['Loop'] } };
    expect(checkRunOutput(m, report([m]), {}).summary).toContain('| Planned work | 134,376 forward passes, about 28s on the reference 2-core machine (at least: Loop not costed) |');
  });
});

describe('the recovered trigger in text', () => {
  const stamped = { tried: 36, wins: 35, shown: [] };
  it('draws a patch cell by cell with one letter per palette colour, and a legend of the letters used', () => {
    const m = { ...backdoored(), recovered: { target: 7, kind: 'patch' as const, box: [24, 24, 27, 26] as [number, number, number, number], patch: { cell: 1, rows: 2, cols: 3, colours: [[255, 0, 0], [0, 0, 0], [255, 255, 255], [0, 255, 255], [255, 0, 0], [0, 0, 255]] }, stamped, picture: '/out/models__bad.onnx/evidence.png' } };
    const text = triggerMarkdown(m)!;
    expect(text).toContain('The recovered trigger of class 7: a patch at [24, 24, 27, 26], one letter per pixel. Stamped as drawn here on 36 exemplars of other classes, it makes class 7 win on 35.');
    expect(text).toContain('```text\n┌───────┐\n│ R K W │\n│ C R B │\n└───────┘\n```');
    expect(text).toContain('R red · K black · W white · C cyan · B blue');
    // In a check run it comes right after the transfer sentence, before the table, with where the picture is.
    const summary = checkRunOutput(m, report([m]), {}).summary;
    expect(summary.indexOf('│ R K W │')).toBeLessThan(summary.indexOf('| Verdict |'));
    expect(summary).toContain('`models__bad.onnx/evidence.png` in the artifact');
    // The folder is named after the model's path, which a pull request chooses: it cannot end the code span.
    const sly = { ...m, recovered: { ...m.recovered, picture: '/out/models__a`[x](evil)`.onnx/evidence.png' } };
    expect(checkRunOutput(sly, report([sly]), {}).summary).toContain("`models__a'[x](evil)'.onnx/evidence.png`");
  });

  it("draws a blend pattern at most 16 letters across, each its pixels' majority, and says a clean model's candidate is no trigger", () => {
    const pattern = new Float32Array(1 * 32 * 32);
    for (let y = 0; y < 32; y++) for (let x = 16; x < 32; x++) pattern[y * 32 + x] = 255; // right half white
    const m = { ...clean(), input: { name: 'x', layout: 'NCHW', channels: 1, height: 32, width: 32 }, recovered: { target: 3, kind: 'blend' as const, box: [0, 0, 32, 32] as [number, number, number, number], pattern: packPattern(pattern), alpha: 0.2 } };
    const text = triggerMarkdown(m)!;
    expect(text).toContain('The best trigger found for class 3, the class the detector found most suspicious (the model was judged clean): a pattern blended over the whole image at opacity 0.2, one letter per 2×2 pixels (their majority).');
    const rows = text.split('\n').filter((l) => l.startsWith('│'));
    expect(rows).toHaveLength(16);
    for (const row of rows) expect(row).toBe(`│${' K'.repeat(8)}${' W'.repeat(8)} │`);
    expect(triggerMarkdown(clean())).toBeUndefined();
    expect(triggerMarkdown({ ...m, recovered: { ...m.recovered, pattern: undefined } })).toBeUndefined();
  });

  it('packs a blend pattern into bits and back', () => {
    const pattern = Float32Array.from({ length: 3 * 7 * 5 }, (_, i) => ((i * 7) % 3 === 0 ? 255 : 0));
    const packed = packPattern(pattern);
    expect(Buffer.from(packed, 'base64')).toHaveLength(Math.ceil(pattern.length / 8));
    expect(unpackPattern(packed, pattern.length)).toEqual(pattern);
    expect(() => unpackPattern(packed, pattern.length + 8)).toThrow(/blend pattern/);
  });
});
