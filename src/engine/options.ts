/** Signature options: their defaults, their validation, and their parsing from text. */
import os from 'node:os';
import { OnepixelError } from './errors.js';

export type Layout = 'NCHW' | 'NHWC';
export type SweepMode = 'gray' | 'channel';
export type OutputKind = 'auto' | 'logits' | 'probabilities';
export type SearchKind = 'exhaustive' | 'adaptive';
export type ScoreKind = 'probability' | 'log-probability';

export interface SignatureOptions {
  /** Number of candidate values L; level l is pixel value 255·l/(L−1). */
  levels: number;
  /** Pixel value (0..255) of every pixel of the base image. */
  base: number;
  mode: SweepMode;
  /** Model input value of pixel values 0 and 255. */
  inputRange: [number, number];
  mean?: number[];
  std?: number[];
  block: number;
  stride: number;
  layout?: Layout;
  /** Height and width for models whose input size is dynamic. */
  size?: [number, number];
  outputs: OutputKind;
  /** Every level of every cell, or a coarse grid refined around each class's peaks. */
  search: SearchKind;
  /** What D measures: the gain in probability (the paper's) or in log-probability. */
  score: ScoreKind;
  /**
   * Reference-machine seconds (budget.ts) a scan may plan: over it, `scan` reports the model as
   * BUDGET_EXCEEDED and `signature` sweeps larger blocks.
   */
  budget?: number;
  /** Concurrent forward passes; defaults to the cores available. */
  threads?: number;
  /** Images per forward pass; a model with a fixed batch size uses that instead. */
  batch?: number;
}

export const DEFAULT_OPTIONS: SignatureOptions = {
  levels: 256,
  base: 0,
  mode: 'gray',
  inputRange: [0, 1],
  block: 1,
  stride: 1,
  outputs: 'auto',
  search: 'exhaustive',
  score: 'probability',
};

/** Chosen with `npm run bench`: past 32 images per run the gain is within noise on 2 cores. */
export const DEFAULT_BATCH = 32;

export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism());
}

