import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSlsParams } from '../../local/config/sls-params';
import { buildStack, PARAMETERS, rateSeconds, readParameters } from '../../resources/stack';
import { arnsOf, awsLimit, withTwelveDigitAccount } from '../support/aws-fixtures';
import { ROOT, sls } from './support/package';
import { CLUSTER_ARN, SCRAM_SECRET, SECURITY_GROUPS, SUBNETS } from './support/variants';

// What a stage gets from serverless.yml, read the way the local scheduler and ESM emulator read it.
const DEFAULTS = readSlsParams(join(ROOT, 'serverless.yml'), 'default');
const REGION = 'us-east-1';

/** The producer environment derived from the defaults (kafkaMode=create). */
function buildStackEnvironment(): Record<string, unknown> {
  const { params, problems } = readParameters({ ...DEFAULTS, kafkaMode: 'create' }, REGION);
  expect(problems).toEqual([]);
  return buildStack(params, { service: 'stock-ticks', stage: 'test' }).producerEnvironment;
}

const validate = (overrides: Record<string, unknown>) =>
  readParameters({ ...DEFAULTS, ...overrides }, REGION).problems;

/** The one problem reported, which must name the parameter and quote a valid example. */
function onlyProblem(overrides: Record<string, unknown>, parameter: string): string {
  const problems = validate(overrides);
  expect(problems).toHaveLength(1);
  const problem = problems[0]!;
  expect(problem.startsWith(`${parameter} `), problem).toBe(true);
  expect(problem).toContain(
    `(example: --param="${parameter}=${PARAMETERS[parameter as keyof typeof PARAMETERS].example}")`,
  );
  return problem;
}

const MSK = {
  kafkaMode: 'msk',
  mskClusterArn: CLUSTER_ARN,
  vpcSubnetIds: SUBNETS,
  vpcSecurityGroupIds: SECURITY_GROUPS,
};
const SCRAM = {
  kafkaMode: 'self-managed',
  kafkaAuth: 'scram',
  kafkaBrokers: 'k1.example.com:9096',
  kafkaScramSecretArn: SCRAM_SECRET,
};

describe('the defaults in serverless.yml', () => {
  it('hold the keys the local scheduler and ESM emulator read, with the documented values', () => {
    expect(DEFAULTS).toMatchObject({
      topic: 'ticks',
      scheduleRate: 'rate(1 minute)',
      tickIntervalSeconds: 60,
      ticksPerSecond: 1,
      tickSource: 'synthetic',
      sinkBatchSize: 10000,
      sinkBatchingWindowSeconds: 10,
      sinkStartingPosition: 'TRIM_HORIZON',
      sinkConsumerGroupId: 'stock-ticks-sink',
    });
  });

  it('are what the schedule and the mapping use: referenced as param variables, never copied', () => {
    const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
    for (const name of [
      'topic',
      'scheduleRate',
      'sinkBatchSize',
      'sinkBatchingWindowSeconds',
      'sinkStartingPosition',
      'sinkConsumerGroupId',
    ]) {
      expect(yml, name).toContain(`\${param:${name}}`);
    }
    // tickIntervalSeconds, ticksPerSecond and tickSource reach the producer through its environment.
    const env = buildStackEnvironment();
    expect(env).toMatchObject({
      TICK_INTERVAL_SECONDS: '60',
      TICKS_PER_SECOND: '1',
      TICK_SOURCE: 'synthetic',
      KAFKA_TOPIC: 'ticks',
    });
  });

  it('are valid in every mode once the mode and its required parameters are given', () => {
    expect(validate({ kafkaMode: 'create' })).toEqual([]);
    expect(validate(MSK)).toEqual([]);
    expect(validate(SCRAM)).toEqual([]);
    expect(
      validate({
        kafkaMode: 'self-managed',
        kafkaAuth: 'plaintext',
        kafkaBrokers: '10.0.0.1:9092',
        vpcSubnetIds: SUBNETS,
        vpcSecurityGroupIds: SECURITY_GROUPS,
      }),
    ).toEqual([]);
  });

  it('come with a valid example for every parameter', () => {
    const examples = Object.fromEntries(
      Object.entries(PARAMETERS).map(([name, spec]) => [name, spec.example]),
    );
    // Every example is valid for its parameter in its mode.
    expect(validate({ ...examples, kafkaMode: 'create' })).toEqual([]);
    expect(
      validate({ ...MSK, mskClusterArn: examples.mskClusterArn, kafkaBrokers: examples.kafkaBrokers }),
    ).toEqual([]);
  });
});

