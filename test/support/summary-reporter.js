// Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI logs and people can grep for, and
// before it the slowest test files, so whoever keeps `npm test` under its 10-minute budget knows where time goes.
'use strict';

const SLOWEST_SHOWN = 10;

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({ path: r.testFilePath.replace(`${process.cwd()}/`, ''), ms: r.perfStats.end - r.perfStats.start }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST_SHOWN);
    if (files.length > 0) {
      process.stdout.write(`slowest test files:\n${files.map((f) => `  ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${f.path}`).join('\n')}\n`);
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  }
}

module.exports = SummaryReporter;
