/**
 * Ends every test run with the plain line "N passed, N failed, N skipped", which CI reads
 * (it does not parse vitest's own summary), and keeps a copy in VITEST_SUMMARY_FILE when set.
 */
import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) count.failed++;
    }
    count.failed += unhandledErrors.length;
    const line = `${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.VITEST_SUMMARY_FILE) fs.writeFileSync(process.env.VITEST_SUMMARY_FILE, `${line}\n`);
  }
}
