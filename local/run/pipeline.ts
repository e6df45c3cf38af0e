import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ScheduledEvent } from 'aws-lambda';
import type { ProduceSummary } from '../../shared/producer';
import type { SinkSummary } from '../../shared/sink';
import { readStageParams } from '../config/sls-params';
import { type EsmEmulator, startEsmEmulator } from '../esm/emulator';
import type { EsmSource } from '../esm/event-builder';
import type { LocalEnv, LocalKafka } from '../infra';
import { projectRoot } from '../paths';
import { lambdaContext } from './lambda-context';
import { type LocalSecretsManager, startLocalSecretsManager } from './secrets-manager';
import { consumerLag, ensureTopic } from './topic';

export interface LocalPipelineOptions {
  readonly env: LocalEnv;
  /** Real seconds between producer invocations (the schedule, compressed). */
  readonly everySeconds: number;
  /** Extra producer/sink variables, e.g. TICK_SOURCE=replay. */
  readonly overrides?: Readonly<Record<string, string>>;
  readonly stage?: string;
  /** serverless.yml to read the schedule and mapping settings from; the project's by default. */
  readonly serverlessFile?: string;
  readonly partitions?: number;
  /** Topic and consumer group instead of serverless.yml's (benchmarks use fresh ones). */
  readonly topic?: string;
  readonly groupId?: string;
  readonly onError?: (what: string, error: unknown) => void;
  /** The event shape the sink receives; MSK's by default, a self-managed Kafka's with `scram`. */
  readonly esmSource?: EsmSource;
  /**
   * `scram`: over the SASL_SSL broker of the EC2 boot script (`env.kafkaScram`), the producer with
   * KAFKA_AUTH=scram and the mapping emulator with SCRAM-SHA-512 and the root CA, both reading
   * their secrets from a loopback Secrets Manager. `plaintext` (the default): the plain broker.
   */
  readonly kafkaAuth?: 'plaintext' | 'scram';
}

/**
 * The topic `npm start -- --kafka-auth scram` uses. The two local brokers are two clusters writing
 * into one bucket, and objects are named by topic, partition and offsets: the same topic name on
 * both would give two different records the same key.
 */
export const LOCAL_SCRAM_PIPELINE_TOPIC = 'ticks-ec2';

/** The secrets of the SASL_SSL broker as the functions and the mapping find them. */
export const LOCAL_SECRET_ARNS = {
  scram: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local/kafka-scram',
  rootCa: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local/kafka-root-ca',
} as const;

/** What a pipeline over the SASL_SSL broker needs beyond the plain one. */
interface ScramSetup {
  readonly secretsManager: LocalSecretsManager;
  readonly secrets: SecretsManagerClient;
  readonly variables: Record<string, string>;
}

