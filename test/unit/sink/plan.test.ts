import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodedRecord, decodeRecord, type EsmRecord, recordsOf } from '../../../shared/esm';
import { parseObjectKey, planObjects, quarantineDate, type SinkPrefixes } from '../../../shared/sink';
import { partitionDate } from '../../../shared/tick';
import { recordBatch } from '../../support/arbitraries';
import { anEsmEvent, anEsmRecord, aTick, b64, b64Json, TEST_WINDOW } from '../../support/builders';
import { loadEvent } from '../../support/fixtures';

const PREFIXES: SinkPrefixes = { ticks: 'ticks/', quarantine: 'quarantine/' };
const pad = (n: number) => String(n).padStart(19, '0');

function decodeAll(records: readonly EsmRecord[]): DecodedRecord[] {
  return recordsOf(anEsmEvent(records)).map((r) => decodeRecord(r, TEST_WINDOW));
}

/** Where each row or line of the planned objects came from: `topic|partition|offset`. */
function lineOrigins(objects: ReturnType<typeof planObjects>): string[] {
  return objects.flatMap((o) =>
    o.kind === 'ticks'
      ? o.rows.map(({ at }) => `${at.topic}|${at.partition}|${at.offset}`)
      : o.lines.map((line) => {
          const entry = JSON.parse(line) as Record<string, unknown>;
          return `${entry.topic}|${entry.partition}|${entry.offset}`;
        }),
  );
}

const sizeOf = (o: ReturnType<typeof planObjects>[number]) => (o.kind === 'ticks' ? o.rows : o.lines).length;

describe('planObjects', () => {
  it('splits a partition whose ticks span midnight into one object per dt', () => {
    // Prepare
    const before = aTick({ event_time: '2025-06-30T23:59:59.000Z' });
    const after = aTick({ event_time: '2025-07-01T00:00:01.000Z' });
    const decoded = decodeAll([
      anEsmRecord({ offset: 10, value: b64Json(before) }),
      anEsmRecord({ offset: 11, value: b64Json(after) }),
      anEsmRecord({ offset: 12, value: b64Json(after) }),
    ]);

    // Act
    const objects = planObjects(decoded, PREFIXES);

    // Assess
    expect(objects.map((o) => [o.kind, o.key, sizeOf(o)])).toEqual([
      ['ticks', `ticks/dt=2025-06-30/ticks-0-${pad(10)}-${pad(10)}.parquet`, 1],
      ['ticks', `ticks/dt=2025-07-01/ticks-0-${pad(11)}-${pad(12)}.parquet`, 2],
    ]);
  });

  it('plans the MSK fixture: two dt objects per partition and the bad record in quarantine', () => {
    // Prepare
    const decoded = recordsOf(loadEvent('msk-event')).map((r) => decodeRecord(r, TEST_WINDOW));

    // Act
    const keys = planObjects(decoded, PREFIXES).map((o) => o.key);

    // Assess
    expect(keys.sort()).toEqual(
      [
        `quarantine/dt=2025-07-01/ticks-0-${pad(42)}-${pad(42)}.json.gz`,
        `ticks/dt=2025-06-30/ticks-0-${pad(40)}-${pad(40)}.parquet`,
        `ticks/dt=2025-06-30/ticks-1-${pad(7)}-${pad(7)}.parquet`,
        `ticks/dt=2025-07-01/ticks-0-${pad(41)}-${pad(41)}.parquet`,
        `ticks/dt=2025-07-01/ticks-1-${pad(8)}-${pad(8)}.parquet`,
      ].sort(),
    );
  });

  it('dates ticks by event time and refused records by Kafka timestamp', () => {
    // Prepare: a tick produced late (Kafka time on the next day) and a bad record with no usable time.
    const decoded = decodeAll([
      anEsmRecord({
        offset: 1,
        timestamp: Date.parse('2025-07-01T00:00:05Z'),
        value: b64Json(aTick({ event_time: '2025-06-30T23:59:59Z' })),
      }),
      anEsmRecord({ offset: 2, timestamp: -1, value: b64('garbage') }),
    ]);

    // Act
    const keys = planObjects(decoded, PREFIXES).map((o) => o.key);

    // Assess
    expect(keys).toEqual([
      `ticks/dt=2025-06-30/ticks-0-${pad(1)}-${pad(1)}.parquet`,
      `quarantine/dt=unknown/ticks-0-${pad(2)}-${pad(2)}.json.gz`,
    ]);
  });

  it('plans nothing for an empty batch', () => {
    expect(planObjects([], PREFIXES)).toEqual([]);
  });

  it('for any batch: keys stay under their prefix, and every record lands in exactly one object', () => {
    fc.assert(
      fc.property(recordBatch, (records) => {
        // Act
        const decoded = decodeAll(records);
        const objects = planObjects(decoded, PREFIXES);

        // Assess: prefixes and no traversal
        for (const o of objects) {
          const prefix = o.kind === 'ticks' ? PREFIXES.ticks : PREFIXES.quarantine;
          expect(o.key.startsWith(prefix)).toBe(true);
          const c = parseObjectKey(prefix, o.key, o.kind);
          expect(c, o.key).toBeDefined();
          expect(o.key.split('/').every((s) => s !== '..' && s !== '.')).toBe(true);
          if (!c!.topic.includes('..')) expect(o.key).not.toContain('..');
          expect(sizeOf(o)).toBeGreaterThan(0);
        }
        // Assess: one line per record, each once
        const origins = lineOrigins(objects);
        expect(origins.sort()).toEqual(records.map((r) => `${r.topic}|${r.partition}|${r.offset}`).sort());
        expect(new Set(objects.map((o) => o.key)).size).toBe(objects.length);
      }),
      { numRuns: 150 },
    );
  });

  it('for any batch: each object holds only its own dt, topic and partition, within its offset range', () => {
    fc.assert(
      fc.property(recordBatch, (records) => {
        // Act
        const decoded = decodeAll(records);
        const objects = planObjects(decoded, PREFIXES);

        // Assess
        const byOrigin = new Map(
          decoded.map((d) => [
            d.ok
              ? `${d.at.topic}|${d.at.partition}|${d.at.offset}`
              : `${d.record.topic}|${d.record.partition}|${d.record.offset}`,
            d,
          ]),
        );
        for (const o of objects) {
          const c = parseObjectKey(o.kind === 'ticks' ? PREFIXES.ticks : PREFIXES.quarantine, o.key, o.kind)!;
          for (const origin of lineOrigins([o])) {
            const d = byOrigin.get(origin)!;
            const [topic, partition, offset] = [d.ok ? d.at : d.record].map((x) => [
              x.topic,
              x.partition,
              x.offset,
            ])[0]!;
            expect(d.ok).toBe(o.kind === 'ticks');
            expect(d.ok ? partitionDate(d.tick) : quarantineDate(d.record)).toBe(c.dt);
            expect([topic, partition]).toEqual([c.topic, c.partition]);
            expect(offset).toBeGreaterThanOrEqual(c.firstOffset);
            expect(offset).toBeLessThanOrEqual(c.lastOffset);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
