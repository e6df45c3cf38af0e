import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, EsmEventError, type EsmRecord } from '../../../shared/esm';
import { type SinkPrefixes, SinkWriteError, sinkBatch } from '../../../shared/sink';
import { TICK_COLUMNS } from '../../../shared/tick';
import { recordBatch } from '../../support/arbitraries';
import {
  anEsmEvent,
  anEsmRecord,
  aTick,
  b64,
  b64Json,
  memoryStore,
  objectRows,
  TEST_WINDOW,
} from '../../support/builders';
import { type EventFixture, loadEvent } from '../../support/fixtures';

const PREFIXES: SinkPrefixes = { ticks: 'ticks/', quarantine: 'quarantine/' };
const OPTIONS = { prefixes: PREFIXES, eventTimeWindow: TEST_WINDOW };
const pad = (n: number) => String(n).padStart(19, '0');
const key = (prefix: string, dt: string, partition: number, first: number, last: number) =>
  `${prefix}dt=${dt}/ticks-${partition}-${pad(first)}-${pad(last)}${prefix === PREFIXES.ticks ? '.parquet' : '.json.gz'}`;

/** Every object of a store as rows, by key. */
async function contents(
  objects: ReadonlyMap<string, Uint8Array>,
): Promise<Record<string, Record<string, unknown>[]>> {
  return Object.fromEntries(
    await Promise.all([...objects].map(async ([k, body]) => [k, await objectRows(k, body)] as const)),
  );
}

