/** The action's inputs, read and checked in one place; a bad value is one line naming the input. */
import * as core from '@actions/core';
import { OnepixelError } from '../engine/errors.js';
import { optionsFromText, parseOption, resolveOptions, type SignatureOptions } from '../engine/options.js';
import { parseShard, type Shard } from './shard.js';
import { MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS } from '../scan/sandbox.js';

export type FailOn = 'backdoored' | 'error' | 'never';
export type DeviceChoice = 'auto' | 'cpu' | 'cuda';

export interface ActionInputs {
  mode: 'scan' | 'merge';
  models: string[];
  changedOnly: boolean;
  /** The scan config; the default path may be absent. */
  config: string;
  configRequired: boolean;
  failOn: FailOn;
  token: string;
  checks: boolean;
  sarif: string | undefined;
  badge: string | undefined;
  artifactName: string;
  cache: boolean;
  shard: Shard | undefined;
  device: DeviceChoice;
  /** Globs of shard reports, for mode: merge. */
  reports: string[];
  outDir: string;
  options: Partial<SignatureOptions>;
  /** p(backdoor) from which a model is flagged; undefined: the detector's own. */
  threshold: number | undefined;
  /** Seconds and bytes one model's sandboxed scan may take; undefined: the defaults. */
  timeout: number | undefined;
  memory: number | undefined;
  /** Inputs that were set but that the scan's recipe fixes; main.ts warns about them once. */
  ignored: string[];
}

export const DEFAULT_CONFIG = '.onepixel.yml';
export const DEFAULT_REPORTS = 'onepixel-shards/**/report.json';

/** Thrown for a bad input; main.ts prints its message as the step's one failure line. */
export class InputError extends Error {
  override name = 'InputError';
}

function choice<T extends string>(name: string, fallback: T, choices: readonly T[]): T {
  const text = core.getInput(name).trim().toLowerCase();
  if (text === '') return fallback;
  const found = choices.find((c) => c === text);
  if (!found) throw new InputError(`input ${name} must be ${choices.join(', ')} (got "${text}")`);
  return found;
}

/** core.getBooleanInput throws a two-line TypeError; this says it in one. */
function flag(name: string, fallback: boolean): boolean {
  const text = core.getInput(name).trim();
  if (text === '') return fallback;
  if (/^(true|yes|on)$/i.test(text)) return true;
  if (/^(false|no|off)$/i.test(text)) return false;
  throw new InputError(`input ${name} must be true or false (got "${text}")`);
}

function list(name: string, fallback: string): string[] {
  const items = core
    .getMultilineInput(name)
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : [fallback];
}

const optional = (name: string): string | undefined => core.getInput(name).trim() || undefined;

/**
 * Signature options the scan takes from inputs (and from the config and model metadata): the
 * model's preprocessing, and how much work a sweep may do.
 */
export const SCAN_INPUTS = ['input-range', 'mean', 'std', 'layout', 'size', 'outputs', 'threads', 'batch', 'budget'] as const;
/**
 * Inputs of the signature-only action that the scan's recipe now fixes for every step (see
 * stepOptions in src/recipe/recipe.ts): still accepted, so old workflows run, and named in a
 * warning instead of being silently dropped.
 */
export const RECIPE_INPUTS = ['levels', 'base', 'block', 'stride'] as const;

function signatureOptions(): Partial<SignatureOptions> {
  const text = Object.fromEntries(SCAN_INPUTS.map((name) => [name, core.getInput(name)]));
  try {
    const options = optionsFromText(text);
    resolveOptions(options);
    return options;
  } catch (error) {
    // The option parsers speak in CLI flags; here they are inputs.
    if (error instanceof OnepixelError) throw new InputError(`input ${error.message.replace(/^--/, '')}`);
    throw error;
  }
}

/** A limit input (parseOption.limit) times `unit`; empty is undefined. */
function limit(name: string, max: number, unit: number): number | undefined {
  const text = optional(name);
  try {
    return text === undefined ? undefined : parseOption.limit(name, text, max) * unit;
  } catch (error) {
    throw new InputError(`input ${(error as Error).message.replace(/^--/, '')}`);
  }
}

function threshold(): number | undefined {
  const text = optional('threshold');
  try {
    return text === undefined ? undefined : parseOption.probability('threshold', text);
  } catch (error) {
    throw new InputError(`input ${(error as Error).message.replace(/^--/, '')}`);
  }
}

/** The recipe-fixed inputs that were set; `mode: gray|channel` was the sweep mode before `merge`. */
function ignoredInputs(modeText: string): string[] {
  const set: string[] = RECIPE_INPUTS.filter((name) => core.getInput(name).trim() !== '');
  return modeText === 'gray' || modeText === 'channel' ? [...set, `mode: ${modeText}`] : set;
}

export function readInputs(): ActionInputs {
  const modeText = core.getInput('mode').trim().toLowerCase();
  const mode = modeText === 'gray' || modeText === 'channel' ? 'scan' : choice('mode', 'scan', ['scan', 'merge'] as const);
  const config = core.getInput('config').trim();
  const shardText = optional('shard');
  let shard: Shard | undefined;
  try {
    shard = shardText === undefined ? undefined : parseShard(shardText);
  } catch (error) {
    throw new InputError(`input ${(error as Error).message}`);
  }
  if (shard && mode === 'merge') throw new InputError('input shard is for the scan jobs; the merge step reads every shard report');
  const artifactName = core.getInput('artifact-name').trim() || 'onepixel';
  return {
    mode,
    models: list('models', '**/*.onnx'),
    changedOnly: flag('changed-only', true),
    config: config || DEFAULT_CONFIG,
    configRequired: config !== '' && config !== DEFAULT_CONFIG,
    failOn: choice('fail-on', 'error', ['backdoored', 'error', 'never'] as const),
    token: core.getInput('token').trim(),
    checks: flag('checks', true),
    sarif: optional('sarif'),
    badge: optional('badge'),
    // Artifact names are unique per run, so each shard gets its own.
    artifactName: shard ? `${artifactName}-shard-${shard.index}-of-${shard.count}` : artifactName,
    cache: flag('cache', true),
    shard,
    device: choice('device', 'auto', ['auto', 'cpu', 'cuda'] as const),
    reports: list('reports', DEFAULT_REPORTS),
    outDir: core.getInput('out').trim() || 'onepixel-out',
    options: signatureOptions(),
    threshold: threshold(),
    timeout: limit('timeout', MAX_TIMEOUT_SECONDS, 1),
    memory: limit('memory', MAX_MEMORY_MB, 2 ** 20),
    ignored: ignoredInputs(modeText),
  };
}
