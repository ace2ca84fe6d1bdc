/**
 * Keeps the scan's signature cache folder between workflow runs with @actions/cache. The scan
 * looks signatures up in the folder by model sha256 and options; this module only carries the
 * folder. Cache entries are immutable, so the folder is saved under a key made from its
 * contents, and restored from the newest entry with the same prefix. Any cache failure is a
 * warning: a cold cache only costs time.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { describeError } from '../engine/errors.js';
import type { Shard } from './shard.js';

export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.RUNNER_TEMP || env.TMPDIR || '/tmp', 'onepixel-cache');
}

/** Shards keep their own entries (a model's shard is stable), and fall back to any entry. */
export function cachePrefixes(shard: Shard | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const general = `onepixel-signatures-v1-${env.RUNNER_OS ?? process.platform}-`;
  return shard ? [`${general}shard-${shard.index}-of-${shard.count}-`, general] : [general];
}

/** The folder's file names and sizes: a new signature adds a file, so a new key. */
export function folderFingerprint(dir: string): string {
  const hash = createHash('sha256');
  if (fs.existsSync(dir)) {
    const files = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    for (const file of files) hash.update(`${file}\0${fs.statSync(path.join(dir, file)).size}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

export interface RestoredCache {
  dir: string;
  prefixes: string[];
  /** The key of the entry restored, if any. */
  matchedKey: string | undefined;
  available: boolean;
}

export async function restoreSignatureCache(dir: string, shard: Shard | undefined): Promise<RestoredCache> {
  const prefixes = cachePrefixes(shard);
  fs.mkdirSync(dir, { recursive: true });
  if (!cache.isFeatureAvailable()) {
    core.warning('onepixel: the Actions cache service is not available here; signatures found in the cache folder are still reused, new ones are not saved');
    return { dir, prefixes, matchedKey: undefined, available: false };
  }
  try {
    // The primary key never exists; the prefixes restore the newest matching entry.
    const matchedKey = await cache.restoreCache([dir], `${prefixes[0]}restore`, prefixes);
    core.info(matchedKey ? `onepixel: restored cached signatures (${matchedKey})` : 'onepixel: no cached signatures yet');
    return { dir, prefixes, matchedKey, available: true };
  } catch (error) {
    core.warning(`onepixel: the signature cache could not be restored (${describeError(error)}); signatures are computed afresh`);
    return { dir, prefixes, matchedKey: undefined, available: true };
  }
}

export async function saveSignatureCache(restored: RestoredCache): Promise<void> {
  if (!restored.available) return;
  const key = `${restored.prefixes[0]}${folderFingerprint(restored.dir)}`;
  if (key === restored.matchedKey) return;
  try {
    await cache.saveCache([restored.dir], key);
    core.info(`onepixel: saved signatures to the cache (${key})`);
  } catch (error) {
    // Another job saving the same contents first is not a problem.
    if (error instanceof cache.ReserveCacheError) core.info(`onepixel: cache entry ${key} exists already`);
    else core.warning(`onepixel: the signature cache could not be saved (${describeError(error)})`);
  }
}
