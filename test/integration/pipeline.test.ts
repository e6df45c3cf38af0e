import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EsmSource } from '../../local/esm/event-builder';
import { LOCAL_MSK } from '../../local/run/pipeline';
import { readQuarantine } from '../../ops/quarantine/replay';
import type { EsmEvent } from '../../shared/esm';
import { createProducerHandler } from '../../shared/producer';
import type { QuarantineEntry } from '../../shared/sink';
import {
  createTopic,
  localEnv,
  producerConfig,
  publisherFor,
  s3Client,
  silentLogger,
  sinkAll,
  sqlOver,
  unique,
} from './support';

const env = localEnv();
// A fixed, recent, minute-aligned schedule time: every run of the test produces the same ticks.
const SCHEDULED = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000).toISOString();

/** Produces one scheduled run with the real producer handler, then sinks the topic with the ESM emulator. */
async function runPipeline(options: {
  producerEnv?: Record<string, string>;
  source?: EsmSource;
  extraMessages?: { key: string | null; value: Buffer | string | null }[];
}) {
  const topic = unique('it-ticks');
  const prefix = unique('it');
  await createTopic(topic);
  const config = producerConfig(topic, options.producerEnv);
  const publisher = publisherFor(config);
  const produce = createProducerHandler(config, silentLogger, publisher);
  const summary = await produce({ time: SCHEDULED });
  await publisher.close();
  if (options.extraMessages) {
    const producer = new Kafka({ brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, messages: options.extraMessages });
    await producer.disconnect();
  }
  const expected = summary.ticks + (options.extraMessages?.length ?? 0);
  const events: EsmEvent[] = [];
  const { sink, stats } = await sinkAll(topic, prefix, expected, {
    ...(options.source ? { source: options.source } : {}),
    onEvent: (event) => events.push(event),
  });
  return { topic, prefix, summary, sink, events, delivered: stats.delivered };
}

async function sql(prefix: string, query: string) {
  return sqlOver(`${prefix}/ticks/`, query);
}

/** Every quarantined entry under a test prefix (ops/quarantine's reader). */
async function quarantinedUnder(prefix: string): Promise<QuarantineEntry[]> {
  return (await readQuarantine(s3Client(), env.s3.bucket, `${prefix}/quarantine/`)).flatMap((o) => o.entries);
}

describe('the pipeline on a real Kafka broker and a real S3 server', () => {
  let run: Awaited<ReturnType<typeof runPipeline>>;
  beforeAll(async () => {
    run = await runPipeline({});
  });

  it('turns N produced ticks into exactly N rows in SQL', async () => {
    // 14 symbols x 10 seconds x 1 tick per second
    expect(run.summary.ticks).toBe(140);
    expect(run.delivered).toBe(140);
    const result = await sql(
      run.prefix,
      'SELECT count(*) AS n, count(DISTINCT tick_id) AS ids FROM ticks_raw',
    );
    expect(result.rows).toEqual([[140, 140]]);
  });

  it('sends the sink byte-exact MSK events keyed by topic-partition', () => {
    const event = run.events[0]!;
    expect(event.eventSource).toBe('aws:kafka');
    expect(event.eventSourceArn).toBe(LOCAL_MSK.kind === 'msk' ? LOCAL_MSK.clusterArn : undefined);
    const [group, records] = Object.entries(event.records)[0]!;
    expect(group).toBe(`${records[0]!.topic}-${records[0]!.partition}`);
    const tick = JSON.parse(Buffer.from(records[0]!.value!, 'base64').toString('utf8'));
    expect(Buffer.from(records[0]!.key!, 'base64').toString('utf8')).toBe(tick.symbol);
  });

  it('writes the same objects again when the same event is delivered twice: still N rows', async () => {
    for (const event of run.events) await run.sink(event);
    const result = await sql(run.prefix, 'SELECT count(*) FROM ticks_raw');
    expect(result.rows).toEqual([[140]]);
  });

  it('keeps every ticks object under ticks/dt=YYYY-MM-DD/ named from its Kafka coordinates', async () => {
    const listed = await s3Client().send(
      new ListObjectsV2Command({ Bucket: env.s3.bucket, Prefix: `${run.prefix}/` }),
    );
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(
        new RegExp(
          `^${run.prefix}/ticks/dt=\\d{4}-\\d{2}-\\d{2}/${run.topic}-\\d+-\\d{19}-\\d{19}\\.parquet$`,
        ),
      );
    }
  });

  it('answers SQL with the values the producer sent', async () => {
    const result = await sql(
      run.prefix,
      `SELECT symbol, count(*) AS n, min(event_time) AS first, max(event_time) AS last FROM ticks GROUP BY symbol ORDER BY symbol`,
    );
    expect(result.rows).toHaveLength(14);
    const end = new Date(SCHEDULED);
    // Trino answers a timestamp(3) as text in UTC: "2025-07-01 00:00:01.000".
    const utc = (text: unknown) => Date.parse(`${String(text).replace(' ', 'T')}Z`);
    for (const [, n, first, last] of result.rows) {
      expect(n).toBe(10);
      expect(utc(first)).toBe(end.getTime() - 9_000);
      expect(utc(last)).toBe(end.getTime());
    }
  });
});

