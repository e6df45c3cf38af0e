import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTicksSql } from '../../../resources/stack/ticks-sql';
import { PARTITION_COLUMN, TICK_COLUMNS, TickSchema, validateTick } from '../../../shared/tick';
import { validTick } from '../../support/arbitraries';
import { aTick, TEST_WINDOW } from '../../support/builders';

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
  // Read by the parser the stack itself uses for the Glue table and the view.
  const { table, view } = readTicksSql();
  const ddl = { columns: table.columns, partitions: [table.partition], viewColumns: view.columns };

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