describe('a missing or malformed parameter', () => {
  it('kafkaMode: missing or unknown', () => {
    expect(onlyProblem({ kafkaMode: undefined }, 'kafkaMode')).toContain('is missing');
    expect(onlyProblem({ kafkaMode: 'serverless' }, 'kafkaMode')).toContain(
      'expected one of msk, self-managed, create',
    );
  });

  it('msk: the cluster ARN is required, well-formed and in the stack region; the producer needs the VPC', () => {
    expect(onlyProblem({ ...MSK, mskClusterArn: undefined }, 'mskClusterArn')).toContain('is missing');
    expect(
      onlyProblem({ ...MSK, mskClusterArn: 'arn:aws:kafka:us-east-1:123:cluster/x' }, 'mskClusterArn'),
    ).toContain('expected an MSK cluster ARN');
    expect(
      onlyProblem({ ...MSK, mskClusterArn: CLUSTER_ARN.replace('us-east-1', 'eu-west-1') }, 'mskClusterArn'),
    ).toContain('--region eu-west-1');
    expect(onlyProblem({ ...MSK, vpcSubnetIds: undefined }, 'vpcSubnetIds')).toContain('is missing');
    expect(onlyProblem({ ...MSK, vpcSecurityGroupIds: 'sg-1' }, 'vpcSecurityGroupIds')).toContain(
      'security group ids',
    );
    expect(onlyProblem({ ...MSK, kafkaBrokers: 'b-1.example.com' }, 'kafkaBrokers')).toContain('host:port');
  });

  it('msk: every documented cluster ARN of the stack region is accepted, provisioned and Serverless', () => {
    // Prepare: AWS's examples (test/fixtures/aws/arns.json), accounts made 12 digits.
    const documented = [...arnsOf('msk-cluster-provisioned'), ...arnsOf('msk-cluster-serverless')]
      .map(withTwelveDigitAccount)
      .filter((arn) => arn.includes(`:${REGION}:`));

    // Act
    const verdicts = documented.map((arn) => [arn, validate({ ...MSK, mskClusterArn: arn })] as const);

    // Assess
    expect(documented.some((arn) => arn.endsWith('-s3'))).toBe(true);
    for (const [arn, problems] of verdicts) expect(problems, arn).toEqual([]);
  });

  it('self-managed: SCRAM needs its secret; plaintext needs a VPC; subnets and security groups go together', () => {
    expect(onlyProblem({ ...SCRAM, kafkaScramSecretArn: undefined }, 'kafkaScramSecretArn')).toContain(
      'kafkaAuth=scram',
    );
    expect(onlyProblem({ ...SCRAM, kafkaScramSecretArn: 'my-secret' }, 'kafkaScramSecretArn')).toContain(
      'Secrets Manager',
    );
    expect(onlyProblem({ ...SCRAM, kafkaAuth: undefined }, 'kafkaAuth')).toContain('is missing');
    expect(onlyProblem({ ...SCRAM, kafkaBrokers: undefined }, 'kafkaBrokers')).toContain('is missing');
    expect(onlyProblem({ ...SCRAM, vpcSubnetIds: SUBNETS }, 'vpcSecurityGroupIds')).toContain('give both');
    const plaintext = validate({
      kafkaMode: 'self-managed',
      kafkaAuth: 'plaintext',
      kafkaBrokers: '10.0.0.1:9092',
    });
    expect(plaintext).toHaveLength(2);
    expect(plaintext.join('\n')).toMatch(
      /vpcSubnetIds is missing: kafkaAuth=plaintext works only inside a VPC/,
    );
    expect(onlyProblem({ ...SCRAM, kafkaSecretKmsKeyArn: 'alias/my-key' }, 'kafkaSecretKmsKeyArn')).toContain(
      'KMS key ARN',
    );
  });

  it('create: the VPC block must leave room for two subnets', () => {
    expect(onlyProblem({ kafkaMode: 'create', vpcCidr: '10.42.0.0/28' }, 'vpcCidr')).toContain('/16 to /24');
    expect(onlyProblem({ kafkaMode: 'create', vpcCidr: '10.42.0.1/16' }, 'vpcCidr')).toContain('bits set');
    expect(onlyProblem({ kafkaMode: 'create', topicPartitions: '0' }, 'topicPartitions')).toContain(
      'from 1 to 100',
    );
  });

  it('ec2: an instance type with room for the broker, a gp3 size, an AMI id, a dollar limit', () => {
    expect(validate({ kafkaMode: 'ec2' })).toEqual([]);
    expect(onlyProblem({ kafkaMode: 'ec2', ec2InstanceType: 't4g.micro' }, 'ec2InstanceType')).toContain(
      'one of t4g.small, t4g.medium, t4g.large',
    );
    // gp3 sizes (test/fixtures/aws/limits.json): from the documented minimum, and never beyond the
    // documented maximum; the stack may cap lower, and it names its range when it refuses.
    const gp3 = awsLimit('ebs-gp3-volume-size-gib');
    const refusal = onlyProblem({ kafkaMode: 'ec2', ec2VolumeGiB: String(gp3.min! - 1) }, 'ec2VolumeGiB');
    const [, from, to] = /from (\d+) to (\d+)/.exec(refusal) ?? [];
    expect(Number(from)).toBe(gp3.min);
    expect(Number(to)).toBeLessThanOrEqual(gp3.max!);
    expect(validate({ kafkaMode: 'ec2', ec2VolumeGiB: from })).toEqual([]);
    expect(validate({ kafkaMode: 'ec2', ec2VolumeGiB: to })).toEqual([]);
    for (const over of [Number(to) + 1, gp3.max! + 1])
      expect(onlyProblem({ kafkaMode: 'ec2', ec2VolumeGiB: String(over) }, 'ec2VolumeGiB')).toContain(
        `from ${from} to ${to}`,
      );
    expect(onlyProblem({ kafkaMode: 'ec2', ec2ImageId: 'ami-123' }, 'ec2ImageId')).toContain('an AMI id');
    expect(onlyProblem({ kafkaMode: 'ec2', maxDailyCost: 'ten' }, 'maxDailyCost')).toContain(
      'a positive amount of US dollars',
    );
    // ec2's own parameters mean nothing elsewhere, and are not read there.
    expect(validate({ ...MSK, ec2InstanceType: 'm5.24xlarge' })).toEqual([]);
  });

  it('the schedule must be a rate that equals the tick interval', () => {
    expect(onlyProblem({ kafkaMode: 'create', scheduleRate: 'rate(5 minutes)' }, 'scheduleRate')).toContain(
      'tickIntervalSeconds is 60',
    );
    expect(onlyProblem({ kafkaMode: 'create', scheduleRate: 'cron(* * * * ? *)' }, 'scheduleRate')).toContain(
      'rate(N unit)',
    );
    expect(onlyProblem({ kafkaMode: 'create', scheduleRate: 'rate(1 minutes)' }, 'scheduleRate')).toContain(
      'rate(N unit)',
    );
    expect(rateSeconds('rate(1 minute)')).toBe(60);
    expect(rateSeconds('rate(2 hours)')).toBe(7200);
    expect(rateSeconds('rate(2 hour)')).toBeUndefined();
  });

  it('sink settings stay within what a Kafka event source mapping accepts', () => {
    const create = { kafkaMode: 'create' };
    expect(onlyProblem({ ...create, sinkBatchSize: '10001' }, 'sinkBatchSize')).toContain('from 1 to 10000');
    expect(
      onlyProblem({ ...create, sinkBatchingWindowSeconds: '301' }, 'sinkBatchingWindowSeconds'),
    ).toContain('0 to 300');
    expect(
      onlyProblem({ ...create, sinkStartingPosition: 'AT_TIMESTAMP' }, 'sinkStartingPosition'),
    ).toContain('TRIM_HORIZON');
    expect(onlyProblem({ ...create, sinkConsumerGroupId: 'bad group' }, 'sinkConsumerGroupId')).toContain(
      '1-200 of',
    );
    expect(onlyProblem({ ...create, sinkPollers: '3-1' }, 'sinkPollers')).toContain('MIN-MAX');
    expect(onlyProblem({ ...create, sinkMaxRecordAgeSeconds: '30' }, 'sinkMaxRecordAgeSeconds')).toContain(
      '60 to 604800',
    );
    // Lambda caps infinite retries at 10 when an on-failure destination is set, as it always is here.
    expect(
      onlyProblem({ ...create, sinkPollers: '1-2', sinkMaxRetryAttempts: '-1' }, 'sinkMaxRetryAttempts'),
    ).toContain('Lambda caps -1 (infinite) at 10 retries');
    expect(validate({ ...create, sinkPollers: '1-2', sinkMaxRetryAttempts: '0' })).toEqual([]);
  });

  it('everything else: replay source, dates, retention, e-mail, Athena cap', () => {
    const create = { kafkaMode: 'create' };
    expect(onlyProblem({ ...create, tickSource: 'replay' }, 'replayCsvUri')).toContain('tickSource=replay');
    expect(
      onlyProblem({ ...create, tickSource: 'replay', replayCsvUri: '/data/x.csv' }, 'replayCsvUri'),
    ).toContain('s3://');
    expect(onlyProblem({ ...create, minEventDate: '2024-02-30' }, 'minEventDate')).toContain('YYYY-MM-DD');
    expect(onlyProblem({ ...create, logRetentionDays: '10' }, 'logRetentionDays')).toContain(
      'one of 1, 3, 5, 7, 14',
    );
    expect(onlyProblem({ ...create, alarmEmail: 'ops' }, 'alarmEmail')).toContain('e-mail');
    expect(
      onlyProblem({ ...create, athenaBytesScannedCutoff: '1000' }, 'athenaBytesScannedCutoff'),
    ).toContain('10000000');
    expect(onlyProblem({ ...create, tickSymbols: 'nya' }, 'tickSymbols')).toContain('upper-case');
  });

  it('an unknown parameter name (a typo) is reported with the known names', () => {
    const { problems } = readParameters({ ...DEFAULTS, kafkaMode: 'create' }, REGION, {
      unknownNames: ['kafkaMod'],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^kafkaMod is not a parameter of this stack \(known: kafkaMode, topic/),
    ]);
  });

  it('all problems are reported at once', () => {
    expect(validate({ kafkaMode: 'msk', sinkBatchSize: '0' })).toHaveLength(4);
  });
});

