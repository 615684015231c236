#!/usr/bin/env node
// Prints vitest's JSON report (argv[2]) as one plain closing line, "tests: N passed, N failed,
// N skipped", which CI systems and people can read without knowing vitest's own format.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`tests: 0 passed, 1 failed (no test report at ${file}: ${error.message})`);
  process.exit(0);
}
const failed =
  report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? 1 : 0);
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`tests: ${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
