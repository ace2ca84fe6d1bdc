/**
 * Per-model scan settings: a YAML config mapping path globs to signature options, and the
 * `onepixel.*` entries a model may carry in its ONNX metadata_props.
 *
 *   # .onepixel.yml
 *   defaults:
 *     input-range: 0,1
 *   models:
 *     - path: "models/cifar/**\/*.onnx"
 *       input-range: -1,1
 *       mean: 0.4914,0.4822,0.4465
 *       std: 0.247,0.243,0.261
 *     - path: "legacy/*.onnx"
 *       layout: NHWC
 *
 * Precedence, lowest first: built-in defaults, the model's metadata, the options given on the
 * command line or to the action, the config's `defaults`, then every matching `models` entry
 * in order.
 */
import fs from 'node:fs';
import { minimatch } from 'minimatch';
import YAML from 'yaml';
import { OnepixelError } from './errors.js';
import { optionsFromText, type SignatureOptions } from './options.js';

/** The option names a config or metadata may set: the scan's recipe owns the rest. */
export const PER_MODEL_KEYS = ['input-range', 'mean', 'std', 'layout', 'size', 'outputs'] as const;
type Key = (typeof PER_MODEL_KEYS)[number];
type Settings = Partial<Record<Key, string>>;

export interface ScanConfig {
  defaults: Settings;
  models: { path: string; settings: Settings }[];
}

const text = (v: unknown): string => (Array.isArray(v) ? v.join(',') : String(v));

function settingsFrom(entry: Record<string, unknown>, where: string): Settings {
  const out: Settings = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'path') continue;
    if (!(PER_MODEL_KEYS as readonly string[]).includes(key)) {
      throw new OnepixelError('BAD_OPTION', `${where}: unknown setting "${key}" (known: ${PER_MODEL_KEYS.join(', ')})`);
    }
    out[key as Key] = text(value);
  }
  optionsFromText(out); // validates the values now, naming the option
  return out;
}

export function loadScanConfig(file: string): ScanConfig {
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OnepixelError('BAD_OPTION', `${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return { defaults: {}, models: [] };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new OnepixelError('BAD_OPTION', `${file}: expected a mapping with defaults and models`);
  const root = doc as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (key !== 'defaults' && key !== 'models') throw new OnepixelError('BAD_OPTION', `${file}: unknown key "${key}" (expected defaults, models)`);
  }
  const models = root.models ?? [];
  if (!Array.isArray(models)) throw new OnepixelError('BAD_OPTION', `${file}: models must be a list`);
  return {
    defaults: settingsFrom((root.defaults ?? {}) as Record<string, unknown>, `${file} defaults`),
    models: models.map((entry, i) => {
      const e = entry as Record<string, unknown>;
      if (typeof e?.path !== 'string') throw new OnepixelError('BAD_OPTION', `${file}: models[${i}] needs a path glob`);
      return { path: e.path, settings: settingsFrom(e, `${file} models[${i}]`) };
    }),
  };
}

/** Settings from a model's metadata_props, ignoring values that do not parse. */
export function metadataSettings(metadata: Record<string, string>): Settings {
  const out: Settings = {};
  for (const key of PER_MODEL_KEYS) {
    const value = metadata[`onepixel.${key.replace('-', '_')}`] ?? metadata[`onepixel.${key}`];
    if (value === undefined) continue;
    try {
      optionsFromText({ [key]: value });
      out[key] = value;
    } catch {
      // A model's own claim about itself is a hint; a bad one is ignored, not fatal.
    }
  }
  return out;
}

export function configSettings(config: ScanConfig | undefined, modelPath: string): Settings {
  if (!config) return {};
  const posix = modelPath.replace(/\\/g, '/').replace(/^\.\//, '');
  let out: Settings = { ...config.defaults };
  for (const entry of config.models) {
    if (minimatch(posix, entry.path, { dot: true, matchBase: !entry.path.includes('/') })) out = { ...out, ...entry.settings };
  }
  return out;
}

/** Merges per-model settings over the scan-wide options. */
export function modelOptions(
  base: Partial<SignatureOptions>,
  metadata: Record<string, string>,
  config: ScanConfig | undefined,
  modelPath: string,
): Partial<SignatureOptions> {
  const strip = (o: Partial<SignatureOptions>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return {
    ...strip(optionsFromText(metadataSettings(metadata))),
    ...strip(base),
    ...strip(optionsFromText(configSettings(config, modelPath))),
  };
}
