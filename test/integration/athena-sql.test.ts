import { Kafka, logLevel } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEsmEvent } from '../../local/esm/event-builder';
import { LOCAL_MSK } from '../../local/run/pipeline';
import { type LocalAthena, localAthena, namedQuerySql } from '../../ops/query/local-athena';
import { namedQueries } from '../../resources/stack/ticks-sql';
import { s3ObjectStore, sinkBatch } from '../../shared/sink';
import { DEFAULT_SYMBOLS, syntheticTicks } from '../../shared/sources';
import type { Tick } from '../../shared/tick';
import { auditOf, createTopic, localEnv, prefixesOf, readAll, s3Client, sinkAll, unique } from './support';

/**
 * The stack's Glue tables, view and named queries on Athena's own engine (Trino) over objects the
 * sink wrote to the local S3, checked against values computed here from the ticks sent. One
 * partition holds: ten seconds of today's synthetic ticks for every default symbol, one tick dated
 * tomorrow (the sink accepts up to 24 h ahead), one record the sink must quarantine, and copies of
 * five ticks written again by a batch re-cut differently, as at-least-once delivery can.
 */

const env = localEnv();
const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const now = Date.now();
// Ten seconds ending a minute ago (or ending just after midnight, so the window stays in today).
const endMs = Math.max(Math.floor((now - 60_000) / 1000) * 1000, Math.floor(now / DAY_MS) * DAY_MS + 10_000);
const today = utcDay(endMs - 10_000);
const tomorrowMs = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS + 500;

const ticks: Tick[] = syntheticTicks({ startMs: endMs - 10_000, endMs, ticksPerSecond: 1 }, DEFAULT_SYMBOLS);
const [template] = syntheticTicks({ startMs: tomorrowMs - 1000, endMs: tomorrowMs, ticksPerSecond: 1 }, [
  'NYA',
]);
const tomorrowTick: Tick = { ...template!, symbol: 'TMRW' };
const sent = [...ticks, tomorrowTick];
const COPIES = 5;

let athena: LocalAthena;
let groupId: string;
let topic: string;
let prefix: string;

beforeAll(async () => {
  topic = unique('it-athena');
  prefix = unique('it');
  await createTopic(topic, 1);
  const producer = new Kafka({ brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      ...sent.map((t) => ({ key: t.symbol, value: JSON.stringify(t) })),
      { key: 'bad', value: '{"symbol": "NYA", "close": "not a number"' },
    ],
  });
  await producer.disconnect();
  ({ groupId } = await sinkAll(topic, prefix, sent.length + 1));

  // A batch re-cut differently: the first five records again, in an object of their own.
  const again = (await readAll(topic, sent.length + 1)).slice(0, COPIES);
  await sinkBatch(
    buildEsmEvent(LOCAL_MSK, env.kafkaBrokers, again),
    s3ObjectStore(s3Client(), env.s3.bucket),
    {
      prefixes: prefixesOf(prefix),
    },
  );

  athena = await localAthena(env, {
    database: `it_${prefix.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`,
    prefixes: prefixesOf(prefix),
  });
}, 300_000);

