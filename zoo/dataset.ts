/**
 * The zoo as the detector sees it: zoo/manifest.jsonl (metadata of every model the generator
 * finished) joined with zoo/signatures/<id>.json.gz (the recipe sweeps). Both are committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RECIPE_STEPS } from '../src/recipe/recipe.js';
import { decodeSteps, recipeResult, type StepResult, STORED_STEPS } from '../src/recipe/result.js';
import type { TriggerKind } from '../src/detector/detector.js';
import type { LabelledModel } from '../src/detector/train.js';

export interface ZooTrigger {
  kind?: string;
  type?: string;
  target: number;
  box?: [number, number, number, number];
}

export interface ZooEntry extends LabelledModel {
  split: 'train' | 'test';
  task: string;
  family: string;
  kind: string; // clean | patch | blend | two
  triggers: ZooTrigger[];
  classes: number;
  seconds: number;
  passes: number;
  cleanAccuracy: number;
  asr: number | null;
  /** The recipe's time was measured with a costlier one-pixel step than today's (see zoo/README.md). */
  timedWithOlderRecipe: boolean;
}

/** What the generator records of a model (meta.json, one line of manifest.jsonl). */
export interface ManifestLine {
  id: string;
  split: 'train' | 'test';
  task: string;
  family: string;
  kept: boolean;
  classes: number;
  input: { height: number; width: number; range: [number, number] | string };
  backdoor: null | { type: string; triggers: ZooTrigger[] };
  cleanAccuracy: number;
  asr: number | null;
}

export function inputRange(meta: ManifestLine): [number, number] {
  const r = meta.input.range;
  return typeof r === 'string' ? (r.split(',').map(Number) as [number, number]) : r;
}

/** Tasks by name: the input side and class count (zoo/README.md). */
const TASK_SHAPES: Record<string, { size: number; classes: number }> = {
  mnist28: { size: 28, classes: 10 },
  fmnist28: { size: 28, classes: 10 },
  cmnist32: { size: 32, classes: 10 },
  'c43-32': { size: 32, classes: 43 },
  'cifar10-32': { size: 32, classes: 10 },
  'gtsrb-32': { size: 32, classes: 43 },
};

type RawLine = Partial<ManifestLine> & { id: string; task: string; range?: [number, number]; acc?: number };

/** A manifest line (compact: range, acc) or a meta.json (input, cleanAccuracy), as one shape. */
export function normalizeMeta(raw: RawLine): ManifestLine {
  const shape = TASK_SHAPES[raw.task];
  const size = raw.input?.height ?? shape?.size ?? 0;
  return {
    id: raw.id,
    split: raw.split ?? (raw.id.startsWith('test') ? 'test' : 'train'),
    task: raw.task,
    family: raw.family ?? 'unknown',
    kept: raw.kept ?? false,
    classes: raw.classes ?? shape?.classes ?? 0,
    input: { height: size, width: raw.input?.width ?? size, range: raw.input?.range ?? raw.range ?? [0, 1] },
    backdoor: raw.backdoor ?? null,
    cleanAccuracy: raw.cleanAccuracy ?? raw.acc ?? NaN,
    asr: raw.asr ?? null,
  };
}

export function readManifest(file = 'zoo/manifest.jsonl'): ManifestLine[] {
  if (!fs.existsSync(file)) return [];
  const byId = new Map<string, ManifestLine>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim()) {
      const m = normalizeMeta(JSON.parse(line) as RawLine);
      byId.set(m.id, m);
    }
  }
  return [...byId.values()];
}

/** Blend triggers are whole-image patterns; every other trigger the generator makes is a patch. */
export const triggerKind = (t: ZooTrigger): TriggerKind => ((t.kind ?? t.type) === 'blend' ? 'blend' : 'patch');

export function loadZoo(manifest = 'zoo/manifest.jsonl', signatures = 'zoo/signatures'): ZooEntry[] {
  const out: ZooEntry[] = [];
  for (const m of readManifest(manifest)) {
    const file = path.join(signatures, `${m.id}.json.gz`);
    if (!m.kept || !fs.existsSync(file)) continue;
    const body = decodeSteps(fs.readFileSync(file)) as { steps: StepResult[]; seconds: number; passes: number; pixelLevelsSpliced?: unknown };
    // Files may hold more sweeps than today's recipe (older recipes): the detector sees the recipe's.
    // Those stored before the whole-image search lack it, and are read without it.
    const steps = body.steps.filter((s) => RECIPE_STEPS.includes(s.step));
    if (STORED_STEPS.some((name) => !steps.some((s) => s.step === name))) continue;
    const triggers = m.backdoor?.triggers ?? [];
    // One target per (kind, class): two patches for one class are one target of the patch kind.
    const pairs = [...new Set(triggers.map((t) => `${triggerKind(t)} ${t.target}`))].map((p) => p.split(' '));
    out.push({
      id: m.id,
      split: m.split,
      task: m.task,
      family: m.family,
      kind: m.backdoor ? m.backdoor.type : 'clean',
      triggers,
      classes: m.classes,
      result: recipeResult(steps),
      height: m.input.height,
      width: m.input.width,
      backdoored: m.backdoor !== null,
      targets: pairs.map(([, target]) => Number(target)),
      targetKinds: pairs.map(([kind]) => kind as TriggerKind),
      seconds: body.seconds,
      passes: body.passes,
      cleanAccuracy: m.cleanAccuracy,
      asr: m.asr,
      timedWithOlderRecipe: body.pixelLevelsSpliced !== undefined,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
