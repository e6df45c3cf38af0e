import type { DecodedRecord } from '../esm';
import { partitionDate, toJsonLine } from '../tick';
import { objectKey } from './keys';
import { quarantineDate, toQuarantineLine } from './quarantine-line';

export interface SinkPrefixes {
  readonly ticks: string;
  readonly quarantine: string;
}

export interface PlannedObject {
  readonly kind: 'ticks' | 'quarantine';
  readonly key: string;
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
  const groups = new Map<
    string,
    {
      kind: PlannedObject['kind'];
      dt: string;
      topic: string;
      partition: number;
      first: number;
      last: number;
      lines: string[];
    }
  >();
  for (const d of decoded) {
    const kind = d.ok ? 'ticks' : 'quarantine';
    const { topic, partition, offset } = d.ok ? d.at : d.record;
    const dt = d.ok ? partitionDate(d.tick) : quarantineDate(d.record);
    const id = `${kind}|${dt}|${topic}|${partition}`;
    let group = groups.get(id);
    if (!group) {
      group = { kind, dt, topic, partition, first: offset, last: offset, lines: [] };
      groups.set(id, group);
    }
    group.last = offset;
    group.lines.push(d.ok ? toJsonLine(d.tick, d.at) : toQuarantineLine(d.record, d.reason));
  }
  return [...groups.values()].map((g) => ({
    kind: g.kind,
    key: objectKey(g.kind === 'ticks' ? prefixes.ticks : prefixes.quarantine, {
      dt: g.dt,
      topic: g.topic,
      partition: g.partition,
      firstOffset: g.first,
      lastOffset: g.last,
    }),
    lines: g.lines,
  }));
}
