/**
 * Smoke test of the local Kafka broker: a real topic, a real consumer group, and an independent
 * client (Debian's kcat, librdkafka) reading the same records.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type Admin, Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const env = inject('localEnv');
const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
const topic = `smoke-kafka-${runId}`;
const groupId = `smoke-kafka-group-${runId}`;
const PARTITIONS = 3;
const MESSAGES = 1000;
const KEYS = 20;

interface Payload {
  i: number;
  key: string;
  seq: number;
}
interface Received {
  partition: number;
  offset: number;
  key: string;
  value: string;
}

/** Message i: key `key-(i mod 20)`, and its sequence number within that key. */
const payload = (i: number): Payload => ({ i, key: `key-${i % KEYS}`, seq: Math.floor(i / KEYS) });

const kafka = new Kafka({ clientId: 'smoke-kafka', brokers: env.kafkaBrokers, logLevel: logLevel.WARN });
let admin: Admin;
let consumed: Received[] = [];

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Checks what a client read against what was produced; returns nothing, asserts everything. */
function assertComplete(records: Received[]): void {
  expect(records).toHaveLength(MESSAGES);
  const byIndex = new Map<number, Received>();
  for (const record of records) {
    const value = JSON.parse(record.value) as Payload;
    expect(value).toEqual(payload(value.i));
    expect(record.key).toBe(value.key);
    expect(byIndex.has(value.i), `message ${value.i} read twice`).toBe(false);
    byIndex.set(value.i, record);
  }
  expect([...byIndex.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i));

  // Per partition, in the order read: offsets increase. Per key: one partition, sequence 0, 1, 2...
  const lastOffset = new Map<number, number>();
  const keyPartition = new Map<string, number>();
  const keySeq = new Map<string, number>();
  for (const record of records) {
    const { key, seq } = JSON.parse(record.value) as Payload;
    expect(record.offset).toBeGreaterThan(lastOffset.get(record.partition) ?? -1);
    lastOffset.set(record.partition, record.offset);
    expect(keyPartition.get(key) ?? record.partition, `key ${key} in two partitions`).toBe(record.partition);
    keyPartition.set(key, record.partition);
    expect(seq, `key ${key} out of order`).toBe((keySeq.get(key) ?? -1) + 1);
    keySeq.set(key, seq);
  }
  expect([...lastOffset.keys()].sort()).toEqual([0, 1, 2]);
}

beforeAll(async () => {
  // Prepare: a 3-partition topic holding 1,000 keyed messages.
  admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  expect(created).toBe(true);

  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    for (let start = 0; start < MESSAGES; start += 100) {
      const messages = Array.from({ length: 100 }, (_, j) => payload(start + j)).map((p) => ({
        key: p.key,
        value: JSON.stringify(p),
      }));
      await producer.send({ topic, messages, acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
});

afterAll(async () => {
  // The broker keeps its data across runs: leave no smoke topics or groups behind.
  await admin?.deleteGroups([groupId]).catch(() => {});
  await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin?.disconnect();
});

describe('local Kafka broker', () => {
  it('a consumer group reads all 1,000 keyed messages, in order per partition and per key', async () => {
    // Act
    const consumer = kafka.consumer({ groupId });
    const received: Received[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push({
            partition,
            offset: Number(message.offset),
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
          });
        },
      });
      await until(() => received.length >= MESSAGES, 60_000);
    } finally {
      await consumer.disconnect(); // commits the consumed offsets
    }

    // Assess
    assertComplete(received);
    consumed = received;
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const end = new Map(ends.map((p) => [p.partition, p.high]));
    for (const p of committed[0]?.partitions ?? []) expect(p.offset).toBe(end.get(p.partition));
    expect(committed[0]?.partitions).toHaveLength(PARTITIONS);
  });

  it('kcat (librdkafka) reads the same records', async (ctx) => {
    // Prepare
    const version = await new Promise<string | undefined>((resolve) =>
      execFile('kcat', ['-V'], (error, stdout) => resolve(error ? undefined : stdout.split('\n')[0])),
    );
    if (version === undefined) {
      const inCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
      if (inCi) throw new Error('kcat is not installed; .ci/run installs it with `apt-get install -y kcat`');
      const reason = 'kcat is not installed (`apt-get install kcat`); this check is skipped outside CI';
      console.warn(`[smoke-kafka] ${reason}`);
      ctx.skip(reason);
    }

    // Act
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'kcat',
        [
          '-C',
          '-b',
          env.kafkaBrokers.join(','),
          '-t',
          topic,
          '-o',
          'beginning',
          '-e',
          '-q',
          '-f',
          '%p\t%o\t%k\t%s\n',
        ],
        { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`kcat failed: ${stderr}`, { cause: error })) : resolve(stdout),
      ),
    );
    const records = out
      .split('\n')
      .filter((line) => line !== '')
      .map((line): Received => {
        const [partition, offset, key, value] = line.split('\t');
        return { partition: Number(partition), offset: Number(offset), key: key ?? '', value: value ?? '' };
      });

    // Assess: complete and ordered on its own, and the very records the kafkajs group saw.
    assertComplete(records);
    const sort = (rs: Received[]) => [...rs].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
    if (consumed.length > 0) expect(sort(records)).toEqual(sort(consumed));
  });
});
