/**
 * The merge step's input: shard reports downloaded with actions/download-artifact, each beside
 * its models' signature folders. The merged report's folders are copied under `out`, so the
 * merge step's artifact holds everything one shard's artifact would.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as glob from '@actions/glob';
import type { ModelReport, ScanReport } from '../report/report.js';
import { locateArtifacts, mergeReports, readReports } from '../report/merge.js';

export async function collectShardReports(patterns: string[], outDir: string): Promise<{ report: ScanReport; files: string[] }> {
  const own = path.resolve(outDir, 'report.json');
  const globber = await glob.create(patterns.join('\n'), { matchDirectories: false });
  const files = (await globber.glob()).filter((f) => path.resolve(f) !== own).sort();
  if (files.length === 0) throw new Error(`no shard reports match ${patterns.join(', ')}`);

  // Within MERGE_LIMITS: how many files and bytes are read, how many models are merged.
  const reports = readReports(files);
  const found = new Map<ModelReport, string>();
  reports.forEach((report, i) => {
    for (const m of report.models) {
      const dir = m.artifacts === undefined ? undefined : locateArtifacts(m.artifacts, path.dirname(files[i]!));
      if (dir) found.set(m, dir);
    }
  });

  const merged = mergeReports(reports);
  const used = new Set<string>();
  merged.models = merged.models.map((m) => {
    const source = found.get(m);
    // A picture is kept only where the shard's report named one and the merged artifact holds
    // it: a file alone in a fork's artifact is not a picture this scan drew.
    const { recovered, wholeImage } = m;
    const kept = (named: string | undefined, name: string, folder: string | undefined): string | undefined =>
      folder && named && path.basename(named) === name && fs.existsSync(path.join(folder, name)) ? path.join(folder, name) : undefined;
    const pictures = (folder: string | undefined): Partial<ModelReport> => ({
      ...(recovered ? { recovered: { ...recovered, picture: kept(recovered.picture, 'evidence.png', folder) } } : {}),
      ...(wholeImage ? { wholeImage: { ...wholeImage, picture: kept(wholeImage.picture, 'whole-image.png', folder) } } : {}),
    });
    if (!source) return { ...m, artifacts: undefined, ...pictures(undefined) };
    let target = path.join(outDir, path.basename(source));
    for (let n = 2; used.has(target); n++) target = path.join(outDir, `${path.basename(source)}-${n}`);
    used.add(target);
    fs.cpSync(source, target, { recursive: true });
    return { ...m, artifacts: target, ...pictures(target) };
  });
  return { report: merged, files };
}
