/**
 * The recovered trigger in a model's report, and its evidence files: after the verdict, the
 * suspected class's trigger is stamped on exemplars of other classes (recipe/trigger-demo.ts),
 * and evidence.png (report/evidence-picture.ts) and evidence.json are written beside the
 * signature files. evidence.json holds the stamped images themselves, so anyone can feed them to
 * the model again and check the answers the picture shows. A notable whole-image finding gets
 * whole-image.png (recipe/whole-image-demo.ts, report/whole-image-picture.ts) beside them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Detection } from '../detector/detector.js';
import type { LoadedModel } from '../engine/model.js';
import type { SignatureOptions } from '../engine/options.js';
import type { RecipeResult } from '../recipe/result.js';
import { demonstrateTrigger, SHOWN_EXEMPLARS, type TriggerDemo } from '../recipe/trigger-demo.js';
import { TRANSFER } from '../recipe/transfer-test.js';
import { demonstrateWholeImage, wholeImageDemoPasses } from '../recipe/whole-image-demo.js';
import { renderEvidencePicture } from '../report/evidence-picture.js';
import { type ModelReport, notableWholeImage, type RecoveredTrigger, type WholeImageReport } from '../report/report.js';
import { renderWholeImagePicture } from '../report/whole-image-picture.js';

/** The detected class's trigger as the result recorded it (no passes run). */
export function recoveredTrigger(result: RecipeResult, found: Detection, height: number, width: number): RecoveredTrigger {
  const k = found.targetClass;
  if (found.trigger === 'blend') {
    const pattern = result.transfer.blendPatterns?.[k];
    return { target: k, kind: 'blend', box: [0, 0, width, height], ...(pattern ? { pattern, alpha: TRANSFER.alpha } : {}) };
  }
  const patch = result.transfer.patchCells?.[k];
  const box = found.triggerBox ?? [0, 0, width, height];
  return { target: k, kind: 'patch', box: [...box], ...(patch ? { patch } : {}) };
}

/**
 * Passes the demonstrations run at most: the trigger's (its base pass, the exemplar pool, the
 * stamped exemplars and the shown ones unstamped) and the whole-image change's.
 */
export function demonstrationPasses(classes: number): number {
  return 1 + TRANSFER.pool + Math.min(classes * TRANSFER.perClass, TRANSFER.maxBases) + SHOWN_EXEMPLARS + wholeImageDemoPasses();
}

function evidenceJson(report: ModelReport, demo: TriggerDemo): string {
  const { channels, height, width } = demo.trigger;
  return `${JSON.stringify(
    {
      model: report.model,
      verdict: report.verdict,
      target: demo.target,
      kind: demo.kind,
      box: demo.box,
      ...(demo.alpha !== undefined ? { alpha: demo.alpha } : {}),
      tried: demo.tried,
      wins: demo.wins,
      // Pixel values 0..255 as the scan drew them, [C, H, W] float32 in base64, before (image)
      // and after (stamped); the model's settings in the report turn them into its input.
      shape: [channels, height, width],
      shown: demo.shown.map((e) => ({ label: e.label, before: e.before, after: e.after, image: base64(e.image.pixels), stamped: base64(e.stamped.pixels) })),
    },
    null,
    1,
  )}\n`;
}

/**
 * Stamps the report's recovered trigger on exemplars and writes evidence.png and evidence.json
 * into `folder`; the report's `recovered` gains what was stamped. Nothing is written when the
 * result holds no picture of that trigger, and files an earlier run left there are removed first.
 */
export async function writeTriggerEvidence(model: LoadedModel, options: SignatureOptions, report: ModelReport, threshold: number, folder: string, signal?: AbortSignal): Promise<RecoveredTrigger | undefined> {
  for (const name of ['evidence.png', 'evidence.json']) fs.rmSync(path.join(folder, name), { force: true });
  const recovered = report.recovered;
  if (!recovered || report.probability === null) return recovered;
  const demo = await demonstrateTrigger(model, options, recovered, SHOWN_EXEMPLARS, signal);
  if (!demo) return recovered;
  const transfer = report.transfer;
  const otherWins = (demo.kind === 'blend' ? transfer?.otherBlendWins : transfer?.otherPatchWins) ?? null;
  fs.mkdirSync(folder, { recursive: true });
  const picture = path.join(folder, 'evidence.png');
  fs.writeFileSync(picture, renderEvidencePicture({ model: report.model, backdoored: report.verdict === 'backdoored', probability: report.probability, threshold, demo, otherWins }));
  fs.writeFileSync(path.join(folder, 'evidence.json'), evidenceJson(report, demo));
  const shown = demo.shown.map((e) => ({ label: e.label, before: { top: e.before.top, probability: round(e.before.probability) }, after: { top: e.after.top, probability: round(e.after.probability) } }));
  return { ...recovered, stamped: { tried: demo.tried, wins: demo.wins, shown }, picture };
}

/**
 * Applies a notable whole-image finding's change (as `result` recorded it) to unseen images and
 * writes whole-image.png into `folder`; the finding gains the picture's path and what it shows.
 * Nothing is drawn for a finding below the bar, one the result holds no change for, or one too
 * few unseen images go against; a picture an earlier run left there is removed, so that the
 * folder never shows a change this scan did not draw.
 */
export async function writeWholeImageEvidence(model: LoadedModel, options: SignatureOptions, report: ModelReport, result: RecipeResult, folder: string, signal?: AbortSignal): Promise<WholeImageReport | undefined> {
  const picture = path.join(folder, 'whole-image.png');
  fs.rmSync(picture, { force: true });
  if (!report.wholeImage) return undefined;
  const { picture: _stale, demonstrated: _shown, ...found } = report.wholeImage;
  const change = result.wholeImage?.changes[found.targetClass];
  if (!change || !notableWholeImage(report) || report.verdict === 'error' || report.probability === null) return found;
  const demo = await demonstrateWholeImage(model, options, found.targetClass, change, SHOWN_EXEMPLARS, signal);
  if (!demo) return found;
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(picture, renderWholeImagePicture({ model: report.model, verdict: report.verdict, probability: report.probability, demo, search: found }));
  const demonstrated = { drawn: demo.drawn, alreadyTarget: demo.alreadyTarget, tried: demo.tried, wins: [round(demo.wins[0]!), round(demo.wins[1]!)] as [number, number] };
  return { ...found, picture, demonstrated };
}

const round = (p: number): number => Math.round(p * 1e4) / 1e4;
const base64 = (values: Float32Array): string => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
