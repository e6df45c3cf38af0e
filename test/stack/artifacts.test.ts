import { readFileSync } from 'node:fs';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalSecretsManager } from '../../local/run/secrets-manager';
import type { EsmEvent, EsmRecord } from '../../shared/esm';
import { DEFAULT_SYMBOLS } from '../../shared/sources';
import { createTopic, kafkaAdmin, s3Client, unique } from '../integration/support';
import { awsEvent, awsResponse, awsSecretFormat } from '../support/aws-fixtures';
import { aTick, b64Json } from '../support/builders';
import {
  brokerCatcher,
  cloudFormationResponses,
  type Listening,
  mskApi,
  secretsManagerApi,
} from './support/aws-fakes';
import { documentedResolution, type Resolution, resolveIntrinsics } from './support/intrinsics';
import { invokePackaged, type PackagedFunction } from './support/lambda-runtime';
import type { Cfn } from './support/package';
import { template } from './support/template';
import { SERVERLESS_CLUSTER_ARN, VARIANT_NAMES, VARIANTS, type VariantName } from './support/variants';

/**
 * The deployment packages as Lambda runs them: each function of each mode unzipped on its own,
 * loaded by the Lambda runtime's Node.js (nodejs22.x) with only the AWS SDK clients the runtime
 * provides beside it, with the environment its template gives it, every CloudFormation reference
 * replaced by what it would resolve to (AWS's documented examples where AWS shows one). The
 * cold start is the module scope: a configuration the function refuses fails here, as it would
 * on every scheduled run.
 */

const DOCUMENTED_BROKERS = awsResponse<Record<string, string>>('get-bootstrap-brokers');
const SERVERLESS_CLUSTER = SERVERLESS_CLUSTER_ARN;
const resolution = documentedResolution;

function packaged(variant: VariantName, logicalId: string, zip: string, at: Resolution): PackagedFunction {
  const fn = template(variant).Resources[logicalId];
  if (!fn) throw new Error(`${variant} has no ${logicalId}`);
  const props = fn.Properties as Cfn;
  return {
    code: { zip: `${inject('stackDirs')[variant]}/.serverless/${zip}.zip` },
    handler: props.Handler,
    functionName: String(resolveIntrinsics(props.FunctionName ?? logicalId, at)),
    memorySize: Number(props.MemorySize ?? 1024),
    environment: resolveIntrinsics(props.Environment?.Variables ?? {}, at) as Record<string, string>,
  };
}

/** A documented event's envelope carrying the given values: its first record, repeated per value. */
function carrying(event: EsmEvent, topic: string, values: string[]): EsmEvent {
  const [template] = Object.values(event.records)[0]! as EsmRecord[];
  const records = values.map((value, i) => ({ ...template!, topic, partition: 0, offset: 100 + i, value }));
  return { ...event, records: { [`${topic}-0`]: records } };
}

// Buckets the tests create in the local S3, removed at the end (the server is shared).
const created: string[] = [];
async function createBucket(bucket: string): Promise<void> {
  await s3Client()
    .send(new CreateBucketCommand({ Bucket: bucket }))
    .catch((error: Error) => {
      // Left by a run that was stopped before its clean-up: reuse it.
      if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
    });
  created.push(bucket);
}
afterAll(async () => {
  for (const bucket of created) {
    for (const key of await listKeys(bucket))
      await s3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await s3Client().send(new DeleteBucketCommand({ Bucket: bucket }));
  }
});

