// Types for scripts/build.mjs (plain JS, so that the build runs without a compiler).
import type { BuildOptions } from 'esbuild';
export const buildOptions: BuildOptions;
