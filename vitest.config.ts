import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file sweeps on every core already; running files in parallel would only oversubscribe.
    fileParallelism: false,
    reporters: ['default', new SummaryLineReporter()],
  },
});
