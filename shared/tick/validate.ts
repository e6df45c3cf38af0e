import * as v from 'valibot';
import { DEFAULT_MIN_EVENT_TIME, MAX_CLOCK_SKEW_MS, type Tick, TickSchema } from './schema';

export type TickValidation = { ok: true; tick: Tick } | { ok: false; reason: string };

export interface EventTimeWindow {
  /** Earliest accepted event time, epoch ms. */
  readonly minMs: number;
  /** Clock used for the upper bound (now + a day of skew). */
  readonly now: () => number;
}

export const DEFAULT_EVENT_TIME_WINDOW: EventTimeWindow = {
  minMs: Date.parse(DEFAULT_MIN_EVENT_TIME),
  now: Date.now,
};

/**
 * Checks a decoded JSON value against the tick schema and a plausible event-time window.
 * Never throws: a bad tick comes back as a reason a person can act on.
 *
 * @example validateTick(JSON.parse(text)) // { ok: false, reason: 'high: must be greater than 0' }
 */
export function validateTick(
  value: unknown,
  window: EventTimeWindow = DEFAULT_EVENT_TIME_WINDOW,
): TickValidation {
  const result = v.safeParse(TickSchema, value);
  if (!result.success) return { ok: false, reason: describeIssues(result.issues) };
  const tick = result.output;
  const ms = Date.parse(tick.event_time);
  // Date.parse rolls 2024-02-30 over into March: a real time reads back the same.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== tick.event_time.slice(0, 19)) {
    return { ok: false, reason: `event_time: ${tick.event_time} is not a real calendar time` };
  }
  if (ms < window.minMs) {
    return {
      ok: false,
      reason: `event_time: ${tick.event_time} is before ${new Date(window.minMs).toISOString()}`,
    };
  }
  if (ms > window.now() + MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: `event_time: ${tick.event_time} is more than a day in the future` };
  }
  return { ok: true, tick };
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
