import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { type Cfn, templatePath } from './support/package';
import { VARIANT_NAMES } from './support/variants';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const templates = () => VARIANT_NAMES.map((name) => templatePath(inject('stackDirs')[name]));

interface CfnLintMatch {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
}

interface CheckovCheck {
  readonly check_id: string;
  readonly resource: string;
  readonly file_abs_path: string;
  readonly check_result: { readonly result: string; readonly suppress_comment?: string };
}

interface CheckovReport {
  readonly summary: { readonly passed: number; readonly failed: number; readonly parsing_errors: number };
  readonly results: {
    readonly passed_checks: CheckovCheck[];
    readonly failed_checks: CheckovCheck[];
    readonly skipped_checks: CheckovCheck[];
  };
}

describe('static analysis of every packaged template', () => {
  it('cfn-lint reports no error and no warning', () => {
    // Prepare
    const files = templates();

    // Act: one cfn-lint process for all templates (its start-up dominates), checked against a
    // few regions a user may deploy to (MSK Serverless is not offered everywhere).
    const run = spawnSync(
      inject('pythonTools').cfnLint,
      [...files, '--format', 'json', '--regions', ...REGIONS],
      {
        encoding: 'utf8',
      },
    );

    // Assess
    expect(run.error).toBeUndefined();
    const matches = JSON.parse(run.stdout || '[]') as CfnLintMatch[];
    expect(
      matches.map((m) => `${m.Level} ${m.Rule.Id} ${m.Filename}: ${m.Message}`),
      run.stderr,
    ).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('checkov finds nothing that is not fixed or suppressed with a written reason', () => {
    const files = templates();

    const run = spawnSync(
      inject('pythonTools').checkov,
      [
        ...files.flatMap((f) => ['-f', f]),
        '--framework',
        'cloudformation',
        '--output',
        'json',
        '--skip-download',
      ],
      // No network here: skip the guideline download that checkov would otherwise try.
      { encoding: 'utf8', env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' }, maxBuffer: 256 * 1024 * 1024 },
    );

    expect(run.error).toBeUndefined();
    const report = JSON.parse(run.stdout) as CheckovReport;
    const failed = report.results.failed_checks.map(
      (c) => `${c.check_id} ${c.resource} (${dirname(c.file_abs_path)})`,
    );
    expect(failed).toEqual([]);
    expect(report.summary.parsing_errors).toBe(0);
    // It really looked at every template.
    const checked = new Set(report.results.passed_checks.map((c) => c.file_abs_path));
    expect([...checked].sort()).toEqual([...files].sort());
    // No stale suppression: every declared skip matches a check checkov ran on that resource.
    const used = new Set(
      report.results.skipped_checks.map(
        (c) => `${c.file_abs_path} ${c.resource.split('.').pop()} ${c.check_id}`,
      ),
    );
    for (const file of files) {
      for (const [id, resource] of Object.entries(
        JSON.parse(readFileSync(file, 'utf8')).Resources as Record<string, Cfn>,
      )) {
        for (const skip of resource.Metadata?.checkov?.skip ?? []) {
          expect(used.has(`${file} ${id} ${skip.id}`), `unused suppression ${skip.id} on ${id}`).toBe(true);
        }
      }
    }
    for (const skipped of report.results.skipped_checks) {
      expect(
        skipped.check_result.suppress_comment?.length ?? 0,
        `${skipped.check_id} on ${skipped.resource} needs a reason`,
      ).toBeGreaterThan(30);
    }
    expect(run.status).toBe(0);
  });
});