async function listKeys(bucket: string): Promise<string[]> {
  const out = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function readText(bucket: string, key: string): Promise<string> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

const node = () => inject('lambdaNode');
const mode = (variant: VariantName) => VARIANTS[variant].kafkaMode;

describe.each(VARIANT_NAMES)('%s: the packaged sink on Node.js 22', (variant) => {
  it("writes a documented event's records to the local S3: refused values quarantined, ticks as Parquet", async () => {
    // Prepare: a bucket of its own stands for the stack's TicksBucket.
    const bucket = unique(`artifact-${variant}`).toLowerCase().slice(0, 63);
    await createBucket(bucket);
    const t = template(variant);
    const fn = packaged(
      variant,
      'SinkTicksLambdaFunction',
      'sinkTicks',
      resolution(t, { refs: { TicksBucket: bucket } }),
    );
    const documented = awsEvent<EsmEvent>(
      mode(variant) === 'self-managed' || mode(variant) === 'ec2' ? 'self-managed-kafka-event' : 'msk-event',
    );
    const ticks = [aTick(), aTick({ symbol: 'N225', tick_id: 'f'.repeat(32) })];
    const extraEnv = { S3_ENDPOINT: inject('localEnv').s3.endpoint! };

    // Act
    const asDocumented = await invokePackaged(node(), fn, documented, { extraEnv });
    const withTicks = await invokePackaged(node(), fn, carrying(documented, 'ticks', ticks.map(b64Json)), {
      extraEnv,
    });

    // Assess
    expect(asDocumented.outcome, asDocumented.logs).toMatchObject({ phase: 'invoke', ok: true });
    expect(withTicks.outcome, withTicks.logs).toMatchObject({ phase: 'invoke', ok: true });
    const keys = await listKeys(bucket);
    expect(keys.filter((k) => k.startsWith('quarantine/'))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith('ticks/dt=2025-07-01/') && k.endsWith('.parquet'))).toHaveLength(
      1,
    );
    expect(keys.every((k) => k.startsWith('quarantine/') || k.startsWith('ticks/'))).toBe(true);
    // The function logs JSON lines through Powertools, with the invocation's request id.
    expect(withTicks.logs).toMatch(/"function_request_id":"[0-9a-f-]{36}"/);
    // And its metrics as embedded metric format, in the stage's namespace, freshness among them.
    const emf = withTicks.logs
      .split('\n')
      .filter((line) => line.includes('"CloudWatchMetrics"'))
      .map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Namespace: string }[] };
          },
      );
    expect(emf).toHaveLength(1);
    expect(emf[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe(fn.environment.POWERTOOLS_METRICS_NAMESPACE);
    expect(emf[0]).toMatchObject({
      service: 'sink-ticks',
      TicksSunk: 2,
      TicksQuarantined: 0,
      ObjectsWritten: 1,
    });
    expect(emf[0]!.FreshnessSeconds).toEqual(expect.any(Number));
  });
});

