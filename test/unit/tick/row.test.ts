import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnReader, type StoredColumn, TICK_COLUMNS } from '../../../shared/tick';
import { kafkaTopic, validTick } from '../../support/arbitraries';

describe('columnReader', () => {
  it('gives every column of TICK_COLUMNS: the tick field of that name, or the Kafka coordinate', () => {
    fc.assert(
      fc.property(
        validTick,
        kafkaTopic,
        fc.nat({ max: 1_000 }),
        fc.maxSafeNat(),
        (tick, topic, partition, offset) => {
          // Prepare
          const row = { tick, at: { topic, partition, offset } };
          const expected: Record<string, unknown> = {
            ...tick,
            kafka_topic: topic,
            kafka_partition: partition,
            kafka_offset: offset,
          };

          // Act
          const values = Object.fromEntries(
            TICK_COLUMNS.map((c) => [c.name, columnReader(c.name as StoredColumn)(row)]),
          );

          // Assess
          expect(values).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
