import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KMS_KEY_ARN,
  MSK_CLUSTER_ARN,
  mskResourceArn,
  parseMskClusterArn,
  SECRET_ARN,
} from '../../../shared/rules';
import { accountDigits, allArns, arnsOf, withTwelveDigitAccount } from '../../support/aws-fixtures';

describe('ARN rules against the examples of AWS documentation (test/fixtures/aws/arns.json)', () => {
  it('accept every documented MSK cluster ARN, provisioned and Serverless, whose account has 12 digits', () => {
    // Prepare
    const documented = [...arnsOf('msk-cluster-provisioned'), ...arnsOf('msk-cluster-serverless')];

    // Act
    const verdicts = documented.map((arn) => ({
      arn,
      accepted: MSK_CLUSTER_ARN.test(arn),
      twelveDigits: accountDigits(arn) === 12,
    }));

    // Assess: the only ones refused are the pages' mistyped accounts, and those pass once fixed.
    for (const v of verdicts) expect(v.accepted, v.arn).toBe(v.twelveDigits);
    for (const v of verdicts.filter((x) => !x.twelveDigits))
      expect(MSK_CLUSTER_ARN.test(withTwelveDigitAccount(v.arn)), v.arn).toBe(true);
    expect(verdicts.filter((v) => v.accepted).length).toBeGreaterThanOrEqual(5);
  });

  it('split a Serverless cluster ARN into the parts IAM needs, suffix kept', () => {
    const [serverless] = arnsOf('msk-cluster-serverless');

    const parts = parseMskClusterArn(serverless!);

    expect(parts).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      clusterName: 'msk-serverless-tutorial-cluster',
      clusterUuid: 'c07c74ea-5146-4a03-add1-9baa787a5b14-s3',
      serverless: true,
    });
    expect(parseMskClusterArn(arnsOf('msk-cluster-provisioned')[3]!)?.serverless).toBe(false);
  });

  it('derive topic and group ARNs under the cluster, as the MSK IAM policy examples write them', () => {
    // Prepare: the page's cluster and its wildcard topic/group examples (whose account differs).
    const cluster = arnsOf('msk-cluster-provisioned').find((arn) => arn.includes('/MyTestCluster/'))!;
    const sameAccount = (example: string) => example.replace(/:\d{12}:/, ':111122223333:').slice(0, -1);
    const [topicExample] = arnsOf('msk-topic');
    const [groupExample] = arnsOf('msk-group');

    // Act
    const topic = mskResourceArn(cluster, 'topic', 'ticks');
    const group = mskResourceArn(cluster, 'group', 'stock-ticks-sink');

    // Assess: under topic/<name>/ and group/<name>/, then the cluster id, then the resource name.
    expect(topic).toBe(`${sameAccount(topicExample!)}abcd1234-0123-abcd-5678-1234abcd-1/ticks`);
    expect(group).toBe(`${sameAccount(groupExample!)}abcd1234-0123-abcd-5678-1234abcd-1/stock-ticks-sink`);
    expect(() => mskResourceArn(topic, 'topic', 'x')).toThrow(/Not an MSK cluster ARN/);
  });

  it('accept documented secret and KMS key ARNs (12-digit accounts) and refuse other kinds', () => {
    for (const arn of arnsOf('secretsmanager-secret'))
      expect(SECRET_ARN.test(withTwelveDigitAccount(arn)), arn).toBe(true);
    for (const arn of arnsOf('kms-key')) expect(KMS_KEY_ARN.test(arn), arn).toBe(true);

    // No documented ARN of one kind passes the rule of another.
    for (const entry of allArns()) {
      const arn = withTwelveDigitAccount(entry.value);
      if (!entry.kind.startsWith('msk-cluster')) expect(MSK_CLUSTER_ARN.test(arn), arn).toBe(false);
      if (entry.kind !== 'secretsmanager-secret') expect(SECRET_ARN.test(arn), arn).toBe(false);
      if (entry.kind !== 'kms-key') expect(KMS_KEY_ARN.test(arn), arn).toBe(false);
    }
  });
});

describe('ARN rules around the documented shapes (property tests)', () => {
  const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
  const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'));
  const region = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'il-central-1');
  const account = fc.stringMatching(/^\d{12}$/);
  const clusterName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/);
  const suffix = fc.oneof(
    fc.nat(99).map((n) => `-${n}`),
    fc.nat(99).map((n) => `-s${n}`),
  );
  const clusterArn = fc.tuple(region, account, clusterName, uuid, suffix).map(([r, a, n, u, s]) => ({
    arn: `arn:aws:kafka:${r}:${a}:cluster/${n}/${u}${s}`,
    r,
    a,
    n,
    id: `${u}${s}`,
  }));

  it('accept any cluster ARN of the documented shape and give back its parts', () => {
    fc.assert(
      fc.property(clusterArn, ({ arn, r, a, n, id }) => {
        expect(parseMskClusterArn(arn)).toEqual({
          partition: 'aws',
          region: r,
          account: a,
          clusterName: n,
          clusterUuid: id,
          serverless: /-s\d+$/.test(id),
        });
      }),
    );
  });

  it('refuse the near misses: another account length, a topic ARN, a missing id, another service', () => {
    fc.assert(
      fc.property(
        clusterArn,
        fc.integer({ min: 1, max: 20 }).filter((n) => n !== 12),
        ({ arn, a }, digits) => {
          const mutants = [
            arn.replace(`:${a}:`, `:${'1'.repeat(digits)}:`),
            arn.replace(':cluster/', ':topic/'),
            arn.replace(/\/[^/]+$/, ''),
            arn.replace(':kafka:', ':kinesis:'),
            `${arn}/ticks`,
          ];
          for (const mutant of mutants) expect(MSK_CLUSTER_ARN.test(mutant), mutant).toBe(false);
        },
      ),
    );
  });
});
