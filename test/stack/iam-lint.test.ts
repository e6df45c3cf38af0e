import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { documentedResolution, resolveIntrinsics } from './support/intrinsics';
import type { Cfn } from './support/package';
import { template } from './support/template';
import { SERVERLESS_CLUSTER_ARN, VARIANT_NAMES } from './support/variants';

/**
 * Every permission policy of every mode, checked by parliament against AWS's own IAM data (which
 * actions exist, which resource types each one takes): a statement that grants an action on a
 * resource the action does not support allows nothing, and no other test would notice.
 */

interface Finding {
  readonly issue: string;
  readonly severity: string;
  readonly detail: unknown;
  readonly location: { readonly filepath: string | null };
}

/**
 * Findings that stay, each with why. A finding matching no entry fails the test, and so does an
 * entry no finding matches (a stale excuse). `policy` is `<variant>/<role>` with `*` for any part.
 */
const ALLOWED: readonly { policy: string; issue: string; detail: string; reason: string }[] = [];

// A Serverless cluster, as AWS documents one, stands for the cluster the create mode makes.
const SERVERLESS_CLUSTER = SERVERLESS_CLUSTER_ARN;

/** Every permission policy document, intrinsics resolved, keyed `<variant>/<owner>/<policy>`. */
function policies(): Map<string, Cfn> {
  const out = new Map<string, Cfn>();
  for (const variant of VARIANT_NAMES) {
    const t = template(variant);
    const at = documentedResolution(t);
    for (const [id, r] of Object.entries(t.Resources)) {
      if (r.Type === 'AWS::IAM::Role') {
        for (const p of r.Properties.Policies ?? [])
          out.set(
            `${variant}/${id}/${resolveIntrinsics(p.PolicyName, at)}`,
            resolveIntrinsics(p.PolicyDocument, at),
          );
      }
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
        out.set(`${variant}/${id}/policy`, resolveIntrinsics(r.Properties.PolicyDocument, at));
    }
  }
  return out;
}

const matches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);

describe('IAM policies against AWS action data (parliament)', () => {
  it('find nothing that is not fixed or excused with a reason', () => {
    // Prepare: one file per policy, so each finding names its policy.
    const docs = policies();
    const dir = mkdtempSync(join(tmpdir(), 'stock-ticks-iam-'));
    const names = new Map<string, string>();
    for (const [key, doc] of docs) {
      const file = `${key.replace(/[^A-Za-z0-9-]/g, '_')}.json`;
      names.set(join(dir, file), key);
      writeFileSync(join(dir, file), JSON.stringify(doc, null, 2));
    }

    // Act
    const run = spawnSync(inject('pythonTools').parliament, ['--directory', dir, '--json'], {
      encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    const findings = run.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Finding)
      .map((f) => ({ ...f, policy: names.get(f.location.filepath ?? '') ?? String(f.location.filepath) }));
    const used = new Set<number>();
    const unexcused = findings.filter((f) => {
      const index = ALLOWED.findIndex(
        (a) =>
          matches(a.policy, f.policy) && a.issue === f.issue && JSON.stringify(f.detail).includes(a.detail),
      );
      if (index >= 0) used.add(index);
      return index < 0;
    });
    expect(unexcused.map((f) => `${f.policy}: ${f.issue} ${JSON.stringify(f.detail)}`)).toEqual([]);
    expect(ALLOWED.filter((_, i) => !used.has(i)).map((a) => `stale: ${a.policy} ${a.issue}`)).toEqual([]);
    // It looked at every role of every mode (producer, sink, compaction), the create mode's five.
    expect(docs.size).toBeGreaterThanOrEqual(VARIANT_NAMES.length * 3 + 2);
    expect([...docs.keys()].filter((k) => k.startsWith('create/'))).toHaveLength(5);
  });

  it('flags what the stack once did: kafka:GetBootstrapBrokers scoped to a cluster ARN', () => {
    // The check itself can fail: the old statement, as the stack used to write it.
    const old = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['kafka:GetBootstrapBrokers'], Resource: SERVERLESS_CLUSTER }],
    };

    const run = spawnSync(inject('pythonTools').parliament, ['--string', JSON.stringify(old), '--json'], {
      encoding: 'utf8',
    });

    const [finding] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Finding);
    expect(finding).toMatchObject({
      issue: 'RESOURCE_MISMATCH',
      detail: [{ action: 'kafka:GetBootstrapBrokers', required_format: '*' }],
    });
  });
});
