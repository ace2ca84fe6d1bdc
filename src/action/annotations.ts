/**
 * Workflow-command annotations (::error file=...::), for models whose verdict no check run
 * carries: fork pull requests, `checks: false`, or a failed API. GitHub shows at most 10
 * annotations of each level per step, so the tenth of a level says how many more there are.
 */
import * as core from '@actions/core';
import type { ModelReport, ScanReport } from '../report/report.js';
import { verdictLine } from '../report/check-run.js';

export const ANNOTATIONS_PER_LEVEL = 10;

type Level = 'error' | 'warning' | 'notice';
const LEVEL: Record<ModelReport['verdict'], Level> = { backdoored: 'error', error: 'warning', clean: 'notice' };
const EMIT: Record<Level, (message: string, properties: core.AnnotationProperties) => void> = {
  error: core.error,
  warning: core.warning,
  notice: core.notice,
};

export function annotateModels(report: ScanReport, models: ModelReport[]): void {
  for (const level of ['error', 'warning', 'notice'] as const) {
    const group = models.filter((m) => LEVEL[m.verdict] === level);
    group.forEach((m, i) => {
      if (i >= ANNOTATIONS_PER_LEVEL) return;
      const rest = group.length - i - 1;
      const more = i === ANNOTATIONS_PER_LEVEL - 1 && rest > 0 ? ` (and ${rest} more models: see the job summary)` : '';
      EMIT[level](`${m.model} ${verdictLine(m, report.threshold)}${more}`, { file: m.model, startLine: 1, title: 'onepixel' });
    });
  }
}
