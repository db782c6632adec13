// Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI logs and people can grep for.
'use strict';

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  }
}

module.exports = SummaryReporter;