async function scramSetup(kafka: LocalKafka, region: string): Promise<ScramSetup> {
  if (!kafka.sasl || !kafka.ssl) {
    throw new Error('kafkaAuth=scram needs the SASL_SSL broker: up({ services: ["kafkaScram", ...] })');
  }
  const secretsManager = await startLocalSecretsManager({
    [LOCAL_SECRET_ARNS.scram]: JSON.stringify(kafka.sasl),
    [LOCAL_SECRET_ARNS.rootCa]: JSON.stringify({ certificate: kafka.ssl.ca }),
  });
  return {
    secretsManager,
    // The loopback server checks no signature; the SDK still signs, so it needs some credentials.
    secrets: new SecretsManagerClient({
      region,
      endpoint: secretsManager.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    variables: {
      KAFKA_AUTH: 'scram',
      KAFKA_SCRAM_SECRET_ARN: LOCAL_SECRET_ARNS.scram,
      KAFKA_ROOT_CA_SECRET_ARN: LOCAL_SECRET_ARNS.rootCa,
      // The SDK's per-service endpoint override: the handlers' own Secrets Manager client uses it.
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
    },
  };
}

/** Lambda's asynchronous invocation: the first attempt and two retries. */
const ASYNC_ATTEMPTS = 3;

/** What the local "cluster" calls itself in `aws:kafka` events. */
export const LOCAL_MSK: EsmSource = {
  kind: 'msk',
  clusterArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/local/00000000-0000-0000-0000-000000000000-1',
};

export interface PipelineProgress {
  produced: number;
  producerRuns: number;
  producerFailures: number;
  delivered: number;
  sinkInvocations: number;
  sinkFailures: number;
  quarantined: number;
  objects: number;
  bytes: number;
}

export interface LocalPipeline {
  readonly topic: string;
  readonly groupId: string;
  /** The cluster it runs on (the plaintext broker, or the SASL_SSL one). */
  readonly kafka: LocalKafka;
  readonly progress: Readonly<PipelineProgress>;
  lag(): Promise<number>;
  /** Stops the schedule, waits (bounded) until everything produced is sunk, stops consuming. */
  stop(drainTimeoutMs?: number): Promise<void>;
}

/**
 * The deployed pipeline on this machine: the real producer and sink handlers, invoked by a
 * compressed schedule and by an event-source-mapping emulator configured from serverless.yml.
 */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const params = readStageParams(
    options.serverlessFile ?? join(projectRoot(), 'serverless.yml'),
    options.stage ?? 'local',
    ['topic', 'sinkConsumerGroupId', 'sinkBatchSize', 'sinkBatchingWindowSeconds', 'sinkStartingPosition'],
  );
  const topic = options.topic ?? params.topic;
  const groupId = options.groupId ?? `${params.sinkConsumerGroupId}-local`;
  const batchSize = params.sinkBatchSize;
  const batchingWindowMs = params.sinkBatchingWindowSeconds * 1000;
  const startingPosition = params.sinkStartingPosition;
  const { env } = options;
  const scram = options.kafkaAuth === 'scram';
  const kafka: LocalKafka = scram ? (env.kafkaScram ?? { brokers: [] }) : { brokers: env.kafkaBrokers };
  const setup = scram ? await scramSetup(kafka, env.s3.region) : undefined;

  await ensureTopic(kafka, topic, options.partitions ?? 3);
  Object.assign(
    process.env,
    handlerEnvironment(env, kafka, topic, options),
    setup?.variables,
    options.overrides,
  );

  // Imported only now: the handlers read their configuration from the environment at load.
  const { handler: produce } =
    await importHandler<typeof import('../../functions/produce-ticks/handler')>('produce-ticks');
  const { handler: sink } =
    await importHandler<typeof import('../../functions/sink-ticks/handler')>('sink-ticks');

  const progress: PipelineProgress = {
    produced: 0,
    producerRuns: 0,
    producerFailures: 0,
    delivered: 0,
    sinkInvocations: 0,
    sinkFailures: 0,
    quarantined: 0,
    objects: 0,
    bytes: 0,
  };

  const emulator: EsmEmulator = await startEsmEmulator({
    brokers: kafka.brokers,
    ...(setup
      ? {
          access: {
            scramSecretArn: LOCAL_SECRET_ARNS.scram,
            rootCaSecretArn: LOCAL_SECRET_ARNS.rootCa,
            secrets: setup.secrets,
          },
        }
      : {}),
    topic,
    groupId,
    batchSize,
    batchingWindowMs,
    startingPosition,
    source: options.esmSource ?? (scram ? { kind: 'self-managed' } : LOCAL_MSK),
    invoke: async (event) => {
      progress.sinkInvocations++;
      const summary = (await sink(event, lambdaContext('sink-ticks', 120_000))) as Omit<SinkSummary, 'keys'>;
      progress.delivered += summary.records;
      progress.quarantined += summary.quarantined;
      progress.objects += summary.objects;
      progress.bytes += summary.bytes;
    },
    onInvoke: (info) => {
      if (info.error) {
        progress.sinkFailures++;
        options.onError?.(`sink batch of ${info.records} records (attempt ${info.attempt})`, info.error);
      }
    },
  });

  // Like EventBridge: each run is stamped with its scheduled time, which advances by exactly one
  // period per run, so consecutive runs tile time with no gap and no overlap however late the
  // timer fires.
  const everyMs = options.everySeconds * 1000;
  let scheduled = Math.ceil(Date.now() / everyMs) * everyMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  // EventBridge invokes the function asynchronously, and Lambda retries a failed asynchronous
  // invocation twice (after about 1 and 2 minutes; here 1 and 2 seconds) with the same event:
  // the same scheduled time, hence the very same ticks.
  const runOnce = async (time: string): Promise<void> => {
    progress.producerRuns++;
    const event = { time, source: 'aws.events', 'detail-type': 'Scheduled Event' } as Partial<ScheduledEvent>;
    for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt++) {
      try {
        const summary = (await produce(event, lambdaContext('produce-ticks', 60_000))) as ProduceSummary;
        progress.produced += summary.ticks;
        return;
      } catch (error) {
        options.onError?.(`producer run for ${time} (attempt ${attempt} of ${ASYNC_ATTEMPTS})`, error);
        if (attempt === ASYNC_ATTEMPTS || stopped) break;
        await new Promise((r) => setTimeout(r, attempt * 1_000));
      }
    }
    progress.producerFailures++;
  };
  const arm = (): void => {
    timer = setTimeout(
      () => {
        const time = new Date(scheduled).toISOString();
        scheduled += everyMs;
        running = runOnce(time).then(() => {
          if (!stopped) arm();
        });
      },
      Math.max(0, scheduled - Date.now()),
    );
  };
  arm();

  const lag = () => consumerLag(kafka, topic, groupId);
  return {
    topic,
    groupId,
    kafka,
    progress,
    lag,
    async stop(drainTimeoutMs = batchingWindowMs + 30_000) {
      stopped = true;
      clearTimeout(timer);
      await running;
      const deadline = Date.now() + drainTimeoutMs;
      while (Date.now() < deadline && (await lag().catch(() => 1)) > 0) {
        await new Promise((r) => setTimeout(r, 250));
      }
      await emulator.stop();
      await setup?.secretsManager.close();
    },
  };
}

/** Loads a function's handler module by absolute URL (relative dynamic imports don't survive every loader). */
function importHandler<T>(name: string): Promise<T> {
  return import(pathToFileURL(join(projectRoot(), 'functions', name, 'handler.ts')).href) as Promise<T>;
}

function handlerEnvironment(
  env: LocalEnv,
  kafka: LocalKafka,
  topic: string,
  options: LocalPipelineOptions,
): Record<string, string> {
  const vars: Record<string, string> = {
    KAFKA_AUTH: 'plaintext',
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_TOPIC: topic,
    TICK_INTERVAL_SECONDS: String(options.everySeconds),
    TICKS_BUCKET: env.s3.bucket,
    AWS_REGION: env.s3.region,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // The handlers' EMF lines are for CloudWatch; locally the progress line says the same.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  };
  if (env.s3.endpoint) {
    vars.S3_ENDPOINT = env.s3.endpoint;
    vars.S3_FORCE_PATH_STYLE = String(env.s3.forcePathStyle);
  }
  if (env.s3.credentials) {
    vars.AWS_ACCESS_KEY_ID = env.s3.credentials.accessKeyId;
    vars.AWS_SECRET_ACCESS_KEY = env.s3.credentials.secretAccessKey;
  }
  return vars;
}
