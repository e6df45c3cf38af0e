import type { DecodedRecord } from '../esm';
import { partitionDate, type StoredTick } from '../tick';
import { type ObjectKind, objectKey } from './keys';
import { quarantineDate, toQuarantineLine } from './quarantine-line';

export interface SinkPrefixes {
  readonly ticks: string;
  readonly quarantine: string;
}

/** An object to write: good ticks as rows, refused records as JSON lines (quarantine-line.ts). */
export type PlannedObject =
  | { readonly kind: 'ticks'; readonly key: string; readonly rows: StoredTick[] }
  | { readonly kind: 'quarantine'; readonly key: string; readonly lines: string[] };

interface Group {
  readonly kind: ObjectKind;
  readonly dt: string;
  readonly topic: string;
  readonly partition: number;
  readonly first: number;
  last: number;
  readonly rows: StoredTick[];
  readonly lines: string[];
}

/**
 * Groups decoded records into the objects to write: good ticks per (tick date, topic, partition),
 * refused records per (record date, topic, partition), each named from the offsets it holds, so
 * the same batch always plans the same keys with the same content.
 *
 * Records must come in (topic, partition, offset) order, as `recordsOf` returns them.
 */
export function planObjects(decoded: readonly DecodedRecord[], prefixes: SinkPrefixes): PlannedObject[] {
  const groups = new Map<string, Group>();
  for (const d of decoded) {
    const kind: ObjectKind = d.ok ? 'ticks' : 'quarantine';
    const { topic, partition, offset } = d.ok ? d.at : d.record;
    const dt = d.ok ? partitionDate(d.tick) : quarantineDate(d.record);
    const id = `${kind}|${dt}|${topic}|${partition}`;
    let group = groups.get(id);
    if (!group) {
      group = { kind, dt, topic, partition, first: offset, last: offset, rows: [], lines: [] };
      groups.set(id, group);
    }
    group.last = offset;
    if (d.ok) group.rows.push({ tick: d.tick, at: d.at });
    else group.lines.push(toQuarantineLine(d.record, d.reason));
  }
  return [...groups.values()].map((g): PlannedObject => {
    const coordinates = {
      dt: g.dt,
      topic: g.topic,
      partition: g.partition,
      firstOffset: g.first,
      lastOffset: g.last,
    };
    return g.kind === 'ticks'
      ? { kind: 'ticks', key: objectKey(prefixes.ticks, coordinates, 'ticks'), rows: g.rows }
      : {
          kind: 'quarantine',
          key: objectKey(prefixes.quarantine, coordinates, 'quarantine'),
          lines: g.lines,
        };
  });
}
