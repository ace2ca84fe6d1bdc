/** Which models this job scans: the globs, then the pull request's changes, then the shard. */
import path from 'node:path';
import * as core from '@actions/core';
import * as glob from '@actions/glob';
import { describeError } from '../engine/errors.js';
import type { ApiClient } from './api.js';
import { type ChangeScope, keepChanged, listChangedFiles } from './changed-files.js';
import type { RunContext } from './context.js';
import { inShard, type Shard } from './shard.js';

/**
 * Files the globs match, relative to the workspace, sorted, leaving out anything under
 * `exclude` (the action's own output: its per-model folders are named after the models, so
 * the default glob would match them).
 */
export async function globModels(patterns: string[], workspace: string, exclude: string[] = []): Promise<string[]> {
  // implicitDescendants would turn a folder that matches (models__a.onnx/) into all its files.
  const globber = await glob.create(patterns.join('\n'), { matchDirectories: false, implicitDescendants: false });
  const excluded = exclude.map((dir) => path.resolve(workspace, dir) + path.sep);
  const files = (await globber.glob()).filter((f) => !excluded.some((dir) => path.resolve(f).startsWith(dir)));
  return [...new Set(files.map((f) => path.relative(workspace, f) || f))].sort();
}

export interface Selection {
  models: string[];
  /** One line each on how the list was narrowed, for the log and the job summary. */
  notes: string[];
}

export async function selectModels(
  matched: string[],
  options: { changedOnly: boolean; shard: Shard | undefined; context: RunContext; api: ApiClient | undefined; scope?: ChangeScope },
): Promise<Selection> {
  const notes: string[] = [];
  let models = matched;
  const pr = options.context.pullRequest;
  if (options.changedOnly && pr) {
    if (!options.api) {
      core.warning('onepixel: changed-only needs a token to list the pull request files; scanning every matching model');
    } else {
      try {
        const changed = await listChangedFiles(options.api, options.context.owner, options.context.repo, pr.number);
        // The API lists at most 3,000 files of a pull request: a longer one could hide a model.
        if (pr.changedFiles !== undefined && changed.size < pr.changedFiles) {
          throw new Error(`the API listed ${changed.size} of the pull request's ${pr.changedFiles} changed files`);
        }
        const kept = keepChanged(models, changed, options.scope);
        models = kept.models;
        const indirect = [...kept.reasons].filter(([, why]) => why !== 'changed');
        const how = indirect.length > 0 ? ` (${indirect.length} through what they are made of or judged by, e.g. ${indirect[0]![0]}: ${indirect[0]![1]})` : '';
        notes.push(`Pull request #${pr.number} changes ${models.length} of the ${matched.length} matching models${how}.`);
      } catch (error) {
        // Scanning too much is slow; scanning too little would pass a backdoor.
        core.warning(`onepixel: cannot list the pull request files (${describeError(error)}); scanning every matching model`);
      }
    }
  }
  if (options.shard) {
    const before = models.length;
    models = inShard(models, options.shard);
    notes.push(`Shard ${options.shard.index}/${options.shard.count}: ${models.length} of ${before} models.`);
  }
  return { models, notes };
}