describe('bad records', () => {
  it('are quarantined whole with a reason while the good ones are written', async () => {
    const garbage = [
      { key: 'x', value: 'not json at all' },
      { key: null, value: Buffer.from([0xff, 0xfe, 0x00, 0x41]) },
      { key: 'NYA', value: JSON.stringify({ symbol: 'NYA', close: -1 }) },
      { key: 'arr', value: '[1,2,3]' },
    ];
    const run = await runPipeline({ extraMessages: garbage });
    const quarantined = await quarantinedUnder(run.prefix);
    expect(quarantined).toHaveLength(4);
    const byValue = new Map(quarantined.map((q) => [Buffer.from(q.value!, 'base64').toString('latin1'), q]));
    expect(byValue.get('not json at all')?.reason).toMatch(/not JSON/);
    expect(byValue.get(Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('latin1'))?.reason).toMatch(/UTF-8/);
    expect(byValue.get('[1,2,3]')?.reason).toMatch(/array/);
    expect(
      [...byValue.values()].find((q) => q.key === Buffer.from('NYA').toString('base64'))?.reason,
    ).toMatch(/invalid tick/);
    for (const q of quarantined) expect(q.topic).toBe(run.topic);
    const result = await sql(run.prefix, 'SELECT count(*) FROM ticks');
    expect(result.rows).toEqual([[140]]);
  });
});

describe('event shapes and sources', () => {
  it('accepts the self-managed Kafka event shape', async () => {
    const run = await runPipeline({ source: { kind: 'self-managed' } });
    expect(run.events[0]!.eventSource).toBe('SelfManagedKafka');
    expect(run.events[0]!.eventSourceArn).toBeUndefined();
    const result = await sql(run.prefix, 'SELECT count(*) FROM ticks');
    expect(result.rows).toEqual([[140]]);
  });

  it('replays the tutorial CSV format', async () => {
    const csv = join(process.cwd(), 'data', 'indexProcessed.sample.csv');
    const run = await runPipeline({
      producerEnv: {
        TICK_SOURCE: 'replay',
        REPLAY_CSV_URI: csv,
        REPLAY_ORDER: 'sequential',
        TICKS_PER_SECOND: '3',
      },
    });
    expect(run.summary.ticks).toBe(30);
    const result = await sql(
      run.prefix,
      `SELECT count(*), count(DISTINCT trade_date), min(source), max(source) FROM ticks WHERE trade_date IS NOT NULL`,
    );
    const [[n, dates, minSource, maxSource]] = result.rows as [[number, number, string, string]];
    expect(n).toBe(30);
    expect(dates).toBeGreaterThanOrEqual(2);
    expect([minSource, maxSource]).toEqual(['replay', 'replay']);
  });
});

describe('a batch across midnight', () => {
  it('lands in two dt partitions', async () => {
    const midnight = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    // One 10-second run ending 5 s after midnight: ticks on both sides of it, sunk in one batch.
    const topic = unique('it-midnight');
    const prefix = unique('it');
    await createTopic(topic, 1);
    const config = producerConfig(topic, { TICK_SYMBOLS: 'NYA,HSI' });
    const publisher = publisherFor(config);
    await createProducerHandler(
      config,
      silentLogger,
      publisher,
    )({ time: new Date(midnight.getTime() + 5_000).toISOString() });
    await publisher.close();
    const { stats } = await sinkAll(topic, prefix, 20);
    expect(stats.invocations).toBe(1);
    const result = await sqlOver(
      `${prefix}/ticks/`,
      'SELECT dt, count(*) FROM ticks GROUP BY dt ORDER BY dt',
    );
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(result.rows).toEqual([
      [day(midnight.getTime() - 1), 8], // 23:59:56 … 23:59:59, two symbols
      [day(midnight.getTime()), 12], // 00:00:00 … 00:00:05
    ]);
  });
});
