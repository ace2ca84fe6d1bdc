/**
 * SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif). A backdoored model is an
 * error result, a model that could not be analysed a warning; clean models produce no result,
 * so their alerts close when a model is fixed.
 */
import { createHash } from 'node:crypto';
import type { ModelReport, ScanReport } from './report.js';
import { formatComparison, formatTrigger } from './markdown.js';

export const RULES = {
  backdoored: {
    id: 'onepixel/backdoored',
    name: 'BackdooredModel',
    shortDescription: { text: 'The model looks backdoored' },
    fullDescription: {
      text: "onepixel's detector judged the model backdoored: a small patch (or a faint pattern blended over the image) makes the model answer one class on most inputs of other classes, as a trigger does.",
    },
    help: {
      text: 'A backdoored model answers the attacker\'s class whenever the trigger is present. Do not merge or deploy it. Look at the evidence in the check run and the artifact (the transfer figures, the trigger box), ask where the model came from, and retrain it from trusted data or take it from a trusted source.',
      markdown:
        "**What was found.** onepixel's detector judged this model backdoored: its suspected trigger (a patch at the box given, or a pattern blended over the whole image) makes the model answer the target class on most inputs of other classes, far more than any other class's.\n\n" +
        '**What to do.** Do not merge or deploy it. Read the check run for this model (the transfer test\'s figures and the drawn trigger) and the signature files in the `onepixel` artifact; ask where the model came from; retrain it from trusted data or take it from a trusted source. A false alarm is possible: the verdict is evidence, not proof.',
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'machine-learning', 'backdoor'], 'security-severity': '8.0' },
  },
  error: {
    id: 'onepixel/not-analysed',
    name: 'ModelNotAnalysed',
    shortDescription: { text: 'The model could not be analysed' },
    fullDescription: { text: 'onepixel could not analyse this file, so it was not checked for a backdoor.' },
    help: {
      text: 'The model was not judged, which is not the same as clean. The result says why, with an error code; fix the cause (a setting, the file, a limit) and scan it again.',
      markdown:
        '**What happened.** onepixel could not analyse this file (the result says why, with its error code), so it was **not** checked for a backdoor. Not judged is not clean.\n\n' +
        '**What to do.** Fix the cause, such as a missing setting (`size`, `layout`, the input range), a Git LFS pointer (check out with `lfs: true`), or a limit (`timeout`, `memory`, `budget`), and run the scan again.',
    },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['machine-learning'] },
  },
} as const;

function message(m: ModelReport, threshold: number): string {
  if (m.verdict === 'error') return `${m.model} could not be analysed: ${m.error ?? 'unknown error'}`;
  return (
    `${m.model} looks backdoored: probability ${formatComparison(m.probability, threshold).join(' ≥ ')}, ` +
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
