import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AthenaType,
  duckdbType,
  PARTITION_COLUMN,
  TICK_COLUMNS,
  TickSchema,
  validateTick,
} from '../../../shared/tick';
import { validTick } from '../../support/arbitraries';
import { aTick, TEST_WINDOW } from '../../support/builders';

const DDL_PATH = new URL('../../../resources/athena/ticks.sql', import.meta.url);

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

describe('nullable columns', () => {
  it('are exactly the schema fields that accept null, and never a Kafka coordinate', () => {
    // Prepare
    const acceptsNull = (name: string) =>
      name in TickSchema.properties && validateTick({ ...aTick(), [name]: null }, TEST_WINDOW).ok;

    // Act
    const nullable = TICK_COLUMNS.filter((c) => c.nullable).map((c) => c.name);

    // Assess
    expect(nullable).toEqual(TICK_COLUMNS.map((c) => c.name).filter(acceptsNull));
    expect(nullable).toEqual(['adj_close', 'volume', 'close_usd', 'currency', 'exchange', 'trade_date']);
  });

  it('hold null in some valid ticks, and the others never do', () => {
    fc.assert(
      fc.property(validTick, (tick) => {
        for (const column of TICK_COLUMNS) {
          const value = (tick as unknown as Record<string, unknown>)[column.name];
          if (!column.nullable) expect(value, column.name).not.toBeNull();
        }
      }),
      { numRuns: 200 },
    );
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
