import { createHash } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEsmEvent, type ConsumedMessage } from '../../local/esm/event-builder';
import { LOCAL_MSK } from '../../local/run/pipeline';
import { formatAudit } from '../../ops/audit';
import { openDayAudit } from '../../ops/audit/day-session';
import { type LocalAthena, localAthena } from '../../ops/query/local-athena';
import {
  type CompactionStore,
  compactDay,
  compactionPrefixes,
  type DaySummary,
  parseSeal,
  s3CompactionStore,
  sealKey,
} from '../../shared/compaction';
import type { EsmEvent } from '../../shared/esm';
import { parseObjectKey, s3ObjectStore, sinkBatch } from '../../shared/sink';
import { DEFAULT_SYMBOLS, syntheticTicks } from '../../shared/sources';
import type { Tick } from '../../shared/tick';
import {
  auditOf,
  createTopic,
  kafkaAdmin,
  localEnv,
  prefixesOf,
  readAll,
  s3Client,
  sinkAll,
  unique,
} from './support';

/**
 * Compaction on the real Kafka, S3 and Trino. One UTC day (yesterday, inside the window of the
 * named queries) of a 3-partition topic holds what at-least-once delivery leaves: 30 s of every
 * default symbol, a producer run retried (the first 28 ticks sent again at new offsets), 3 records
 * the sink quarantines, and two batches re-cut differently (copies under other keys). Every step
 * ends with the audit clean and the same SQL answers as before compaction, on Athena's engine.
 */

const env = localEnv();
const DAY_MS = 86_400_000;
const day = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
const noonMs = Date.parse(`${day}T12:00:00.000Z`);
const ticksOf = (fromSecond: number, seconds: number): Tick[] =>
  syntheticTicks(
    { startMs: noonMs + fromSecond * 1000, endMs: noonMs + (fromSecond + seconds) * 1000, ticksPerSecond: 1 },
    DEFAULT_SYMBOLS,
  );
const ticks = ticksOf(0, 30);
const RESENT = 28;
const BAD = 3;

const s3 = s3Client(env);
const real = s3ObjectStore(s3, env.s3.bucket);
let topic: string;
let prefix: string;
let groupId: string;
let athena: LocalAthena;
let messages: ConsumedMessage[];
const events: EsmEvent[] = [];

