import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { startEsmEmulator } from '../../local/esm/emulator';
import { eventBytes } from '../../local/esm/event-builder';
import { LOCAL_MSK } from '../../local/run/pipeline';
import type { EsmEvent } from '../../shared/esm';
import { createTopic, localEnv, unique, waitFor } from './support';

const env = localEnv();

async function produce(topic: string, values: string[]): Promise<void> {
  const producer = new Kafka({ brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  // 100 messages a request keeps each record batch under the broker's 1 MB message limit.
  for (let i = 0; i < values.length; i += 100) {
    await producer.send({
      topic,
      messages: values.slice(i, i + 100).map((value, k) => ({ key: `k${i + k}`, value })),
    });
  }
  await producer.disconnect();
}

/** Runs the emulator with a function that only records what it is given. */
async function collect(
  topic: string,
  expected: number,
  settings: { batchSize: number; batchingWindowMs: number; startingPosition: 'TRIM_HORIZON' | 'LATEST' },
  beforeWait?: () => Promise<void>,
) {
  const events: { event: EsmEvent; at: number }[] = [];
  const emulator = await startEsmEmulator({
    brokers: env.kafkaBrokers,
    topic,
    groupId: unique('it-group'),
    source: LOCAL_MSK,
    ...settings,
    invoke: async (event) => {
      events.push({ event, at: Date.now() });
    },
  });
  await beforeWait?.();
  await waitFor(`${expected} records`, () => emulator.stats.delivered >= expected, 60_000);
  await emulator.stop();
  const count = (e: EsmEvent) => Object.values(e.records).reduce((n, list) => n + list.length, 0);
  return { events, counts: events.map((e) => count(e.event)), stats: emulator.stats };
}

describe('the event-source-mapping emulator', () => {
  it('never hands the function more than the batch size', async () => {
    const topic = unique('it-esm-size');
    await createTopic(topic);
    await produce(
      topic,
      Array.from({ length: 1_050 }, (_, i) => `v${i}`),
    );
    const { counts } = await collect(topic, 1_050, {
      batchSize: 100,
      batchingWindowMs: 200,
      startingPosition: 'TRIM_HORIZON',
    });
    expect(Math.max(...counts)).toBeLessThanOrEqual(100);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1_050);
  });

  it('keeps every invocation under the 6 MB payload limit, splitting what would not fit', async () => {
    const topic = unique('it-esm-6mb');
    await createTopic(topic, 1);
    // 4,000 values of 3 KB: about 16 MB of base64 in all.
    await produce(
      topic,
      Array.from({ length: 4_000 }, (_, i) => `${i}:`.padEnd(3_000, 'x')),
    );
    const { events, counts } = await collect(topic, 4_000, {
      batchSize: 10_000,
      batchingWindowMs: 2_000,
      startingPosition: 'TRIM_HORIZON',
    });
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const { event } of events) expect(eventBytes(event)).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4_000);
  });

  it('waits for the batching window before invoking with a part-filled batch', async () => {
    const topic = unique('it-esm-window');
    await createTopic(topic, 1);
    await produce(topic, ['a', 'b', 'c']);
    const started = Date.now();
    const { events, counts } = await collect(topic, 3, {
      batchSize: 100,
      batchingWindowMs: 2_000,
      startingPosition: 'TRIM_HORIZON',
    });
    expect(counts).toEqual([3]);
    expect(events[0]!.at - started).toBeGreaterThanOrEqual(2_000);
  });

  it('starts at LATEST when asked: records from before it started are not delivered', async () => {
    const topic = unique('it-esm-latest');
    await createTopic(topic, 1);
    await produce(topic, ['old-1', 'old-2']);
    const { events } = await collect(
      topic,
      2,
      { batchSize: 100, batchingWindowMs: 200, startingPosition: 'LATEST' },
      // LATEST takes effect once the group has its assignment; give it a moment, then produce.
      async () => {
        await new Promise((r) => setTimeout(r, 3_000));
        await produce(topic, ['new-1', 'new-2']);
      },
    );
    const values = events.flatMap(({ event }) =>
      Object.values(event.records).flatMap((list) =>
        list.map((r) => Buffer.from(r.value!, 'base64').toString()),
      ),
    );
    expect(values).toEqual(['new-1', 'new-2']);
  });
});
