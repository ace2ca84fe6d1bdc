/**
 * SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif). A backdoored model is an
 * error result, a model that could not be analysed a warning; clean models produce no result,
 * so their alerts close when a model is fixed.
 */
import { createHash } from 'node:crypto';
import type { ModelReport, ScanReport } from './report.js';
import { formatProbability, formatTrigger } from './markdown.js';

export const RULES = {
  backdoored: {
    id: 'onepixel/backdoored',
    name: 'BackdooredModel',
    shortDescription: { text: 'The model looks backdoored' },
    fullDescription: {
      text: "The model's one-pixel signature shows a compact cluster of high gain for one class: the mark a trigger pattern leaves.",
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'machine-learning', 'backdoor'], 'security-severity': '8.0' },
  },
  error: {
    id: 'onepixel/not-analysed',
    name: 'ModelNotAnalysed',
    shortDescription: { text: 'The model could not be analysed' },
    fullDescription: { text: 'onepixel could not compute the signature of this file, so it was not checked for a backdoor.' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['machine-learning'] },
  },
} as const;

function message(m: ModelReport, threshold: number): string {
  if (m.verdict === 'error') return `${m.model} could not be analysed: ${m.error ?? 'unknown error'}`;
  return (
    `${m.model} looks backdoored: probability ${formatProbability(m.probability)} ≥ ${threshold}, ` +
    `target class ${m.targetClass ?? '?'}, trigger ${formatTrigger(m)}.`
  );
}

/** `informationUri`: where the tool lives, e.g. the action's repository; left out when unknown. */
export function buildSarif(report: ScanReport, informationUri?: string): object {
  const results = report.models
    .filter((m) => m.verdict !== 'clean')
    .map((m) => {
      const rule = m.verdict === 'backdoored' ? RULES.backdoored : RULES.error;
      return {
        ruleId: rule.id,
        ruleIndex: m.verdict === 'backdoored' ? 0 : 1,
        level: rule.defaultConfiguration.level,
        message: { text: message(m, report.threshold) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: m.model.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
              // Models are binary; line 1 is where code scanning can point at all.
              region: { startLine: 1 },
            },
          },
        ],
        // Code scanning fingerprints source lines, which a binary file lacks: one alert per path
        // and rule, so a changed model updates its alert instead of opening another.
        partialFingerprints: { 'onepixel/v1': createHash('sha256').update(`${rule.id}\0${m.model}`).digest('hex') },
        properties: {
          probability: m.probability,
          targetClass: m.targetClass,
          triggerBox: m.triggerBox,
          sha256: m.sha256,
          ...(m.errorCode ? { errorCode: m.errorCode } : {}),
        },
      };
    });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'onepixel',
            version: report.tool.version,
            ...(informationUri ? { informationUri } : {}),
            rules: [RULES.backdoored, RULES.error],
          },
        },
        results,
        properties: { threshold: report.threshold, counts: report.counts },
      },
    ],
  };
}