describe('sinkBatch', () => {
  describe.each<[EventFixture, string, Record<string, number[]>]>([
    [
      'msk-event',
      'aws:kafka',
      {
        [key('ticks/', '2025-06-30', 0, 40, 40)]: [40],
        [key('ticks/', '2025-07-01', 0, 41, 41)]: [41],
        [key('ticks/', '2025-06-30', 1, 7, 7)]: [7],
        [key('ticks/', '2025-07-01', 1, 8, 8)]: [8],
        [key('quarantine/', '2025-07-01', 0, 42, 42)]: [42],
      },
    ],
    [
      'self-managed-event',
      'SelfManagedKafka',
      {
        [key('ticks/', '2025-06-30', 0, 100, 101)]: [100, 101],
        [key('ticks/', '2025-07-01', 0, 102, 103)]: [102, 103],
        [key('quarantine/', '2025-07-01', 0, 104, 104)]: [104],
      },
    ],
  ])('with the %s fixture (%s)', (fixture, eventSource, expectedOffsets) => {
    it('writes the good ticks by dt, quarantines the bad record, and summarises', async () => {
      // Prepare
      const event = loadEvent(fixture);
      const { store, objects } = memoryStore();
      expect(event.eventSource).toBe(eventSource);

      // Act
      const summary = await sinkBatch(event, store, OPTIONS);

      // Assess
      const written = await contents(objects);
      expect(Object.keys(written).sort()).toEqual(Object.keys(expectedOffsets).sort());
      for (const [k, offsets] of Object.entries(expectedOffsets)) {
        const lines = written[k]!;
        expect(
          lines.map((l) => l.kafka_offset ?? l.offset),
          k,
        ).toEqual(offsets);
      }
      expect(summary).toEqual({
        records: 5,
        written: 4,
        quarantined: 1,
        objects: Object.keys(expectedOffsets).length,
        bytes: [...objects.values()].reduce((n, b) => n + b.length, 0),
        newestEventTimeMs: expect.any(Number),
        keys: expect.arrayContaining(Object.keys(expectedOffsets)),
      });
    });

    it('writes rows with the stored columns, the tick values and the event time of their dt', async () => {
      // Prepare
      const event = loadEvent(fixture);
      const { store, objects } = memoryStore();
      const sent = Object.values(event.records)
        .flat()
        .flatMap((r) => {
          const decoded = decodeRecord(r, TEST_WINDOW);
          return decoded.ok ? [decoded.tick] : [];
        });

      // Act
      await sinkBatch(event, store, OPTIONS);

      // Assess
      const rows = Object.entries(await contents(objects))
        .filter(([k]) => k.startsWith('ticks/'))
        .flatMap(([k, lines]) => lines.map((row) => ({ dt: /dt=([^/]+)/.exec(k)![1], row })));
      expect(rows).toHaveLength(4);
      for (const { dt, row } of rows) {
        expect(Object.keys(row)).toEqual(TICK_COLUMNS.map((c) => c.name));
        expect(String(row.event_time).slice(0, 10)).toBe(dt);
        const tick = sent.find((t) => t.tick_id === row.tick_id)!;
        expect(row).toMatchObject({
          symbol: tick.symbol,
          open: tick.open,
          close: tick.close,
          source: 'synthetic',
        });
        expect(Date.parse(String(row.event_time))).toBe(Date.parse(tick.event_time));
      }
    });

    it('writes identical keys and bytes for the same event twice (redelivery)', async () => {
      // Prepare
      const first = memoryStore();
      const second = memoryStore();

      // Act
      const a = await sinkBatch(loadEvent(fixture), first.store, OPTIONS);
      const b = await sinkBatch(loadEvent(fixture), second.store, OPTIONS);

      // Assess
      expect(b).toEqual(a);
      expect([...second.objects.keys()]).toEqual([...first.objects.keys()]);
      for (const [k, body] of first.objects)
        expect(Buffer.from(second.objects.get(k)!).equals(Buffer.from(body)), k).toBe(true);
    });

    it('keeps the bad record whole in the quarantine object, with the reason', async () => {
      // Prepare
      const event = loadEvent(fixture);
      const bad = Object.values(event.records)
        .flat()
        .find((r) => !decodeRecord(r, TEST_WINDOW).ok)!;
      const { store, objects } = memoryStore();

      // Act
      await sinkBatch(event, store, OPTIONS);

      // Assess
      const [entry] = Object.entries(await contents(objects)).find(([k]) => k.startsWith('quarantine/'))![1];
      expect(entry).toMatchObject({
        topic: bad.topic,
        partition: bad.partition,
        offset: bad.offset,
        timestamp: bad.timestamp,
        key: bad.key,
        value: bad.value,
        headers: bad.headers,
        reason: expect.stringMatching(/^(value is not JSON|invalid tick): /),
      });
    });
  });

  it('fails with SinkWriteError naming the key when the store fails, after trying every object', async () => {
    // Prepare
    const failing = (k: string) => k.startsWith('quarantine/');
    const { store, attempts, objects } = memoryStore(failing);

    // Act
    let thrown: unknown;
    try {
      await sinkBatch(loadEvent('msk-event'), store, OPTIONS);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(SinkWriteError);
    const error = thrown as SinkWriteError;
    expect(error.name).toBe('SinkWriteError');
    expect(error.message).toBe(
      `1 of 5 objects could not be written (first: ${key('quarantine/', '2025-07-01', 0, 42, 42)}: simulated S3 failure for ${key('quarantine/', '2025-07-01', 0, 42, 42)}); the batch will be redelivered`,
    );
    expect((error.cause as Error).message).toContain('simulated S3 failure');
    expect(attempts).toHaveLength(5);
    expect(objects.size).toBe(4);
  });

  it('counts every failed object', async () => {
    const { store } = memoryStore(() => true);
    await expect(sinkBatch(loadEvent('self-managed-event'), store, OPTIONS)).rejects.toThrow(
      /^3 of 3 objects could not be written/,
    );
  });

  it('refuses an event that is not from a Kafka mapping, writing nothing', async () => {
    // Prepare
    const { store, attempts } = memoryStore();

    // Act
    const result = sinkBatch({ Records: [{ eventSource: 'aws:sqs' }] }, store, OPTIONS);

    // Assess
    await expect(result).rejects.toThrow(EsmEventError);
    expect(attempts).toEqual([]);
  });

  it('writes nothing for an empty batch', async () => {
    // Prepare
    const { store, attempts } = memoryStore();

    // Act
    const summary = await sinkBatch(anEsmEvent([]), store, OPTIONS);

    // Assess
    expect(summary).toEqual({
      records: 0,
      written: 0,
      quarantined: 0,
      objects: 0,
      bytes: 0,
      newestEventTimeMs: undefined,
      keys: [],
    });
    expect(attempts).toEqual([]);
  });

  it('quarantines every record of an all-bad batch and still succeeds', async () => {
    // Prepare
    const records = [
      anEsmRecord({ offset: 1, value: undefined }),
      anEsmRecord({ offset: 2, value: b64('{') }),
      anEsmRecord({ offset: 3, value: b64Json({ ...aTick(), symbol: '../../etc' }) }),
    ];
    const { store, objects } = memoryStore();

    // Act
    const summary = await sinkBatch(anEsmEvent(records, 'aws:kafka'), store, OPTIONS);

    // Assess
    expect(summary).toMatchObject({ records: 3, written: 0, quarantined: 3, objects: 1 });
    expect([...objects.keys()]).toEqual([key('quarantine/', '2025-07-01', 0, 1, 3)]);
  });

  it('writes ticks as Parquet and refused records as gzip JSON lines, with their media types', async () => {
    // Prepare
    const { store, contentTypes } = memoryStore();

    // Act
    await sinkBatch(loadEvent('msk-event'), store, OPTIONS);

    // Assess
    const types = Object.fromEntries(contentTypes);
    expect(Object.keys(types)).toHaveLength(5);
    for (const [k, type] of Object.entries(types)) {
      expect(type, k).toBe(k.endsWith('.parquet') ? 'application/vnd.apache.parquet' : 'application/gzip');
      expect(k.endsWith('.parquet'), k).toBe(k.startsWith(PREFIXES.ticks));
    }
  });

  it('for any batch: objects under their prefixes, every record in exactly one line, and repeatable', async () => {
    await fc.assert(
      fc.asyncProperty(recordBatch, async (records: EsmRecord[]) => {
        // Prepare
        const event = anEsmEvent(records);
        const first = memoryStore();
        const second = memoryStore();

        // Act
        const summary = await sinkBatch(event, first.store, OPTIONS);
        await sinkBatch(event, second.store, OPTIONS);

        // Assess
        const written = await contents(first.objects);
        const keys = Object.keys(written);
        expect(keys.every((k) => k.startsWith(PREFIXES.ticks) || k.startsWith(PREFIXES.quarantine))).toBe(
          true,
        );
        expect(keys.every((k) => !k.split('/').includes('..'))).toBe(true);
        const origins = Object.entries(written).flatMap(([k, lines]) =>
          lines.map((l) =>
            k.startsWith(PREFIXES.ticks)
              ? `${l.kafka_topic}|${l.kafka_partition}|${l.kafka_offset}`
              : `${l.topic}|${l.partition}|${l.offset}`,
          ),
        );
        expect(origins.sort()).toEqual(records.map((r) => `${r.topic}|${r.partition}|${r.offset}`).sort());
        expect(summary.written + summary.quarantined).toBe(records.length);
        expect(summary.objects).toBe(keys.length);
        for (const [k, body] of first.objects)
          expect(Buffer.from(second.objects.get(k)!).equals(Buffer.from(body))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('reports the newest event time among the ticks written, not among the refused records', async () => {
    // Prepare: two ticks a minute apart, and a refused record.
    const early = aTick({ event_time: '2025-07-01T00:00:00.000Z' });
    const late = aTick({ symbol: 'N225', event_time: '2025-07-01T00:01:00.000Z' });
    const event = anEsmEvent([
      anEsmRecord({ offset: 1, value: b64Json(late) }),
      anEsmRecord({ offset: 2, value: b64Json(early) }),
      anEsmRecord({ offset: 3, value: b64('not json') }),
    ]);

    // Act
    const summary = await sinkBatch(event, memoryStore().store, OPTIONS);

    // Assess
    expect(summary.quarantined).toBe(1);
    expect(summary.newestEventTimeMs).toBe(Date.parse('2025-07-01T00:01:00.000Z'));
  });
});