async function send(batch: { key: string; value: string; timestamp: string }[]): Promise<void> {
  const producer = new Kafka({ brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({ topic, messages: batch });
  await producer.disconnect();
}

const asMessage = (t: Tick) => ({
  key: t.symbol,
  value: JSON.stringify(t),
  timestamp: String(Date.parse(t.event_time)),
});
const eventOf = (from: readonly ConsumedMessage[]) => buildEsmEvent(LOCAL_MSK, env.kafkaBrokers, from);
const prefixes = () => compactionPrefixes(prefixesOf(prefix));
/** The day audit against the real broker, as `npm run compact` opens it (ops/audit/day-session.ts). */
async function compact(store: CompactionStore = s3CompactionStore(s3, env.s3.bucket), dryRun = false) {
  const session = await openDayAudit({
    kafka: { brokers: env.kafkaBrokers },
    groupId,
    store,
    prefixes: prefixes(),
  });
  try {
    return await compactDay(store, { dt: day, topic, prefixes: prefixes(), dryRun, audit: session.audit });
  } finally {
    await session.close();
  }
}

/** The tick objects of the day, with their sizes. */
async function dayObjects(): Promise<{ key: string; size: number }[]> {
  const out: { key: string; size: number }[] = [];
  for await (const o of s3CompactionStore(s3, env.s3.bucket).list(`${prefixes().ticks}dt=${day}/`))
    out.push(o);
  return out;
}

/** The store, counting puts and deletes, crashing at the delete after `deletes` of them (never, by default). */
function counting(deletes = Number.POSITIVE_INFINITY) {
  const inner = s3CompactionStore(s3, env.s3.bucket);
  const seen = { puts: 0, deletes: 0 };
  const store: CompactionStore = {
    list: (p) => inner.list(p),
    get: (k) => inner.get(k),
    async put(k, b, t, condition) {
      seen.puts++;
      await inner.put(k, b, t, condition);
    },
    async delete(k, ifMatch) {
      if (seen.deletes >= deletes) throw new Error(`injected crash before delete #${seen.deletes + 1}`);
      seen.deletes++;
      await inner.delete(k, ifMatch);
    },
  };
  return { store, seen };
}

/** What users ask: the numbers that must not change when the files under them do. */
async function answers() {
  const counts = await athena.run('SELECT count(*), count(DISTINCT tick_id) FROM ticks');
  const ohlc = await athena.named('Daily OHLC per symbol');
  const perDay = await athena.run(
    `SELECT symbol, count(*), min(kafka_offset), max(close) FROM ticks WHERE dt = '${day}' GROUP BY symbol ORDER BY symbol`,
  );
  return { counts: counts.rows, ohlc: ohlc.rows, perDay: perDay.rows };
}

let before: Awaited<ReturnType<typeof answers>>;

async function expectCleanAuditAndSameAnswers(expected = before) {
  const report = await auditOf(topic, prefix, groupId);
  expect(report.partitions.flatMap((p) => p.gaps)).toEqual([]);
  expect(report.partitions.every((p) => p.missing === 0 && p.inBoth === 0)).toBe(true);
  expect(await answers()).toEqual(expected);
  return report;
}

beforeAll(async () => {
  topic = unique('it-compact');
  prefix = unique('it');
  await createTopic(topic, 3);
  await send(ticks.map(asMessage));
  const badAt = String(noonMs + 15_000);
  await send(
    Array.from({ length: BAD }, (_, i) => ({ key: `bad${i}`, value: '{"symbol": "NYA"', timestamp: badAt })),
  );
  // A retried producer run: the same ticks again, as new records.
  await send(ticks.slice(0, RESENT).map(asMessage));
  const total = ticks.length + BAD + RESENT;
  ({ groupId } = await sinkAll(topic, prefix, total, { onEvent: (e) => events.push(e) }));
  messages = await readAll(topic, total);
  // Redeliveries cut differently from the first delivery: copies of the same offsets under other keys.
  const options = { prefixes: prefixesOf(prefix) };
  await sinkBatch(eventOf(messages.slice(0, 200)), real, options);
  await sinkBatch(eventOf(messages.slice(150, 380)), real, options);
  athena = await localAthena(env, {
    database: `it_${prefix.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`,
    prefixes: prefixesOf(prefix),
  });
  before = await answers();
}, 300_000);

describe('compaction of a day on the real S3, checked by the audit and by Athena SQL on Trino', () => {
  it('starts from a day the audit finds complete, with rows stored twice', async () => {
    const report = await expectCleanAuditAndSameAnswers();

    expect(report.ok).toBe(true);
    expect(report.partitions.reduce((n, p) => n + p.duplicated, 0)).toBeGreaterThan(0);
    expect(before.counts).toEqual([[ticks.length, ticks.length]]);
    expect(before.ohlc.length).toBeGreaterThanOrEqual(DEFAULT_SYMBOLS.length);
  });

  it('a dry run plans one file per partition and changes nothing', async () => {
    // Prepare
    const objects = await dayObjects();
    const { store, seen } = counting();

    // Act
    const plan = await compact(store, true);

    // Assess
    expect(seen).toEqual({ puts: 0, deletes: 0 });
    expect(await dayObjects()).toEqual(objects);
    expect(plan.partitions.map((p) => p.action)).toEqual(['planned', 'planned', 'planned']);
    expect(plan.partitions.reduce((n, p) => n + p.inputs.length, 0)).toBe(objects.length);
    expect(plan.seal?.state).toBe('planned');
  });

  it('a crash right after the write, then after each delete, loses nothing; the next run completes', async () => {
    // Prepare
    const inputs = (await dayObjects()).map((o) => o.key);
    let finished: DaySummary | undefined;
    let runs = 0;

    // Act, Assess: run k may delete k objects, then crashes; all runs together make progress
    for (let allowed = 0; !finished; allowed++) {
      const { store } = counting(allowed);
      runs++;
      try {
        finished = await compact(store);
      } catch (error) {
        expect((error as Error).message).toMatch(/injected crash/);
        const keys = (await dayObjects()).map((o) => o.key);
        if (allowed === 0) {
          // Right after the first partition's write: its file beside every input.
          expect(keys.filter((k) => k.endsWith('.compacted.parquet'))).toHaveLength(1);
          expect(inputs.every((k) => keys.includes(k))).toBe(true);
        }
        expect(
          await s3CompactionStore(s3, env.s3.bucket).get(sealKey(prefixes().seals, day, topic)),
        ).toBeUndefined();
        const report = await expectCleanAuditAndSameAnswers();
        expect(report.ok).toBe(true);
      }
      expect(runs).toBeLessThan(inputs.length + 5);
    }
    expect(finished.seal?.state).toBe('written');
    expect(runs).toBeGreaterThan(2);
  }, 900_000);

  it('leaves one file per partition, each offset once, and the same SQL answers', async () => {
    // Act
    const keys = (await dayObjects()).map((o) => o.key);
    const report = await expectCleanAuditAndSameAnswers();

    // Assess
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => parseObjectKey(prefixes().ticks, k, 'ticks')?.compacted)).toBe(true);
    expect(report.ok).toBe(true);
    expect(report.partitions.map((p) => p.duplicated)).toEqual([0, 0, 0]);
    expect(report.seals.map((s) => s.ok)).toEqual([true]);
    const raw = await athena.run('SELECT count(*), count(DISTINCT tick_id) FROM ticks_raw');
    expect(raw.rows).toEqual([[ticks.length + RESENT, ticks.length]]);
  });

  it('seals the day: offsets, rows, tick_id repeats and quarantined records per partition, and each file', async () => {
    // Prepare: what the log says, independently of compaction
    const isTick = (m: ConsumedMessage) => m.value!.toString().startsWith('{"tick_id"');
    const key = sealKey(prefixes().seals, day, topic);

    // Act
    const seal = parseSeal((await s3CompactionStore(s3, env.s3.bucket).get(key))!, key);

    // Assess
    expect(seal).toMatchObject({ version: 2, dt: day, topic });
    expect(seal.partitions).toEqual(
      [0, 1, 2]
        .map((p) => {
          const ofPartition = messages.filter((m) => m.partition === p);
          const good = ofPartition.filter(isTick);
          const offsets = good.map((m) => Number(m.offset));
          const ids = good.map((m) => (JSON.parse(m.value!.toString()) as Tick).tick_id);
          return {
            partition: p,
            firstOffset: good.length > 0 ? Math.min(...offsets) : null,
            lastOffset: good.length > 0 ? Math.max(...offsets) : null,
            rows: good.length,
            offsets: good.length,
            tickIdRepeats: ids.length - new Set(ids).size,
            quarantined: ofPartition.length - good.length,
            // Every record of the partition is stamped on the day: the audit checked them all.
            logFrom: 0,
            logTo: ofPartition.length,
          };
        })
        .filter((p) => p.rows > 0 || p.quarantined > 0),
    );
    expect(seal.partitions.reduce((n, p) => n + p.tickIdRepeats, 0)).toBe(RESENT);
    expect(seal.partitions.reduce((n, p) => n + p.quarantined, 0)).toBe(BAD);
    for (const file of seal.files) {
      const bytes = (await s3CompactionStore(s3, env.s3.bucket).get(file.key))!;
      expect(file.bytes).toBe(bytes.length);
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(seal.files.map((f) => f.key)).toEqual((await dayObjects()).map((o) => o.key));
    // And SQL says the same, through the stack's ticks_seals table over the seals prefix.
    const { rows } = await athena.run(
      `SELECT dt, topic, cardinality(partitions), cardinality(files), reduce(files, 0, (n, f) -> n + f.rows, n -> n) FROM ticks_seals WHERE topic = '${topic}'`,
    );
    expect(rows).toEqual([
      [day, topic, seal.partitions.length, seal.files.length, seal.files.reduce((n, f) => n + f.rows, 0)],
    ]);
  });

  it('run again, writes nothing and deletes nothing', async () => {
    // Prepare
    const { store, seen } = counting();
    const sealBefore = await s3CompactionStore(s3, env.s3.bucket).get(sealKey(prefixes().seals, day, topic));

    // Act
    const summary = await compact(store);

    // Assess
    expect(seen).toEqual({ puts: 0, deletes: 0 });
    expect(summary).toMatchObject({ writes: 0, deletes: 0, seal: { state: 'unchanged' } });
    expect(await s3CompactionStore(s3, env.s3.bucket).get(sealKey(prefixes().seals, day, topic))).toEqual(
      sealBefore,
    );
  });

  it('a batch redelivered after the seal is reported by the audit until the next run merges it', async () => {
    // Prepare: the mapping redelivers its first event, rewriting the objects it wrote then
    await sinkBatch(events[0]!, real, { prefixes: prefixesOf(prefix) });

    // Act
    const changed = await expectCleanAuditAndSameAnswers();
    const summary = await compact();
    const merged = await expectCleanAuditAndSameAnswers();

    // Assess
    expect(changed.ok).toBe(false);
    expect(changed.seals[0]!.unlisted.length).toBeGreaterThan(0);
    expect(formatAudit(changed)).toContain(`seal ${day}: CHANGED after its seal`);
    expect(formatAudit(changed)).toMatch(/SEALED DAY CHANGED: no gap/);
    expect(summary).toMatchObject({
      writes: 0,
      deletes: changed.seals[0]!.unlisted.length,
      seal: { state: 'unchanged' },
    });
    expect(merged.ok).toBe(true);
    expect(merged.seals[0]!.ok).toBe(true);
  });

  it('ticks of new offsets arriving late for the day are merged into new files and re-sealed', async () => {
    // Prepare: one more second of ticks for the day, sunk and committed after the seal
    const more = ticksOf(30, 1);
    await send(more.map(asMessage));
    const all = await readAll(topic, messages.length + more.length);
    const known = new Set(messages.map((m) => `${m.partition}:${m.offset}`));
    const fresh = all.filter((m) => !known.has(`${m.partition}:${m.offset}`));
    await sinkBatch(eventOf(fresh), real, { prefixes: prefixesOf(prefix) });
    const sealedFiles = (await dayObjects()).map((o) => o.key);
    const changed = await auditOf(topic, prefix, groupId);

    // Act: compaction while the sink's group has not committed them yet, then once it has
    const behind = await compact();
    const admin = kafkaAdmin(env);
    await admin.connect();
    const high = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: high.map((o) => ({ partition: o.partition, offset: o.high })),
    });
    await admin.disconnect();
    const late = await answers();
    const summary = await compact();

    // Assess
    expect(behind.seal).toMatchObject({ state: 'withheld', audit: { state: 'behind' } });
    expect(behind.seal?.state === 'withheld' && behind.seal.reasons.join('\n')).toMatch(
      /the sink has committed \d+, \d+ record\(s\) of the day \(up to offset \d+\) not read yet/,
    );
    expect(changed.ok).toBe(false);
    expect(changed.seals[0]!.unlisted.length).toBeGreaterThan(0);
    expect(late.counts).toEqual([[ticks.length + more.length, ticks.length + more.length]]);
    expect(summary.seal?.state).toBe('written');
    const files = (await dayObjects()).map((o) => o.key);
    expect(files).toHaveLength(3);
    expect(files.filter((k) => sealedFiles.includes(k)).length).toBeLessThan(3);
    const report = await expectCleanAuditAndSameAnswers(late);
    expect(report.ok).toBe(true);
    expect(report.seals[0]!.ok).toBe(true);
    expect(summary.seal?.state === 'written' && summary.seal.content.files.map((f) => f.key)).toEqual(files);
  });

  it('a stored file lost after the seal is a gap: the audit of the day fails and nothing is sealed', async () => {
    // Prepare: one partition's file goes missing
    const store = s3CompactionStore(s3, env.s3.bucket);
    const [lost] = (await dayObjects()).map((o) => o.key);
    const bytes = (await store.get(lost!))!;
    await store.delete(lost!);
    const sealBefore = await store.get(sealKey(prefixes().seals, day, topic));

    // Act
    const summary = await compact();
    await store.put(lost!, bytes, 'application/vnd.apache.parquet');
    const restored = await compact();

    // Assess
    expect(summary.seal).toMatchObject({ state: 'withheld', audit: { state: 'gap' } });
    const partition = parseObjectKey(prefixes().ticks, lost!, 'ticks')!.partition;
    expect(summary.seal?.state === 'withheld' && summary.seal.reasons).toEqual([
      expect.stringMatching(
        new RegExp(
          `^partition ${partition}: \\d+ committed offset\\(s\\) of the day are in no tick or quarantine object`,
        ),
      ),
    ]);
    expect(await store.get(sealKey(prefixes().seals, day, topic))).toEqual(sealBefore);
    expect(restored.seal?.state).toBe('unchanged');
  });
});