describe('the packaged compaction on Node.js 22', () => {
  it('compacts a day the packaged sink wrote twice (a re-cut batch), audits it against Kafka and seals it', async () => {
    // Prepare: a topic whose partition 0 logged 100 records the day before and 3 on 2025-07-01,
    // all read by the sink's group; the sink writes offsets 100-101, then a redelivery re-cut as
    // 100-102 (two objects).
    const topic = unique('artifact-compact');
    await createTopic(topic, 1);
    const kafka = new Kafka({ brokers: inject('localEnv').kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const stamped = (time: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ value: `r${i}`, timestamp: String(Date.parse(time)) }));
    await producer.send({
      topic,
      messages: [...stamped('2025-06-30T12:00:00Z', 100), ...stamped('2025-07-01T12:00:00Z', 3)],
    });
    await producer.disconnect();
    const t = template('self-managed-plaintext');
    const groupId = String(
      t.Resources.CompactTicksLambdaFunction!.Properties.Environment.Variables.KAFKA_CONSUMER_GROUP,
    );
    const admin = kafkaAdmin();
    await admin.connect();
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '103' }] });
    await admin.disconnect();
    const bucket = unique('artifact-compact').toLowerCase().slice(0, 63);
    await createBucket(bucket);
    const at = resolution(t, { refs: { TicksBucket: bucket } });
    const sink = packaged('self-managed-plaintext', 'SinkTicksLambdaFunction', 'sinkTicks', at);
    const documented = awsEvent<EsmEvent>('self-managed-kafka-event');
    const ticks = [
      aTick(),
      aTick({ symbol: 'N225', tick_id: 'e'.repeat(32) }),
      aTick({ symbol: 'HSI', tick_id: 'd'.repeat(32) }),
    ];
    const extraEnv = { S3_ENDPOINT: inject('localEnv').s3.endpoint! };
    for (const batch of [ticks.slice(0, 2), ticks]) {
      const { outcome, logs } = await invokePackaged(
        node(),
        sink,
        carrying(documented, topic, batch.map(b64Json)),
        {
          extraEnv,
        },
      );
      expect(outcome, logs).toMatchObject({ phase: 'invoke', ok: true });
    }
    const day = 'ticks/dt=2025-07-01/';
    expect((await listKeys(bucket)).filter((k) => k.startsWith(day))).toHaveLength(2);
    const compaction = packaged('self-managed-plaintext', 'CompactTicksLambdaFunction', 'compactTicks', at);

    // Act: invoked for that day, as a person would after a late redelivery; the template's
    // environment, but the local broker and this test's topic.
    const { outcome, logs } = await invokePackaged(
      node(),
      compaction,
      { dt: '2025-07-01' },
      {
        extraEnv: {
          ...extraEnv,
          KAFKA_BROKERS: inject('localEnv').kafkaBrokers.join(','),
          KAFKA_TOPIC: topic,
        },
        timeoutMs: 60_000,
      },
    );

    // Assess
    expect(outcome, logs).toMatchObject({ phase: 'invoke', ok: true });
    const keys = await listKeys(bucket);
    expect(keys.filter((k) => k.startsWith(day))).toEqual([
      `${day}${topic}-0-${'0'.repeat(16)}100-${'0'.repeat(16)}102.compacted.parquet`,
    ]);
    const seal = JSON.parse(await readText(bucket, `seals/dt=2025-07-01/${topic}.json`));
    expect(seal.partitions).toEqual([
      expect.objectContaining({
        partition: 0,
        firstOffset: 100,
        lastOffset: 102,
        rows: 3,
        logFrom: 100,
        logTo: 103,
      }),
    ]);
    const emf = logs.split('\n').find((line) => line.includes('"CloudWatchMetrics"'));
    expect(JSON.parse(emf!)).toMatchObject({
      service: 'compact-ticks',
      CompactedPartitions: 1,
      CompactionInputFiles: 2,
      DaysSealed: 1,
      DaysUnsealed: 0,
    });
  });

  it.each(VARIANT_NAMES)('%s: starts cold with the environment its template gives it', async (name) => {
    const t = template(name);
    const compaction = packaged(name, 'CompactTicksLambdaFunction', 'compactTicks', resolution(t));

    // A request that is not a day fails before any connection: what ran is the cold start.
    const { outcome, logs } = await invokePackaged(node(), compaction, { dt: 'yesterday' });

    expect(outcome, logs).toMatchObject({ phase: 'invoke', ok: false });
    expect(JSON.stringify(outcome)).toContain('\\"dt\\" is \\"yesterday\\": expected a day such as');
  });
});