describe('sls package and sls deploy with bad parameters', () => {
  const badArn = 'arn:aws:kafka:us-east-1:123456789012:cluster/ticks';
  it.each([
    ['package', {}, 'kafkaMode is missing (example: --param="kafkaMode=create")'],
    [
      'package',
      {
        kafkaMode: 'msk',
        mskClusterArn: badArn,
        vpcSubnetIds: SUBNETS,
        vpcSecurityGroupIds: SECURITY_GROUPS,
      },
      `mskClusterArn is "${badArn}": expected an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>-<n>, or -s<n> for MSK Serverless) (example: --param="mskClusterArn=`,
    ],
    ['package', { kafkaMode: 'create', kafkaMod: 'msk' }, 'kafkaMod is not a parameter of this stack'],
    [
      'deploy',
      { kafkaMode: 'create', maxDailyCost: '5' },
      'maxDailyCost is 5 (US dollars a day) but kafkaMode=create costs an estimated $19.',
    ],
    // Variables resolve before the framework calls AWS: deploy stops at the same place.
    [
      'deploy',
      { kafkaMode: 'msk' },
      'mskClusterArn is missing (example: --param="mskClusterArn=arn:aws:kafka:',
    ],
  ] as const)(
    'sls %s fails before creating anything, naming the parameter: %j',
    async (command, params, message) => {
      // Act
      const run = await sls(command, 'bad-params', params);

      // Assess
      const output = run.stdout + run.stderr;
      expect(run.code).not.toBe(0);
      expect(output).toContain('Invalid stack parameters');
      expect(output).toContain(message);
      expect(output).not.toMatch(/credentials|ENOTFOUND|getaddrinfo|Deploying/i);
      expect(existsSync(join(run.dir, '.serverless'))).toBe(false);
      rmSync(run.dir, { recursive: true, force: true });
    },
  );
});
