/**
 * The workflow artifact: the report JSON and each model's signature files. Uploading needs the
 * Actions runtime (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL), which only a real runner
 * provides; without it, or when the upload fails, the scan's results still stand, so this only
 * logs and returns undefined.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { describeError } from '../engine/errors.js';

export interface UploadedArtifact {
  id: number;
  url: string | undefined;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export function runtimeAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL);
}

export async function uploadFolder(
  name: string,
  dir: string,
  runUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<UploadedArtifact | undefined> {
  if (!runtimeAvailable(env)) {
    core.notice(`onepixel: no artifact uploaded: the Actions runtime is not available here (ACTIONS_RUNTIME_TOKEN is not set); the files are in ${dir}`);
    return undefined;
  }
  const files = listFiles(dir);
  if (files.length === 0) return undefined;
  try {
    const { id } = await new DefaultArtifactClient().uploadArtifact(name, files, dir);
    if (id === undefined) return undefined;
    core.info(`onepixel: uploaded artifact ${name} (${files.length} files)`);
    return { id, url: runUrl ? `${runUrl}/artifacts/${id}` : undefined };
  } catch (error) {
    core.warning(`onepixel: the artifact ${name} could not be uploaded (${describeError(error)})`);
    return undefined;
  }
}