describe('the packaged producer on Node.js 22', () => {
  let catcher: Listening & { connections: () => number };
  let msk: Listening & { readonly calls: readonly string[] };
  let secrets: Listening & { readonly calls: readonly string[] };
  const scheduled = awsEvent<Record<string, unknown>>('eventbridge-scheduled-event');

  beforeAll(async () => {
    catcher = await brokerCatcher();
    // Discovery answers AWS's documented brokers, moved onto the catcher's address.
    const hosts = Object.fromEntries(
      Object.entries(DOCUMENTED_BROKERS).map(([k, v]) => [
        k,
        v
          .split(',')
          .map(() => `127.0.0.1:${catcher.port}`)
          .join(','),
      ]),
    );
    msk = await mskApi(hosts);
    secrets = await secretsManagerApi(JSON.stringify({ username: 'ticks', password: 'not-a-real-password' }));
    // The replay variant reads the tutorial's CSV from S3: the local S3 holds a sample of it.
    const replay = new URL(VARIANTS['msk-replay'].replayCsvUri);
    await createBucket(replay.host);
    await s3Client().send(
      new PutObjectCommand({
        Bucket: replay.host,
        Key: replay.pathname.slice(1),
        Body: readFileSync(new URL('../../data/indexProcessed.sample.csv', import.meta.url)),
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([catcher.close(), msk.close(), secrets.close()]);
  });

  it('self-managed-plaintext: produces the scheduled interval of ticks into the local Kafka', async () => {
    // Prepare: the template's brokers are addresses in the user's VPC; here they are the local broker.
    const topic = unique('artifact-ticks');
    await createTopic(topic, 3);
    const t = template('self-managed-plaintext');
    const base = packaged(
      'self-managed-plaintext',
      'ProduceTicksLambdaFunction',
      'produceTicks',
      resolution(t),
    );
    const fn: PackagedFunction = {
      ...base,
      environment: {
        ...base.environment,
        KAFKA_BROKERS: inject('localEnv').kafkaBrokers.join(','),
        KAFKA_TOPIC: topic,
      },
    };

    // Act
    const { outcome, logs } = await invokePackaged(node(), fn, scheduled, { timeoutMs: 60_000 });

    // Assess
    // One tick per symbol per step: the interval times the rate, for every default symbol.
    const expected =
      Number(fn.environment.TICK_INTERVAL_SECONDS) *
      Number(fn.environment.TICKS_PER_SECOND) *
      DEFAULT_SYMBOLS.length;
    expect(outcome, logs).toMatchObject({ phase: 'invoke', ok: true, result: { topic, ticks: expected } });
    const admin = kafkaAdmin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(expected);
    } finally {
      await admin.disconnect();
    }
  });

  it("ec2: produces the scheduled interval into the boot script's SASL_SSL broker, with the stack's secrets", async () => {
    // Prepare: the template's address is the Elastic IP; here it is the local broker the boot
    // script made, and the two secrets the template names hold its credentials and CA.
    const scram = inject('localEnv').kafkaScram!;
    const t = template('ec2');
    const base = packaged('ec2', 'ProduceTicksLambdaFunction', 'produceTicks', resolution(t));
    const stackSecrets = await startLocalSecretsManager({
      [base.environment.KAFKA_SCRAM_SECRET_ARN!]: JSON.stringify(scram.sasl),
      // The CA in the secret format SERVER_ROOT_CA_CERTIFICATE documents (test/fixtures/aws).
      [base.environment.KAFKA_ROOT_CA_SECRET_ARN!]: JSON.stringify(
        Object.fromEntries(
          awsSecretFormat('lambda-kafka-server-root-ca-certificate').fields.map((f) => [f, scram.ssl!.ca]),
        ),
      ),
    });
    const fn: PackagedFunction = {
      ...base,
      environment: { ...base.environment, KAFKA_BROKERS: scram.brokers.join(',') },
    };

    try {
      // Act
      const { outcome, logs } = await invokePackaged(node(), fn, scheduled, {
        timeoutMs: 60_000,
        extraEnv: { AWS_ENDPOINT_URL_SECRETS_MANAGER: stackSecrets.url },
      });

      // Assess: the interval's ticks, in the stack's topic, read with both secrets of the template.
      const expected =
        Number(fn.environment.TICK_INTERVAL_SECONDS) *
        Number(fn.environment.TICKS_PER_SECOND) *
        DEFAULT_SYMBOLS.length;
      expect(outcome, logs).toMatchObject({
        phase: 'invoke',
        ok: true,
        result: { topic: 'ticks', ticks: expected },
      });
      expect([...stackSecrets.calls].sort()).toEqual(
        [base.environment.KAFKA_ROOT_CA_SECRET_ARN, base.environment.KAFKA_SCRAM_SECRET_ARN].sort(),
      );
    } finally {
      await stackSecrets.close();
    }
  });

  const remote = VARIANT_NAMES.filter((v) => v !== 'self-managed-plaintext' && v !== 'ec2');
  it.each(remote)(
    '%s: starts cold with its template environment and dials the brokers it was given or found',
    async (variant) => {
      // Prepare: every broker address points at the catcher; MSK and Secrets Manager are local stand-ins.
      const t = template(variant);
      const base = packaged(variant, 'ProduceTicksLambdaFunction', 'produceTicks', resolution(t));
      const brokers = base.environment.KAFKA_BROKERS;
      const fn = {
        ...base,
        environment: {
          ...base.environment,
          ...(brokers
            ? {
                KAFKA_BROKERS: brokers
                  .split(',')
                  .map(() => `127.0.0.1:${catcher.port}`)
                  .join(','),
              }
            : {}),
        },
      };
      const before = { dials: catcher.connections(), msk: msk.calls.length, secrets: secrets.calls.length };

      // Act
      const { outcome, logs } = await invokePackaged(node(), fn, scheduled, {
        timeoutMs: 60_000,
        extraEnv: {
          AWS_ENDPOINT_URL_KAFKA: msk.url,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
          S3_ENDPOINT: inject('localEnv').s3.endpoint!,
        },
      });

      // Assess: the configuration loaded (no ConfigError at init); the run failed only at the broker.
      expect(outcome.phase, logs).toBe('invoke');
      expect(outcome.ok).toBe(false);
      if (!outcome.ok)
        expect(`${outcome.error.name}: ${outcome.error.message}`).toMatch(
          /KafkaJS|ECONNRESET|socket|TLS|Connection/i,
        );
      expect(catcher.connections()).toBeGreaterThan(before.dials);
      if (!brokers) expect(msk.calls.slice(before.msk)).toContain(base.environment.MSK_CLUSTER_ARN);
      if (base.environment.KAFKA_SCRAM_SECRET_ARN)
        expect(secrets.calls.slice(before.secrets)).toEqual([base.environment.KAFKA_SCRAM_SECRET_ARN]);
    },
  );
});

describe('the create mode custom resources on Node.js 22', () => {
  it('BootstrapBrokers (inline code) answers CloudFormation with the cluster IAM brokers', async () => {
    // Prepare
    const responses = await cloudFormationResponses();
    const msk = await mskApi(DOCUMENTED_BROKERS);
    const t = template('create');
    const props = t.Resources.BootstrapBrokersFunction!.Properties as Cfn;
    const request = {
      ...awsEvent<{ RequestId: string }>('cfn-custom-resource-create'),
      ResponseURL: `${responses.url}/response`,
      ResourceType: 'Custom::MskBootstrapBrokers',
      LogicalResourceId: 'BootstrapBrokers',
      ResourceProperties: resolveIntrinsics(t.Resources.BootstrapBrokers!.Properties, resolution(t)),
    };

    try {
      // Act
      const { outcome, logs } = await invokePackaged(
        node(),
        {
          code: { inline: props.Code.ZipFile },
          handler: props.Handler,
          functionName: 'bootstrap-brokers',
          memorySize: props.MemorySize,
          environment: {},
        },
        request,
        { extraEnv: { AWS_ENDPOINT_URL_KAFKA: msk.url, NODE_EXTRA_CA_CERTS: responses.certFile } },
      );

      // Assess
      expect(outcome, logs).toMatchObject({ phase: 'invoke', ok: true });
      expect(msk.calls).toEqual([SERVERLESS_CLUSTER]);
      expect(responses.answers).toEqual([
        expect.objectContaining({
          Status: 'SUCCESS',
          RequestId: request.RequestId,
          Data: { SaslIam: DOCUMENTED_BROKERS.BootstrapBrokerStringSaslIam },
        }),
      ]);
    } finally {
      await Promise.all([responses.close(), msk.close()]);
    }
  });

  it('EnsureTopic answers CloudFormation even when it cannot reach the brokers, with the reason', async () => {
    const responses = await cloudFormationResponses();
    const catcher = await brokerCatcher();
    const t = template('create');
    const fn = packaged('create', 'EnsureTopicLambdaFunction', 'ensureTopic', resolution(t));
    const properties = resolveIntrinsics(t.Resources.TicksTopic!.Properties, resolution(t)) as Record<
      string,
      string
    >;
    const request = {
      ...awsEvent<{ RequestId: string }>('cfn-custom-resource-create'),
      ResponseURL: `${responses.url}/response`,
      ResourceType: 'Custom::KafkaTopic',
      LogicalResourceId: 'TicksTopic',
      ResourceProperties: { ...properties, Brokers: `127.0.0.1:${catcher.port}` },
    };

    try {
      const { outcome, logs } = await invokePackaged(node(), fn, request, {
        timeoutMs: 90_000,
        extraEnv: { NODE_EXTRA_CA_CERTS: responses.certFile },
      });

      expect(outcome, logs).toMatchObject({ phase: 'invoke', ok: true });
      expect(catcher.connections()).toBeGreaterThan(0);
      expect(responses.answers).toEqual([
        expect.objectContaining({
          Status: 'FAILED',
          RequestId: request.RequestId,
          Reason: expect.stringContaining('log stream'),
        }),
      ]);
      expect(properties.ServiceTimeout).toBe('300');
    } finally {
      await Promise.all([responses.close(), catcher.close()]);
    }
  });
});
