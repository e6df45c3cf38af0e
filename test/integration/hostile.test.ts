import fc from 'fast-check';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { readQuarantine } from '../../ops/quarantine/replay';
import { listObjects } from '../../ops/s3/objects';
import { syntheticTicks } from '../../shared/sources';
import { auditOf, createTopic, localEnv, s3Client, sinkAll, sqlOver, unique } from './support';

const env = localEnv();

/** Values an attacker or a broken producer might send, each paired with nothing valid about it. */
function hostileValues(): (string | Buffer | null)[] {
  const now = Date.now();
  const good = syntheticTicks({ startMs: now - 3_600_000, endMs: now - 3_599_000, ticksPerSecond: 1 }, [
    'NYA',
  ])[0]!;
  const tick = (patch: Record<string, unknown>) => JSON.stringify({ ...good, ...patch });
  const named: (string | Buffer | null)[] = [
    null,
    '',
    Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
    'not json',
    '[1,2,3]',
    '42',
    '"a string"',
    'null',
    'true',
    '{"__proto__":{"polluted":true}}',
    tick({ constructor: { prototype: { polluted: true } } }),
    tick({ __proto__: 1 }).replace('"tick_id"', '"__proto__":{"x":1},"tick_id"'),
    tick({ close: -1 }),
    tick({ close: 'NaN' }),
    tick({ open: 'Infinity' }),
    tick({}).replace(/"high":[0-9.]+/, '"high":1e999'),
    tick({ event_time: '1970-01-01T00:00:00.000Z' }),
    tick({ event_time: '9999-12-31T23:59:59.999Z' }),
    tick({ symbol: '../../etc' }),
    tick({ symbol: 'a/b' }),
    tick({ symbol: '%2F..%2F' }),
    tick({ symbol: 'NYA\u0000\u001f' }),
    tick({ symbol: 'N'.repeat(300) }),
    tick({ symbol: 'ΝΥΑ' }),
    tick({ extra: 1 }),
    JSON.stringify({ symbol: 'NYA' }),
    tick({ volume: 1.5 }),
  ];
  const random = fc.sample(
    fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.string({ maxLength: 200 }),
      fc.json().map((j) => j),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue()).map((d) => JSON.stringify(d)),
    ),
    { numRuns: 10_000 - named.length, seed: 20261126 },
  );
  return [...named, ...random];
}

describe('hostile input to the sink', () => {
  it('quarantines every bad record of a 10,000-record garbage batch with its reason, writes every good one, and keeps every object inside its prefix', async () => {
    const topic = unique('it-hostile');
    const prefix = unique('it');
    await createTopic(topic);
    const now = Date.now();
    const good = syntheticTicks(
      { startMs: now - 7_200_000, endMs: now - 7_200_000 + 10_000, ticksPerSecond: 1 },
      ['NYA', 'HSI'],
    );
    const hostile = hostileValues();
    const producer = new Kafka({ brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    for (let i = 0; i < hostile.length; i += 1_000) {
      await producer.send({
        topic,
        messages: hostile.slice(i, i + 1_000).map((value, k) => ({ key: `k${i + k}`, value })),
      });
    }
    await producer.send({ topic, messages: good.map((t) => ({ key: t.symbol, value: JSON.stringify(t) })) });
    await producer.disconnect();
    const total = hostile.length + good.length;

    const s3 = s3Client();
    const before = new Set(await allKeys(s3));
    const { groupId, stats } = await sinkAll(topic, prefix, total);
    expect(stats.failures).toBe(0);

    const added = (await allKeys(s3)).filter((k) => !before.has(k));
    expect(added.length).toBeGreaterThan(0);
    for (const key of added)
      expect(key).toMatch(
        new RegExp(
          `^${prefix}/(ticks/dt=\\d{4}-\\d{2}-\\d{2}/${topic}-\\d+-\\d{19}-\\d{19}\\.parquet|quarantine/dt=(\\d{4}-\\d{2}-\\d{2}|unknown)/${topic}-\\d+-\\d{19}-\\d{19}\\.json\\.gz)$`,
        ),
      );

    const quarantined = (await readQuarantine(s3, env.s3.bucket, `${prefix}/quarantine/`)).flatMap(
      (o) => o.entries,
    );
    expect(quarantined).toHaveLength(hostile.length);
    for (const entry of quarantined) expect(entry.reason.length).toBeGreaterThan(5);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const rows = await sqlOver(`${prefix}/ticks/`, 'SELECT count(*), count(DISTINCT tick_id) FROM ticks');
    expect(rows.rows).toEqual([[good.length, good.length]]);
    const report = await auditOf(topic, prefix, groupId);
    expect(report.ok).toBe(true);
    expect(report.partitions.reduce((n, p) => n + p.quarantined, 0)).toBe(hostile.length);
  });
});

async function allKeys(s3: ReturnType<typeof s3Client>): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of listObjects(s3, env.s3.bucket)) keys.push(key);
  return keys;
}
