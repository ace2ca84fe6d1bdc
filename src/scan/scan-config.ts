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
 * Trusted settings, lowest first: the config's `defaults`, every matching `models` entry in
 * order, then the options given on the command line or to the action, which always win.
 * A model's metadata is written by whoever wrote the model, so it is never trusted: its input
 * convention is scanned in addition to the inferred one (see convention.ts); nothing else it
 * claims is used.
 */
import fs from 'node:fs';
import { minimatch } from 'minimatch';
import YAML from 'yaml';
import { OnepixelError } from '../engine/errors.js';
import { optionsFromText, resolveOptions, type SignatureOptions } from '../engine/options.js';

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
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new OnepixelError('BAD_OPTION', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  return parseScanConfig(text, file);
}

/** A config from its text; `file` names it in errors. */
export function parseScanConfig(text: string, file: string): ScanConfig {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
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

/** The settings a model's metadata_props claim, ignoring values that do not parse. */
export function metadataSettings(metadata: Record<string, string>): Settings {
  const out: Settings = {};
  for (const key of PER_MODEL_KEYS) {
    const value = metadata[`onepixel.${key.replace('-', '_')}`] ?? metadata[`onepixel.${key}`];
    if (value === undefined) continue;
    try {
      resolveOptions(optionsFromText({ [key]: value }));
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

const defined = (o: Partial<SignatureOptions>): Partial<SignatureOptions> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A model's settings, split by whom they come from. */
export interface ModelSettings {
  /** From the trusted config and the command line or action inputs (these win). */
  trusted: Partial<SignatureOptions>;
  /**
   * What untrusted places claim: the model's own metadata, and a pull request's changes to the
   * config. Claims may only make a scan stricter (see convention.ts).
   */
  claims: { source: string; settings: Partial<SignatureOptions> }[];
}

export function modelSettings(
  base: Partial<SignatureOptions>,
  metadata: Record<string, string>,
  config: ScanConfig | undefined,
  modelPath: string,
  claimedConfig?: { source: string; config: ScanConfig },
): ModelSettings {
  const claims: ModelSettings['claims'] = [];
  const fromMetadata = defined(optionsFromText(metadataSettings(metadata)));
  if (Object.keys(fromMetadata).length > 0) claims.push({ source: "the model's metadata", settings: fromMetadata });
  if (claimedConfig) {
    const fromConfig = defined(optionsFromText(configSettings(claimedConfig.config, modelPath)));
    if (Object.keys(fromConfig).length > 0) claims.push({ source: claimedConfig.source, settings: fromConfig });
  }
  return { trusted: { ...defined(optionsFromText(configSettings(config, modelPath))), ...defined(base) }, claims };
}
