import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AthenaType,
  duckdbType,
  PARTITION_COLUMN,
  TICK_COLUMNS,
  toJsonLine,
} from '../../../shared/tick';
import { validTick } from '../../support/arbitraries';
import { aTick } from '../../support/builders';

const DDL_PATH = new URL('../../../resources/athena/ticks.sql', import.meta.url);
const AT = { topic: 'ticks', partition: 3, offset: 1234 };

interface SqlColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string | undefined;
}

/** The SQL text without `--` comments (outside quotes), so prose cannot confuse the parser below. */
function stripLineComments(sql: string): string {
  return sql
    .split('\n')
    .map((line) => {
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === "'") quoted = !quoted;
        else if (!quoted && line.startsWith('--', i)) return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

/** The text between the parenthesis at `open` and its match, skipping quoted strings. */
function parenthesised(sql: string, open: number): string {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && --depth === 0) return sql.slice(open + 1, i);
  }
  throw new Error(`unbalanced parenthesis at ${open}`);
}

/** Splits on commas that are outside quotes and parentheses. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseColumn(def: string): SqlColumn {
  const m = /^(\w+)\s+(\w+)(?:\s+COMMENT\s+'((?:[^']|'')*)')?$/i.exec(def);
  if (!m) throw new Error(`cannot parse column definition: ${def}`);
  return { name: m[1]!, type: m[2]!.toLowerCase(), comment: m[3]?.replaceAll("''", "'") };
}

function parseDdl(sql: string) {
  const text = stripLineComments(sql);
  const table = /CREATE\s+EXTERNAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\.ticks_raw\s*\(/i.exec(text);
  if (!table) throw new Error('no CREATE EXTERNAL TABLE … ticks_raw');
  const open = table.index + table[0].length - 1;
  const columnList = parenthesised(text, open);
  const afterColumns = text.slice(open + columnList.length + 2);
  const partitioned = /^\s*PARTITIONED\s+BY\s*\(/i.exec(afterColumns);
  if (!partitioned) throw new Error('no PARTITIONED BY right after the column list');
  const partitionList = parenthesised(afterColumns, partitioned[0].length - 1);
  const view = /CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+\S+\.ticks\s+AS\s+SELECT\s+([\s\S]*?)\s+FROM\b/i.exec(
    text,
  );
  if (!view) throw new Error('no CREATE VIEW … ticks AS SELECT');
  return {
    columns: splitTopLevel(columnList).map(parseColumn),
    partitions: splitTopLevel(partitionList).map(parseColumn),
    viewColumns: splitTopLevel(view[1]!),
  };
}

describe('TICK_COLUMNS', () => {
  it('are named uniquely and every tick field plus the three Kafka coordinates is one of them', () => {
    // Prepare
    const names = TICK_COLUMNS.map((c) => c.name);

    // Act
    const tickFields = Object.keys(aTick());

    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...tickFields, 'kafka_topic', 'kafka_partition', 'kafka_offset']);
    expect(names).not.toContain(PARTITION_COLUMN.name);
  });

  it('give every column a DuckDB type', () => {
    // Prepare
    const expected: Record<AthenaType, string> = {
      string: 'VARCHAR',
      double: 'DOUBLE',
      bigint: 'BIGINT',
      int: 'INTEGER',
      timestamp: 'TIMESTAMP',
    };

    // Act
    const types = TICK_COLUMNS.map((c) => duckdbType(c.type));

    // Assess
    expect(types).toEqual(TICK_COLUMNS.map((c) => expected[c.type]));
  });
});

describe('toJsonLine', () => {
  it('writes the keys of TICK_COLUMNS, in order', () => {
    // Prepare
    const tick = aTick();

    // Act
    const row = JSON.parse(toJsonLine(tick, AT)) as Record<string, unknown>;

    // Assess
    expect(Object.keys(row)).toEqual(TICK_COLUMNS.map((c) => c.name));
  });

  it('writes, for any valid tick, values of each column type and the event time as Athena reads it', () => {
    fc.assert(
      fc.property(validTick, fc.nat(), fc.maxSafeNat(), (tick, partition, offset) => {
        // Act
        const line = toJsonLine(tick, { topic: 'ticks', partition, offset });
        const row = JSON.parse(line) as Record<string, unknown>;

        // Assess
        expect(line).not.toContain('\n');
        expect(Object.keys(row)).toEqual(TICK_COLUMNS.map((c) => c.name));
        for (const { name, type } of TICK_COLUMNS) {
          const value = row[name];
          if (value === null) continue;
          if (type === 'string') expect(typeof value, name).toBe('string');
          if (type === 'double') expect(Number.isFinite(value), name).toBe(true);
          if (type === 'int' || type === 'bigint') expect(Number.isSafeInteger(value), name).toBe(true);
          if (type === 'timestamp')
            expect(value, name).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
        }
        expect(row.event_time).toBe(tick.event_time.replace('T', ' ').replace('Z', ''));
        expect(row).toMatchObject({ kafka_topic: 'ticks', kafka_partition: partition, kafka_offset: offset });
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['2025-07-01T09:30:00Z', '2025-07-01 09:30:00.000'],
    ['2025-07-01T09:30:00.5Z', '2025-07-01 09:30:00.500'],
    ['2025-07-01T09:30:00.05Z', '2025-07-01 09:30:00.050'],
    ['2025-07-01T09:30:00.123Z', '2025-07-01 09:30:00.123'],
  ])('writes the event time %s as %s (milliseconds, as Athena reads it)', (event_time, expected) => {
    // Act
    const row = JSON.parse(toJsonLine(aTick({ event_time }), AT)) as Record<string, unknown>;

    // Assess
    expect(row.event_time).toBe(expected);
  });
});

describe('resources/athena/ticks.sql', () => {
  const ddl = parseDdl(readFileSync(DDL_PATH, 'utf8'));

  it('declares the ticks_raw columns with the names and types of TICK_COLUMNS, in order', () => {
    // Assess
    expect(ddl.columns.map(({ name, type }) => ({ name, type }))).toEqual(
      TICK_COLUMNS.map(({ name, type }) => ({ name, type })),
    );
  });

  it('carries the comments of TICK_COLUMNS', () => {
    // Assess
    expect(ddl.columns.map((c) => c.comment)).toEqual(TICK_COLUMNS.map((c) => c.comment));
  });

  it('is partitioned by PARTITION_COLUMN only', () => {
    // Assess
    expect(ddl.partitions).toEqual([
      { name: PARTITION_COLUMN.name, type: PARTITION_COLUMN.type, comment: PARTITION_COLUMN.comment },
    ]);
  });

  it('selects every column plus dt in the ticks view', () => {
    // Assess
    expect(ddl.viewColumns).toEqual([...TICK_COLUMNS.map((c) => c.name), PARTITION_COLUMN.name]);
  });
});
