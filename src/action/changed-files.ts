/**
 * What a pull request changes, and which models that touches. A model is more than its .onnx
 * file: its weights can live in external-data files beside it, and its scan settings in the
 * config. Changing any of them changes what the model does or how it is judged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inspectOnnx } from '../engine/onnx-proto.js';
import { configSettings, type ScanConfig } from '../scan/scan-config.js';
import type { ApiClient } from './api.js';

interface PullRequestFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/** The files a pull request changes, by path relative to the repository root (forward slashes, as the API gives them). */
export type ChangedFiles = Map<string, PullRequestFile['status']>;

export async function listChangedFiles(api: ApiClient, owner: string, repo: string, pullNumber: number): Promise<ChangedFiles> {
  const files = await api.paginate<PullRequestFile>(`/repos/${owner}/${repo}/pulls/${pullNumber}/files?per_page=100`);
  return new Map(files.filter((f) => f.status !== 'unchanged').map((f) => [f.filename, f.status]));
}

const posix = (p: string): string => p.split('\\').join('/').replace(/^\.\//, '');

/** The changed files a model is made of or judged by. */
export interface ChangeScope {
  workspace: string;
  /** The config's path relative to the workspace, and its trusted (base) and current versions. */
  config?: { path: string; base: ScanConfig | undefined; head: ScanConfig | undefined; known: boolean };
}

/**
 * Keeps the models (paths relative to the workspace) that the pull request touched, each with
 * the reason: its file, one of its external-data files, its settings in the config, or a
 * workflow file (which can change the action's inputs, so every model counts as changed).
 */
export function keepChanged(models: string[], files: ChangedFiles, scope?: ChangeScope): { models: string[]; reasons: Map<string, string> } {
  const reasons = new Map<string, string>();
  // Any change counts, removals included: a removed external-data file changes its model.
  const changed = new Set(files.keys());
  const workflow = [...changed].find((f) => f.startsWith('.github/workflows/'));
  const configPath = scope?.config ? posix(scope.config.path) : undefined;
  const configChanged = configPath !== undefined && changed.has(configPath);
  for (const model of models) {
    const file = posix(model);
    // A removed model has nothing left to scan; a renamed one may be new to its reviewers.
    const status = files.get(file);
    if (status !== undefined && status !== 'removed') reasons.set(model, 'changed');
    else if (workflow) reasons.set(model, `${workflow} changed`);
    else if (configChanged && settingsDiffer(scope!.config!, file)) reasons.set(model, `its settings in ${configPath} changed`);
    else if (scope) {
      const data = changedExternalData(model, changed, scope.workspace);
      if (data) reasons.set(model, `its external data ${data} changed`);
    }
  }
  return { models: models.filter((m) => reasons.has(m)), reasons };
}

function settingsDiffer(config: NonNullable<ChangeScope['config']>, model: string): boolean {
  // Without the base version the change cannot be narrowed: every model may be affected.
  if (!config.known) return true;
  return JSON.stringify(configSettings(config.base, model)) !== JSON.stringify(configSettings(config.head, model));
}

/** The first changed file among the model's external data, if any. */
function changedExternalData(model: string, changed: Set<string>, workspace: string): string | undefined {
  const folder = posix(path.dirname(model));
  const prefix = folder === '.' ? '' : `${folder}/`;
  // External data lies in the model's folder or below it; only a change there can matter.
  if (![...changed].some((f) => f.startsWith(prefix))) return undefined;
  let locations: string[];
  try {
    locations = inspectOnnx(fs.readFileSync(path.resolve(workspace, model)), model).externalLocations;
  } catch {
    // A model that cannot be read names no external data; if it changed itself, it is kept above.
    return undefined;
  }
  return locations.map((l) => posix(path.posix.normalize(`${prefix}${posix(l)}`))).find((f) => changed.has(f));
}