const bad = (message: string): OnepixelError => new OnepixelError('BAD_OPTION', message);

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw bad(`--${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return value;
}

/** Fills defaults and checks every value; throws BAD_OPTION naming the option. */
export function resolveOptions(partial: Partial<SignatureOptions> = {}): SignatureOptions {
  const o: SignatureOptions = { ...DEFAULT_OPTIONS, ...stripUndefined(partial) };
  integer('levels', o.levels, 2, 65536);
  if (!Number.isFinite(o.base) || o.base < 0 || o.base > 255) {
    throw bad(`--base must be a pixel value from 0 to 255 (got ${o.base})`);
  }
  if (o.mode !== 'gray' && o.mode !== 'channel') throw bad(`--mode must be gray or channel (got ${o.mode})`);
  const [lo, hi] = o.inputRange;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) {
    throw bad(`--input-range must be two different finite numbers lo,hi (got ${o.inputRange.join(',')})`);
  }
  for (const key of ['mean', 'std'] as const) {
    const values = o[key];
    if (values === undefined) continue;
    if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
      throw bad(`--${key} must be one finite number or one per channel`);
    }
  }
  if (o.std?.some((v) => v === 0)) throw bad('--std must not contain 0');
  integer('block', o.block, 1, 4096);
  integer('stride', o.stride, 1, 4096);
  if (o.layout !== undefined && o.layout !== 'NCHW' && o.layout !== 'NHWC') {
    throw bad(`--layout must be NCHW or NHWC (got ${o.layout})`);
  }
  if (o.size !== undefined) {
    integer('size', o.size[0], 1, 65536);
    integer('size', o.size[1], 1, 65536);
  }
  if (!['auto', 'logits', 'probabilities'].includes(o.outputs)) {
    throw bad(`--outputs must be auto, logits or probabilities (got ${o.outputs})`);
  }
  if (o.search !== 'exhaustive' && o.search !== 'adaptive') {
    throw bad(`--search must be exhaustive or adaptive (got ${o.search})`);
  }
  if (o.score !== 'probability' && o.score !== 'log-probability') {
    throw bad(`--score must be probability or log-probability (got ${o.score})`);
  }
  if (o.budget !== undefined && (!Number.isFinite(o.budget) || o.budget <= 0)) {
    throw bad(`--budget must be a positive number of seconds (got ${o.budget})`);
  }
  if (o.threads !== undefined) integer('threads', o.threads, 1, 1024);
  if (o.batch !== undefined) integer('batch', o.batch, 1, 65536);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Parsers for option values given as text (CLI flags, action inputs, config files). */
export const parseOption = {
  number(name: string, text: string): number {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) throw bad(`--${name} must be a number (got "${text}")`);
    return value;
  },
  numbers(name: string, text: string): number[] {
    return text.split(',').map((part) => parseOption.number(name, part));
  },
  /** A decision threshold: a probability strictly between 0 and 1. */
  probability(name: string, text: string): number {
    const value = parseOption.number(name, text);
    if (!(value > 0 && value < 1)) throw bad(`--${name} must be a probability between 0 and 1 (got "${text}")`);
    return value;
  },
  /** A positive limit no larger than `max` (a timer's seconds, a memory ceiling's megabytes). */
  limit(name: string, text: string, max: number): number {
    const value = parseOption.number(name, text);
    if (!(value > 0 && value <= max)) throw bad(`--${name} must be a positive number up to ${max} (got "${text}")`);
    return value;
  },
  range(name: string, text: string): [number, number] {
    const values = parseOption.numbers(name, text);
    if (values.length !== 2) throw bad(`--${name} must be two numbers lo,hi (got "${text}")`);
    return [values[0]!, values[1]!];
  },
  size(text: string): [number, number] {
    const match = /^\s*(\d+)\s*[xX]\s*(\d+)\s*$/.exec(text);
    if (!match) throw bad(`--size must be HxW, for example 32x32 (got "${text}")`);
    return [Number(match[1]), Number(match[2])];
  },
  choice<T extends string>(name: string, text: string, choices: readonly T[]): T {
    const found = choices.find((c) => c.toLowerCase() === text.trim().toLowerCase());
    if (!found) throw bad(`--${name} must be one of ${choices.join(', ')} (got "${text}")`);
    return found;
  },
};

/** Turns text values (from the CLI or an action) into options; unset keys stay unset. */
export function optionsFromText(values: Record<string, string | undefined>): Partial<SignatureOptions> {
  const get = (key: string): string | undefined => {
    const v = values[key];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const map = <T>(key: string, parse: (text: string) => T): T | undefined => {
    const v = get(key);
    return v === undefined ? undefined : parse(v);
  };
  return {
    levels: map('levels', (t) => parseOption.number('levels', t)),
    base: map('base', (t) => parseOption.number('base', t)),
    mode: map('mode', (t) => parseOption.choice('mode', t, ['gray', 'channel'] as const)),
    // 'auto' is the same as leaving it unset: the scan infers each model's convention.
    inputRange: map('input-range', (t) => (t.trim().toLowerCase() === 'auto' ? undefined : parseOption.range('input-range', t))),
    mean: map('mean', (t) => parseOption.numbers('mean', t)),
    std: map('std', (t) => parseOption.numbers('std', t)),
    block: map('block', (t) => parseOption.number('block', t)),
    stride: map('stride', (t) => parseOption.number('stride', t)),
    layout: map('layout', (t) => parseOption.choice('layout', t, ['NCHW', 'NHWC'] as const)),
    size: map('size', parseOption.size),
    outputs: map('outputs', (t) => parseOption.choice('outputs', t, ['auto', 'logits', 'probabilities'] as const)),
    search: map('search', (t) => parseOption.choice('search', t, ['exhaustive', 'adaptive'] as const)),
    score: map('score', (t) => parseOption.choice('score', t, ['probability', 'log-probability'] as const)),
    // 0 asks for no budget (the action's input has one by default).
    budget: map('budget', (t) => (parseOption.number('budget', t) === 0 ? undefined : parseOption.number('budget', t))),
    threads: map('threads', (t) => parseOption.number('threads', t)),
    batch: map('batch', (t) => parseOption.number('batch', t)),
  };
}