/** Independently: per (dt, symbol), the day's OHLC of the ticks sent. */
function ohlc(from: readonly Tick[]) {
  const groups = new Map<string, Tick[]>();
  for (const t of from) {
    const key = `${utcDay(Date.parse(t.event_time))}|${t.symbol}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.entries()].map(([key, list]) => {
    const byTime = [...list].sort((a, b) => Date.parse(a.event_time) - Date.parse(b.event_time));
    const [dt, symbol] = key.split('|') as [string, string];
    return {
      dt,
      symbol,
      open: byTime[0]!.open,
      high: Math.max(...list.map((t) => t.high)),
      low: Math.min(...list.map((t) => t.low)),
      close: byTime[byTime.length - 1]!.close,
      // SQL's sum skips nulls, and is null when every value is.
      volume: list.some((t) => t.volume !== null) ? list.reduce((sum, t) => sum + (t.volume ?? 0), 0) : null,
      ticks: list.length,
    };
  });
}

const asObjects = (result: { columns: readonly string[]; rows: readonly (readonly unknown[])[] }) =>
  result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));

describe('Athena SQL on Trino over what the sink wrote', () => {
  it('runs every named query exactly as the stack registers it', async () => {
    for (const query of namedQueries()) {
      const result = await athena.run(namedQuerySql(query.name, athena.database));
      expect(result.columns.length, query.name).toBeGreaterThan(0);
    }
  });

  it('Daily OHLC per symbol: the values computed from the ticks sent', async () => {
    const result = asObjects(await athena.named('Daily OHLC per symbol'));

    // ORDER BY dt DESC, symbol: varchar order is by code point, as JavaScript's < compares.
    const expected = ohlc(sent).sort((a, b) =>
      a.dt === b.dt ? (a.symbol < b.symbol ? -1 : 1) : a.dt < b.dt ? 1 : -1,
    );
    expect(result).toEqual(expected);
  });

  it('Latest price per symbol and Biggest movers today: the values computed from the ticks sent', async () => {
    const latest = asObjects(await athena.named('Latest price per symbol'));
    const movers = asObjects(await athena.named('Biggest movers today'));

    const days = ohlc(sent);
    expect(latest.map((r) => [r.symbol, r.price, r.ticks_since_yesterday])).toEqual(
      [...new Set(sent.map((t) => t.symbol))].sort().map((symbol) => {
        const rows = days.filter((d) => d.symbol === symbol).sort((a, b) => a.dt.localeCompare(b.dt));
        return [symbol, rows[rows.length - 1]!.close, rows.reduce((n, d) => n + d.ticks, 0)];
      }),
    );
    const change = (d: { open: number; close: number }) => Math.abs(d.close - d.open) / d.open;
    const top = days
      .filter((d) => d.dt === today)
      .sort((a, b) => change(b) - change(a))
      .slice(0, 10);
    expect(movers.map((r) => r.symbol)).toEqual(top.map((d) => d.symbol));
    movers.forEach((r, i) => {
      const d = top[i]!;
      expect(r.change_pct as number).toBeCloseTo((100 * (d.close - d.open)) / d.open, 2);
    });
  });

  it('Reconcile S3 with Kafka: no gap, the re-cut copies and the quarantined record, as npm run audit counts them', async () => {
    const [row] = asObjects(await athena.named('Reconcile S3 with Kafka'));
    const report = await auditOf(
      topic,
      athena.database.replace(/^it_/, '').replace(/_/g, '-'),
      groupId,
    ).catch(() => undefined);

    expect(row).toMatchObject({
      topic,
      kafka_partition: 0,
      first_offset: 0,
      last_offset: sent.length,
      offsets_stored: sent.length + 1,
      missing_inside_range: 0,
      rows_stored_twice: COPIES,
      quarantined: 1,
    });
    if (report)
      expect(report.partitions[0]).toMatchObject({ ticks: sent.length, quarantined: 1, missing: 0 });
  });

  it('the view shows one row per tick although ticks_raw holds copies', async () => {
    const raw = await athena.run('SELECT count(*), count(DISTINCT tick_id) FROM ticks_raw');
    const view = await athena.run('SELECT count(*), count(DISTINCT tick_id) FROM ticks');

    expect(raw.rows).toEqual([[sent.length + COPIES, sent.length]]);
    expect(view.rows).toEqual([[sent.length, sent.length]]);
  });

  it('a dt filter through the view reaches the table scan: only the named partition is read', async () => {
    const plan = await athena.run(
      `EXPLAIN (TYPE IO, FORMAT JSON) SELECT count(*) FROM ticks WHERE dt = '${today}'`,
    );
    const filtered = await athena.run(`SELECT count(*) FROM ticks WHERE dt = '${today}'`);

    const io = JSON.parse(String(plan.rows[0]![0])) as {
      inputTableColumnInfos: {
        table: { schemaTable: { table: string } };
        constraint: { columnConstraints: unknown[] };
      }[];
    };
    const scan = io.inputTableColumnInfos.find((t) => t.table.schemaTable.table === 'ticks_raw')!;
    expect(JSON.stringify(scan.constraint.columnConstraints)).toContain(today);
    expect(JSON.stringify(scan.constraint.columnConstraints)).toContain('"columnName":"dt"');
    // Rows read: today's partition alone (with its copies), not tomorrow's.
    expect(filtered.rows).toEqual([[ticks.length]]);
    expect(filtered.stats.processedRows).toBe(ticks.length + COPIES);
  });

  it('shows a tick dated tomorrow at once', async () => {
    const result = await athena.run(`SELECT symbol, dt FROM ticks WHERE dt = '${utcDay(tomorrowMs)}'`);

    expect(result.rows).toEqual([['TMRW', utcDay(tomorrowMs)]]);
  });

  it('reads the quarantined record from ticks_quarantine, with its reason', async () => {
    const result = asObjects(
      await athena.run('SELECT topic, "partition", "offset", reason FROM ticks_quarantine'),
    );

    expect(result).toEqual([
      { topic, partition: 0, offset: sent.length, reason: expect.stringMatching(/^value is not JSON/) },
    ]);
  });
});
