import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { inject } from 'vitest';
import { startEsmEmulator } from '../../local/esm/emulator';
import type { ConsumedMessage, EsmSource } from '../../local/esm/event-builder';
import { type LocalEnv, s3ClientConfig } from '../../local/infra';
import { LOCAL_MSK } from '../../local/run/pipeline';
import { type AuditReport, auditTopic } from '../../ops/audit';
import { localAthena } from '../../ops/query/local-athena';
import type { TrinoResult } from '../../ops/query/trino-client';
import type { EsmEvent } from '../../shared/esm';
import { createTickPublisher } from '../../shared/kafka';
import { loadProducerConfig, type ProducerConfig } from '../../shared/producer';
import {
  createSinkHandler,
  loadSinkConfig,
  type ObjectStore,
  type SinkConfig,
  type SinkPrefixes,
  s3ObjectStore,
} from '../../shared/sink';

/** The local Kafka and S3 the global setup brought up (or found running). */
export function localEnv(): LocalEnv {
  return inject('localEnv');
}

/**
 * Athena SQL on the local Trino over a test's own objects: the stack's tables and view, in a
 * database of the test's own whose locations are under its ticks prefix (`<prefix>/ticks/`) and
 * the quarantine prefix beside it.
 *
 * @example const { rows } = await sqlOver(`${prefix}/ticks/`, 'SELECT count(*) FROM ticks');
 */
export async function sqlOver(ticksPrefix: string, sql: string, env = localEnv()): Promise<TrinoResult> {
  const database = `it_${ticksPrefix.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}`.replace(/_+$/, '');
  const quarantine = ticksPrefix.replace(/ticks\/$/, 'quarantine/');
  const athena = await localAthena(env, { database, prefixes: { ticks: ticksPrefix, quarantine } });
  return athena.run(sql);
}

/** A name no earlier run used, so tests never see each other's topics, groups or objects. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function s3Client(env = localEnv()): S3Client {
  return new S3Client(s3ClientConfig(env.s3));
}

export function kafkaAdmin(env = localEnv()) {
  return new Kafka({ clientId: 'it-admin', brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
}

export const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Producer configuration for the local broker, as the Lambda would read it from its environment. */
export function producerConfig(
  topic: string,
  extra: Record<string, string> = {},
  env = localEnv(),
): ProducerConfig {
  return loadProducerConfig({
    KAFKA_AUTH: 'plaintext',
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    KAFKA_TOPIC: topic,
    TICK_INTERVAL_SECONDS: '10',
    ...extra,
  });
}

export function publisherFor(config: ProducerConfig) {
  return createTickPublisher(
    async () => new Kafka({ brokers: [...config.kafka.brokers], logLevel: logLevel.NOTHING }),
    config.topic,
  );
}

/** Sink configuration writing under a prefix of its own, plus a store on the local S3. */
export function sinkSetup(
  prefix: string,
  env = localEnv(),
): { config: SinkConfig; store: ReturnType<typeof s3ObjectStore> } {
  const prefixes = prefixesOf(prefix);
  const config = loadSinkConfig({
    TICKS_BUCKET: env.s3.bucket,
    TICKS_PREFIX: prefixes.ticks,
    QUARANTINE_PREFIX: prefixes.quarantine,
  });
  return { config, store: s3ObjectStore(s3Client(env), env.s3.bucket) };
}

export async function createTopic(topic: string, partitions = 3, env = localEnv()): Promise<void> {
  const admin = kafkaAdmin(env);
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Polls until the condition holds, failing with the description after the deadline. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SinkOptions {
  readonly store?: ObjectStore;
  readonly retryDelayMs?: number;
  readonly source?: EsmSource;
  /** Sees every event the emulator sends the sink. */
  readonly onEvent?: (event: EsmEvent) => void;
}

/** The real sink behind the ESM emulator, consuming a topic as a fresh group, writing under a prefix. */
export async function startSink(topic: string, prefix: string, options: SinkOptions = {}, env = localEnv()) {
  const setup = sinkSetup(prefix, env);
  const sink = createSinkHandler(setup.config, silentLogger, options.store ?? setup.store);
  const groupId = unique('it-group');
  const emulator = await startEsmEmulator({
    brokers: env.kafkaBrokers,
    topic,
    groupId,
    batchSize: 10_000,
    batchingWindowMs: 300,
    startingPosition: 'TRIM_HORIZON',
    source: options.source ?? LOCAL_MSK,
    retryDelayMs: options.retryDelayMs ?? 200,
    invoke: async (event) => {
      options.onEvent?.(event);
      return sink(event);
    },
  });
  return { groupId, emulator, sink };
}

/** startSink until `expected` records are committed, then stopped. */
export async function sinkAll(topic: string, prefix: string, expected: number, options: SinkOptions = {}) {
  const started = await startSink(topic, prefix, options);
  try {
    await waitFor(
      `${expected} records committed`,
      () => started.emulator.stats.delivered >= expected,
      120_000,
    );
  } finally {
    await started.emulator.stop();
  }
  return { ...started, stats: started.emulator.stats };
}

/** The prefixes a test's sink writes under (see sinkSetup). */
export function prefixesOf(prefix: string): SinkPrefixes {
  return { ticks: `${prefix}/ticks/`, quarantine: `${prefix}/quarantine/` };
}

/** `npm run audit` for a test's topic, group and prefix. */
export function auditOf(
  topic: string,
  prefix: string,
  groupId: string,
  env = localEnv(),
): Promise<AuditReport> {
  return auditTopic({
    kafka: { brokers: env.kafkaBrokers },
    topic,
    groupId,
    s3: s3Client(env),
    bucket: env.s3.bucket,
    prefixes: prefixesOf(prefix),
  });
}

/** A fresh consumer group that has committed `offset` on partition 0, as a sink that delivered it would. */
export async function groupCommittedAt(topic: string, offset: number, env = localEnv()): Promise<string> {
  const groupId = unique('it-group');
  const admin = kafkaAdmin(env);
  await admin.connect();
  try {
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: String(offset) }] });
  } finally {
    await admin.disconnect();
  }
  return groupId;
}

/** Every message of a topic from the start, in offset order (fresh consumer group). */
export async function readAll(topic: string, count: number): Promise<ConsumedMessage[]> {
  const consumer = new Kafka({ brokers: localEnv().kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: unique('it-reader'),
  });
  const messages: ConsumedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      messages.push({ topic, partition, ...message, headers: undefined });
    },
  });
  await waitFor(`${count} messages read`, () => messages.length >= count);
  await consumer.disconnect();
  return messages.sort((a, b) => Number(a.offset) - Number(b.offset));
}

/**
 * Runs a CLI the way a user does (npm start, npm run query, …), returning its exit code and its
 * stdout and stderr together. `env` is added to this process's environment.
 */
export function runCli(
  args: string[],
  timeoutMs: number,
  onOutput?: (out: string, child: ReturnType<typeof spawn>) => void,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      onOutput?.(out, child);
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
