/**
 * Regenerates test/events/*.json from the real synthetic source:
 *   npx tsx test/support/make-fixtures.ts && npx biome check --write test/events
 *
 * Both events span midnight UTC (ticks at 2025-06-30T23:59:59Z and 2025-07-01T00:00:01Z) and
 * carry one malformed record, so a sink test sees two dt partitions and a quarantine object.
 */
import { writeFileSync } from 'node:fs';
import type { EsmEvent, EsmRecord } from '../../shared/esm';
import { syntheticTicks } from '../../shared/sources';
import type { Tick } from '../../shared/tick';

const BEFORE_MIDNIGHT = Date.parse('2025-06-30T23:59:59.000Z');
const AFTER_MIDNIGHT = Date.parse('2025-07-01T00:00:01.000Z');

function ticksAt(atMs: number, symbols: string[]): Tick[] {
  return syntheticTicks({ startMs: atMs - 1000, endMs: atMs, ticksPerSecond: 1 }, symbols);
}

function record(
  topic: string,
  partition: number,
  offset: number,
  timestamp: number,
  key: string,
  value: string,
): EsmRecord {
  return {
    topic,
    partition,
    offset,
    timestamp,
    timestampType: 'CREATE_TIME',
    key: Buffer.from(key).toString('base64'),
    value: Buffer.from(value).toString('base64'),
    headers: [{ 'content-type': [...Buffer.from('application/json')] }],
  };
}

function tickRecord(topic: string, partition: number, offset: number, tick: Tick): EsmRecord {
  return record(topic, partition, offset, Date.parse(tick.event_time), tick.symbol, JSON.stringify(tick));
}

const [nyaBefore, n225Before] = ticksAt(BEFORE_MIDNIGHT, ['NYA', 'N225']) as [Tick, Tick];
const [nyaAfter, n225After] = ticksAt(AFTER_MIDNIGHT, ['NYA', 'N225']) as [Tick, Tick];

// MSK: NYA on partition 0 with a truncated JSON value after it, N225 on partition 1.
const msk: EsmEvent = {
  eventSource: 'aws:kafka',
  eventSourceArn:
    'arn:aws:kafka:eu-west-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2',
  bootstrapServers:
    'b-1.ticks.abc123.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.ticks.abc123.c2.kafka.eu-west-1.amazonaws.com:9098',
  records: {
    'ticks-0': [
      tickRecord('ticks', 0, 40, nyaBefore),
      tickRecord('ticks', 0, 41, nyaAfter),
      record(
        'ticks',
        0,
        42,
        AFTER_MIDNIGHT + 1000,
        'NYA',
        '{"tick_id":"0123456789abcdef0123456789abcdef","symbol":"NYA"',
      ),
    ],
    'ticks-1': [tickRecord('ticks', 1, 7, n225Before), tickRecord('ticks', 1, 8, n225After)],
  },
};

// Self-managed: everything on one partition; the bad record is JSON but not a tick.
const selfManaged: EsmEvent = {
  eventSource: 'SelfManagedKafka',
  bootstrapServers: '127.0.0.1:29092',
  records: {
    'ticks-0': [
      tickRecord('ticks', 0, 100, nyaBefore),
      tickRecord('ticks', 0, 101, n225Before),
      tickRecord('ticks', 0, 102, nyaAfter),
      tickRecord('ticks', 0, 103, n225After),
      record(
        'ticks',
        0,
        104,
        AFTER_MIDNIGHT + 1000,
        '../x',
        JSON.stringify({ ...nyaAfter, symbol: '../x', open: -1 }),
      ),
    ],
  },
};

const dir = new URL('../events/', import.meta.url);
writeFileSync(new URL('msk-event.json', dir), `${JSON.stringify(msk, null, 2)}\n`);
writeFileSync(new URL('self-managed-event.json', dir), `${JSON.stringify(selfManaged, null, 2)}\n`);
