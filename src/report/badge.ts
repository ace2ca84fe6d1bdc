/**
 * A status badge in the shields.io "flat" style, written as a file so a default-branch
 * workflow can commit or publish it with no third-party service.
 */
import type { ScanReport } from './report.js';
import { escapeHtml } from './markdown.js';

const COLORS = { clean: '#4c1', backdoored: '#e05d44', error: '#dfb317', none: '#9f9f9f' } as const;

/** Verdana 11px advance widths (what shields.io measures with), rounded; others count as 7. */
const NARROW = new Set('fijlrtI1 .,:;|!\'');
const WIDE = new Set('mwMW@%');
function textWidth(text: string): number {
  let width = 0;
  for (const c of text) width += NARROW.has(c) ? 4 : WIDE.has(c) ? 10 : 7;
  return width;
}

export function badgeMessage(report: ScanReport): { text: string; color: string } {
  const { scanned, clean, backdoored, errors } = report.counts;
  // Models not analysed are never hidden behind a backdoor: a reader must see both.
  if (backdoored > 0) return { text: `${backdoored} backdoored${errors > 0 ? `, ${errors} not analysed` : ''}`, color: COLORS.backdoored };
  if (errors > 0) return { text: `${errors} error${errors === 1 ? '' : 's'}`, color: COLORS.error };
  if (scanned === 0) return { text: 'no models', color: COLORS.none };
  return { text: `${clean} clean`, color: COLORS.clean };
}

export function buildBadge(report: ScanReport, label = 'onepixel'): string {
  const message = badgeMessage(report);
  const left = textWidth(label) + 10;
  const right = textWidth(message.text) + 10;
  const width = left + right;
  const title = `${label}: ${message.text}`;
  const text = (x: number, value: string): string =>
    `<text x="${x * 10}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">${escapeHtml(value)}</text>` +
    `<text x="${x * 10}" y="140" transform="scale(.1)">${escapeHtml(value)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${message.color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110">`,
    text(left / 2, label),
    text(left + right / 2, message.text),
    '</g></svg>',
    '',
  ].join('\n');
}
