import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionDate, TICK_COLUMNS, toJsonLine } from '../../../shared/tick';
import { kafkaTopic, validTick } from '../../support/arbitraries';

describe('toJsonLine', () => {
  it('writes exactly what JSON.stringify of the row object would, for any tick and coordinates', () => {
    fc.assert(
      fc.property(
        validTick,
        kafkaTopic,
        fc.nat({ max: 1_000 }),
        fc.maxSafeNat(),
        fc.string({ maxLength: 20 }),
        (tick, topic, partition, offset, exchange) => {
          // Any text, quotes, backslashes and control characters included, must stay valid JSON.
          const withText = { ...tick, exchange: exchange.length > 0 ? exchange : null };
          const line = toJsonLine(withText, { topic, partition, offset });
          const parsed = JSON.parse(line);
          expect(Object.keys(parsed)).toEqual(TICK_COLUMNS.map((c) => c.name));
          const { event_time: _, ...rest } = withText;
          expect(parsed).toMatchObject({
            ...rest,
            kafka_topic: topic,
            kafka_partition: partition,
            kafka_offset: offset,
          });
          expect(line).toBe(JSON.stringify(parsed));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes event_time as Athena's timestamp text with milliseconds", () => {
    fc.assert(
      fc.property(validTick, (tick) => {
        const { event_time } = JSON.parse(toJsonLine(tick, { topic: 't', partition: 0, offset: 0 }));
        expect(event_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
        expect(Date.parse(`${event_time.replace(' ', 'T')}Z`)).toBe(Date.parse(tick.event_time));
        expect(event_time.slice(0, 10)).toBe(partitionDate(tick));
      }),
      { numRuns: 300 },
    );
  });
});
