import { describe, expect, it } from 'vitest';
import { loadProducerConfig } from '../../../shared/producer';
import { DEFAULT_SYMBOLS } from '../../../shared/sources';
import { accountDigits, arnsOf, inRegion, withTwelveDigitAccount } from '../../support/aws-fixtures';
import { configProblems } from '../../support/errors';

// AWS's own examples (test/fixtures/aws/arns.json), moved to the environment's region.
const CLUSTER = inRegion(
  arnsOf('msk-cluster-provisioned').find((arn) => arn.includes(':123456789012:'))!,
  'eu-west-1',
);
const SECRET = inRegion(withTwelveDigitAccount(arnsOf('secretsmanager-secret')[0]!), 'eu-west-1');

const problemsOf = (env: Record<string, string>) => configProblems(() => loadProducerConfig(env));

describe('loadProducerConfig', () => {
  it('accepts the cluster ARN of every documented MSK cluster, Serverless included (what kafkaMode=create passes)', () => {
    // Prepare: a Serverless ARN ends -s<n>; refusing it once failed every cold start of the created stack.
    const documented = [...arnsOf('msk-cluster-provisioned'), ...arnsOf('msk-cluster-serverless')].filter(
      (arn) => accountDigits(arn) === 12,
    );

    // Act
    const loaded = documented.map(
      (arn) => loadProducerConfig({ KAFKA_AUTH: 'iam', MSK_CLUSTER_ARN: arn }).kafka.clusterArn,
    );

    // Assess
    expect(loaded).toEqual(documented);
    expect(loaded.some((arn) => arn?.endsWith('-s3'))).toBe(true);
  });

  it('fills every default from a minimal local environment', () => {
    // Act
    const config = loadProducerConfig({ KAFKA_AUTH: 'plaintext', KAFKA_BROKERS: '127.0.0.1:29092' });

    // Assess
    expect(config).toEqual({
      kafka: {
        clientId: 'produce-ticks',
        auth: 'plaintext',
        brokers: ['127.0.0.1:29092'],
        clusterArn: undefined,
        scramSecretArn: undefined,
        region: 'us-east-1',
        connectionTimeoutMs: 3_000,
        requestTimeoutMs: 10_000,
      },
      topic: 'ticks',
      source: 'synthetic',
      symbols: [...DEFAULT_SYMBOLS],
      ticksPerSecond: 1,
      intervalSeconds: 60,
      replayCsvUri: undefined,
      replayOrder: 'random',
      s3: { region: 'us-east-1', endpoint: undefined, forcePathStyle: false, maxAttempts: 8 },
    });
  });

  it('reads a full MSK + SCRAM + replay environment', () => {
    // Act
    const config = loadProducerConfig({
      KAFKA_AUTH: 'scram',
      MSK_CLUSTER_ARN: CLUSTER,
      KAFKA_SCRAM_SECRET_ARN: SECRET,
      AWS_REGION: 'eu-west-1',
      KAFKA_TOPIC: 'stock.ticks',
      TICK_SOURCE: 'replay',
      REPLAY_CSV_URI: 's3://my-bucket/indexProcessed.csv',
      REPLAY_ORDER: 'sequential',
      TICK_SYMBOLS: 'NYA, N225,000001.SS',
      TICKS_PER_SECOND: '5',
      TICK_INTERVAL_SECONDS: '300',
      S3_ENDPOINT: 'http://127.0.0.1:29090',
    });

    // Assess
    expect(config).toMatchObject({
      kafka: { auth: 'scram', brokers: [], clusterArn: CLUSTER, scramSecretArn: SECRET, region: 'eu-west-1' },
      topic: 'stock.ticks',
      source: 'replay',
      replayCsvUri: 's3://my-bucket/indexProcessed.csv',
      replayOrder: 'sequential',
      symbols: ['NYA', 'N225', '000001.SS'],
      ticksPerSecond: 5,
      intervalSeconds: 300,
      s3: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:29090', forcePathStyle: true },
    });
  });

  it('lists every problem of a bad environment at once, each naming its variable', () => {
    // Act
    const problems = problemsOf({
      KAFKA_AUTH: 'kerberos',
      KAFKA_BROKERS: 'localhost,b-2:9098',
      MSK_CLUSTER_ARN: 'arn:aws:kafka:eu-west-1:123:cluster/x',
      KAFKA_SCRAM_SECRET_ARN: 'my-secret',
      KAFKA_TOPIC: 'a/b',
      TICK_SOURCE: 'live',
      TICK_SYMBOLS: 'NYA,nya,../x',
      TICKS_PER_SECOND: '0',
      TICK_INTERVAL_SECONDS: 'one minute',
      REPLAY_ORDER: 'shuffled',
      KAFKA_CONNECTION_TIMEOUT_MS: '10',
      S3_ENDPOINT: 'localhost:29090',
      S3_MAX_ATTEMPTS: '50',
    });

    // Assess
    const variables = [
      'KAFKA_AUTH',
      'KAFKA_BROKERS',
      'MSK_CLUSTER_ARN',
      'KAFKA_SCRAM_SECRET_ARN',
      'KAFKA_TOPIC',
      'TICK_SOURCE',
      'TICK_SYMBOLS',
      'TICKS_PER_SECOND',
      'TICK_INTERVAL_SECONDS',
      'REPLAY_ORDER',
      'KAFKA_CONNECTION_TIMEOUT_MS',
      'S3_ENDPOINT',
      'S3_MAX_ATTEMPTS',
    ];
    for (const name of variables) {
      expect(
        problems.filter((p) => p.startsWith(`${name} `)),
        name,
      ).toHaveLength(1);
    }
    expect(problems).toHaveLength(variables.length);
    expect(problems).toContain('KAFKA_AUTH is "kerberos": expected one of iam, scram, plaintext');
    expect(problems).toContain(
      'KAFKA_BROKERS has invalid items: localhost (example: b-1.example:9098,b-2.example:9098)',
    );
    expect(problems).toContain('TICK_SYMBOLS has invalid items: nya, ../x (example: NYA,N225,000001.SS)');
    expect(problems).toContain('TICKS_PER_SECOND is "0": expected a whole number from 1 to 1000');
  });

  it('requires brokers or a cluster ARN', () => {
    expect(problemsOf({ KAFKA_AUTH: 'iam' })).toEqual([
      'KAFKA_BROKERS or MSK_CLUSTER_ARN is required (example: 127.0.0.1:29092)',
    ]);
  });

  it('requires KAFKA_AUTH', () => {
    expect(problemsOf({ KAFKA_BROKERS: '127.0.0.1:29092' })).toEqual([
      'KAFKA_AUTH is required: one of iam, scram, plaintext',
    ]);
  });

  it('requires a SCRAM secret for scram and a CSV for replay', () => {
    expect(problemsOf({ KAFKA_AUTH: 'scram', MSK_CLUSTER_ARN: CLUSTER, TICK_SOURCE: 'replay' })).toEqual([
      'KAFKA_SCRAM_SECRET_ARN is required when KAFKA_AUTH=scram',
      'REPLAY_CSV_URI is required when TICK_SOURCE=replay',
    ]);
  });

  it('reads the root CA secret of a scram broker (kafkaMode=ec2), and refuses it for other auth modes', () => {
    const CA = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:MyBrokerCASecret';
    const config = loadProducerConfig({
      KAFKA_AUTH: 'scram',
      KAFKA_BROKERS: '70.224.234.241:9096',
      KAFKA_SCRAM_SECRET_ARN: SECRET,
      KAFKA_ROOT_CA_SECRET_ARN: CA,
    });
    expect(config.kafka).toMatchObject({ auth: 'scram', scramSecretArn: SECRET, rootCaSecretArn: CA });
    expect(problemsOf({ KAFKA_AUTH: 'iam', MSK_CLUSTER_ARN: CLUSTER, KAFKA_ROOT_CA_SECRET_ARN: CA })).toEqual(
      [
        'KAFKA_ROOT_CA_SECRET_ARN is set but KAFKA_AUTH=iam does not use it: only scram brokers take a private CA',
      ],
    );
    expect(
      problemsOf({
        KAFKA_AUTH: 'scram',
        KAFKA_BROKERS: '127.0.0.1:9096',
        KAFKA_SCRAM_SECRET_ARN: SECRET,
        KAFKA_ROOT_CA_SECRET_ARN: 'ca',
      })[0],
    ).toMatch(/^KAFKA_ROOT_CA_SECRET_ARN /);
  });
});
