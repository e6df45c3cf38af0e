import { relative, sep } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

interface FileCoverage {
  toSummary(): { lines: { total: number; covered: number }; branches: { total: number; covered: number } };
}
interface CoverageMap {
  files(): string[];
  fileCoverageFor(file: string): FileCoverage;
}

/**
 * Prints the line and branch coverage of each top-level folder (when coverage runs; vitest
 * reports coverage before the run ends), and ends the run with one plain line, `N passed, N
 * failed, N skipped`, that any CI log reader understands (vitest's own summary is coloured and
 * shaped its own way).
 */
export default class PlainSummaryReporter implements Reporter {
  private root = process.cwd();

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const { state } = test.result();
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }

  onCoverage(coverage: unknown): void {
    const map = coverage as CoverageMap;
    const folders = new Map<string, { lines: number; covered: number; branches: number; taken: number }>();
    for (const file of map.files()) {
      const folder = relative(this.root, file).split(sep)[0] ?? '.';
      const { lines, branches } = map.fileCoverageFor(file).toSummary();
      const sum = folders.get(folder) ?? { lines: 0, covered: 0, branches: 0, taken: 0 };
      sum.lines += lines.total;
      sum.covered += lines.covered;
      sum.branches += branches.total;
      sum.taken += branches.covered;
      folders.set(folder, sum);
    }
    const pct = (part: number, whole: number) => (whole === 0 ? '100.0' : ((100 * part) / whole).toFixed(1));
    const rows = [...folders.entries()].sort(([a], [b]) => a.localeCompare(b));
    process.stdout.write('\nCoverage by top-level folder (lines, branches):\n');
    for (const [folder, s] of rows) {
      process.stdout.write(
        `  ${folder.padEnd(10)} ${pct(s.covered, s.lines).padStart(5)}% of ${String(s.lines).padStart(5)} lines, ${pct(s.taken, s.branches).padStart(5)}% of ${s.branches} branches\n`,
      );
    }
  }
}
