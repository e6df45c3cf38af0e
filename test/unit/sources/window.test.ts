import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowEndingAt } from '../../../shared/sources';

describe('windowEndingAt', () => {
  it('covers the interval just before the scheduled time, floored to the second', () => {
    // Act
    const window = windowEndingAt(Date.parse('2025-07-01T00:01:00.742Z'), 60, 4);

    // Assess
    expect(window).toEqual({
      startMs: Date.parse('2025-07-01T00:00:00.000Z'),
      endMs: Date.parse('2025-07-01T00:01:00.000Z'),
      ticksPerSecond: 4,
    });
  });

  it('makes windows of consecutive schedules tile time exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 946_684_800, max: 4_102_444_800 }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 1, max: 3600 }),
        (seconds, jitterMs, interval) => {
          // Prepare: EventBridge may deliver a little after the second; the window must not move.
          const scheduled = seconds * 1000 + jitterMs;

          // Act
          const a = windowEndingAt(scheduled, interval, 1);
          const b = windowEndingAt(scheduled + interval * 1000, interval, 1);

          // Assess
          expect(a.endMs - a.startMs).toBe(interval * 1000);
          expect(b.startMs).toBe(a.endMs);
          expect(a.endMs).toBe(seconds * 1000);
        },
      ),
      { numRuns: 200 },
    );
  });
});
