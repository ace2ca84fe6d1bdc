/**
 * Text for check-run and job summaries. Model paths and error messages come from pull requests
 * (and, when publishing for forks, from reports a fork's workflow wrote), so every piece of such
 * text is escaped before it reaches markdown or HTML.
 */
import { type ModelReport, triggerText, type Verdict } from './report.js';
import type { SignatureOptions } from '../engine/options.js';

/**
 * One line of plain text: line breaks and tabs become spaces; other control characters (C0,
 * DEL, C1) and zero-width and bidirectional-override characters are removed. They could start
 * a workflow command in the log, break a table or an SVG, or make a path read as another.
 */
export function stripControl(text: string): string {
  return text
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g, '');
}

export function escapeHtml(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Safe inside a markdown table cell or paragraph: no markup, links, HTML, line breaks or control characters. */
export function escapeMarkdown(text: string): string {
  // Backslashes first, entities last: an entity's own '#' must not be escaped again.
  return escapeHtml(stripControl(text).replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`));
}

export const VERDICT_ICON: Record<Verdict, string> = { clean: '✅', backdoored: '❌', error: '⚠️' };

export function verdictText(m: ModelReport): string {
  if (m.verdict === 'error') return 'could not be analysed';
  return m.verdict === 'backdoored' ? 'looks backdoored' : 'looks clean';
}

export const formatProbability = (p: number | null): string => (p === null ? '–' : p.toFixed(3));

/** A threshold as every report shows it: three decimals, like the probabilities it is compared with. */
export const formatThreshold = (t: number): string => t.toFixed(3);

/**
 * A probability and the threshold it is compared with, to three decimals, or to as many more
 * (up to six) as it takes to tell them apart: "0.762 < 0.762" would contradict itself.
 */
export function formatComparison(p: number | null, t: number): [string, string] {
  if (p === null) return ['–', formatThreshold(t)];
  let digits = 3;
  while (digits < 6 && p !== t && p.toFixed(digits) === t.toFixed(digits)) digits++;
  return [p.toFixed(digits), t.toFixed(digits)];
}

/** The trigger's place: a pixel range, or the whole image for a blend. */
export const formatTrigger = (m: ModelReport): string => triggerText(m) || '–';

/** The settings that set a signature apart from the defaults, in the CLI's words. */
export function formatSettings(settings: Partial<SignatureOptions> | undefined): string {
  if (!settings) return '–';
  const parts: string[] = [];
  const add = (name: string, value: unknown): void => {
    if (value === undefined) return;
    parts.push(`${name} ${Array.isArray(value) ? value.join(',') : String(value)}`);
  };
  add('levels', settings.levels);
  add('mode', settings.mode);
  add('base', settings.base);
  add('range', settings.inputRange);
  add('mean', settings.mean);
  add('std', settings.std);
  if (settings.block !== undefined && settings.block !== 1) add('block', settings.block);
  if (settings.stride !== undefined && settings.stride !== 1) add('stride', settings.stride);
  add('layout', settings.layout);
  add('size', settings.size?.join('x'));
  if (settings.outputs !== undefined && settings.outputs !== 'auto') add('outputs', settings.outputs);
  if (settings.search !== undefined && settings.search !== 'exhaustive') add('search', settings.search);
  if (settings.score !== undefined && settings.score !== 'probability') add('score', settings.score);
  return parts.length > 0 ? parts.join(', ') : 'defaults';
}

export const shortSha = (sha: string | null): string => (sha ? sha.slice(0, 12) : '–');

/**
 * Cuts text to at most `limit` UTF-8 bytes at a line break and appends `note`. GitHub rejects
 * (check runs) or drops (job summaries) text past its limits instead of cutting it.
 */
export function fitText(text: string, limit: number, note: string): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const room = limit - Buffer.byteLength(note) - 1;
  let cut = text.slice(0, Math.max(0, room));
  while (Buffer.byteLength(cut) > room) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  const lineEnd = cut.lastIndexOf('\n');
  return `${lineEnd > 0 ? cut.slice(0, lineEnd) : cut}\n${note}`;
}
