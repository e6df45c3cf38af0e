import { S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEsmEvent } from '../../local/esm/event-builder';
import * as infra from '../../local/infra';
import { LOCAL_MSK } from '../../local/run/pipeline';
import type { EsmEvent } from '../../shared/esm';
import { createProducerHandler } from '../../shared/producer';
import { createSinkHandler, type ObjectStore, s3ObjectStore } from '../../shared/sink';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import {
  auditOf,
  createTopic,
  groupCommittedAt,
  localEnv,
  producerConfig,
  publisherFor,
  readAll,
  s3Client,
  silentLogger,
  sinkAll,
  sinkSetup,
  sqlOver,
  startSink,
  unique,
  waitFor,
} from './support';

const env = localEnv();
const HOUR = 3_600_000;
const scheduledAt = (k: number) =>
  new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR + k * 10_000).toISOString();

/** One scheduled producer run, retried (as the schedule would) until it succeeds. */
async function produceRun(topic: string, time: string, attempts = 20): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const config = producerConfig(topic);
    const publisher = publisherFor(config);
    try {
      const summary = await createProducerHandler(config, silentLogger, publisher)({ time });
      return summary.ticks;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await publisher.close();
    }
  }
}

/** Every fault test ends here: the audit finds no gap and SQL no duplicate. */
async function expectExactlyOnce(topic: string, prefix: string, groupId: string, ticks: number) {
  const report = await auditOf(topic, prefix, groupId);
  expect(report.partitions.flatMap((p) => p.gaps)).toEqual([]);
  expect(report.ok).toBe(true);
  const result = await sqlOver(`${prefix}/ticks/`, 'SELECT count(*), count(DISTINCT tick_id) FROM ticks');
  expect(result.rows).toEqual([[ticks, ticks]]);
  return report;
}

async function produced(topic: string, runs: number): Promise<number> {
  let n = 0;
  for (let k = 0; k < runs; k++) n += await produceRun(topic, scheduledAt(k));
  return n;
}

describe('faults, each ending with the audit showing no gap and SQL no duplicate', () => {
  it('the sink crashing mid-batch after writing some objects', async () => {
    const topic = unique('it-crash');
    const prefix = unique('it');
    await createTopic(topic);
    const n = await produced(topic, 2);
    const real = s3ObjectStore(s3Client(), env.s3.bucket);
    let puts = 0;
    // The first invocation writes one object and then dies; redelivery must finish the job.
    const crashing: ObjectStore = {
      async put(key, body, contentType) {
        puts++;
        if (puts === 2) throw new Error('injected crash after the first object');
        await real.put(key, body, contentType);
      },
    };
    const { groupId, stats } = await sinkAll(topic, prefix, n, { store: crashing });
    expect(stats.failures).toBe(1);
    await expectExactlyOnce(topic, prefix, groupId, n);
  });

  describe('S3 failing behind a fault-injecting proxy', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy(env.s3.endpoint!);
    });
    afterAll(() => proxy.close());

    const storeVia = (maxAttempts: number): ObjectStore =>
      s3ObjectStore(
        new S3Client({ ...infra.s3ClientConfig({ ...env.s3, endpoint: proxy.endpoint }), maxAttempts }),
        env.s3.bucket,
      );

    it('answering 500/503 for a while: the SDK retries with backoff inside one invocation', async () => {
      const topic = unique('it-s3-flaky');
      const prefix = unique('it');
      await createTopic(topic);
      const n = await produced(topic, 1);
      proxy.failNext([503, 500, 503, 500]);
      const before = proxy.stats.failed;
      const { groupId, stats } = await sinkAll(topic, prefix, n, { store: storeVia(8) });
      expect(proxy.stats.failed - before).toBe(4);
      expect(stats.failures).toBe(0);
      await expectExactlyOnce(topic, prefix, groupId, n);
    });

    it('down for longer than the retry budget: the invocation fails and the batch is redelivered', async () => {
      const topic = unique('it-s3-down');
      const prefix = unique('it');
      await createTopic(topic);
      const n = await produced(topic, 1);
      proxy.downFor(4_000);
      const { groupId, stats } = await sinkAll(topic, prefix, n, { store: storeVia(2), retryDelayMs: 500 });
      expect(stats.failures).toBeGreaterThan(0);
      await expectExactlyOnce(topic, prefix, groupId, n);
    });
  });

  it('a producer invocation retried: the same ticks again, one row each in SQL', async () => {
    const topic = unique('it-retry');
    const prefix = unique('it');
    await createTopic(topic);
    const first = await produceRun(topic, scheduledAt(0));
    const again = await produceRun(topic, scheduledAt(0));
    expect(again).toBe(first);
    const { groupId } = await sinkAll(topic, prefix, first * 2);
    const raw = await sqlOver(`${prefix}/ticks/`, 'SELECT count(*) FROM ticks_raw');
    expect(raw.rows).toEqual([[first * 2]]);
    await expectExactlyOnce(topic, prefix, groupId, first);
  });

  it('redelivery with a different, overlapping batch cut', async () => {
    const topic = unique('it-recut');
    const prefix = unique('it');
    await createTopic(topic, 1);
    const n = await produced(topic, 1);
    // Read the partition once, then deliver it as the mapping might: a first cut, then a retry
    // cut differently (longer), then the rest.
    const messages = await readAll(topic, n);
    const event = (from: number, to: number): EsmEvent =>
      buildEsmEvent(LOCAL_MSK, env.kafkaBrokers, messages.slice(from, to));
    const { config, store } = sinkSetup(prefix);
    const sink = createSinkHandler(config, silentLogger, store);
    await sink(event(0, 50));
    await sink(event(0, 90));
    await sink(event(90, n));
    const groupId = await groupCommittedAt(topic, n);
    const report = await expectExactlyOnce(topic, prefix, groupId, n);
    expect(report.partitions[0]!.duplicated).toBe(50);
  });

  it('a record over 1 MB is quarantined whole, the rest written', async () => {
    const topic = unique('it-big');
    const prefix = unique('it');
    const admin = new Kafka({ brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: '4194304' }],
        },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const n = await produced(topic, 1);
    const big = JSON.stringify({ symbol: 'NYA', padding: 'x'.repeat(1_200_000) });
    const producer = new Kafka({ brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'NYA', value: big }] });
    await producer.disconnect();
    const { groupId } = await sinkAll(topic, prefix, n + 1);
    const report = await expectExactlyOnce(topic, prefix, groupId, n);
    expect(report.partitions[0]!.quarantined).toBe(1);
  });

  it('the broker restarted while producing and while consuming', async () => {
    const topic = unique('it-restart');
    const prefix = unique('it');
    await createTopic(topic);
    const { groupId, emulator } = await startSink(topic, prefix);
    let total = await produced(topic, 2);
    // Restart while the consumer runs and a producer run is under way.
    const producing = produceRun(topic, scheduledAt(2), 60);
    await infra.down({ only: { kafka: true, s3: false } });
    await infra.up();
    total += await producing;
    for (let k = 3; k < 5; k++) total += await produceRun(topic, scheduledAt(k), 60);
    try {
      await waitFor(
        `${total} records committed after the restart`,
        () => emulator.stats.delivered >= total,
        180_000,
      );
    } finally {
      await emulator.stop();
    }
    await expectExactlyOnce(topic, prefix, groupId, total);
  });
});
