// Types for scripts/notices.mjs (plain JS, so that the build runs without a compiler).
export interface Metafile {
  outputs?: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
}
export interface BundledPackage {
  id: string;
  name: string;
  version: string;
  license: string;
  dir: string;
  /** LICENSE, LICENCE and COPYING files: the license text. */
  files: { file: string; text: string }[];
  /** NOTICE files, shipped beside the license. */
  notices: { file: string; text: string }[];
}
export const LICENSE_ALLOWLIST: Record<string, string>;
export function bundledPackages(metafile: Metafile, root: string): BundledPackage[];
export function generateNotices(
  metafile: Metafile,
  root: string,
  allowlist?: Record<string, string>,
): { text: string; packages: BundledPackage[]; problems: string[] };
export function writeNotices(metafile: Metafile, root: string, out: string, allowlist?: Record<string, string>): void;
