import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type ValueError } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
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

// Compiled once per container: the schema becomes one function of plain checks.
const checker = TypeCompiler.Compile(TickSchema);
const MAX_REPORTED_ISSUES = 5;

/**
 * Checks a decoded JSON value against the tick schema, `low <= high`, a real calendar time and a
 * plausible event-time window. Never throws: a bad tick comes back as a reason a person can act on.
 *
 * @example validateTick(JSON.parse(text)) // { ok: false, reason: 'high: Expected number to be greater than 0' }
 */
export function validateTick(
  value: unknown,
  window: EventTimeWindow = DEFAULT_EVENT_TIME_WINDOW,
): TickValidation {
  if (!checker.Check(value)) return { ok: false, reason: describeIssues(value) };
  const tick = value as Tick;
  if (tick.low > tick.high)
    return { ok: false, reason: `low must not exceed high (low ${tick.low}, high ${tick.high})` };
  const ms = Date.parse(tick.event_time);
  // Date.parse rolls 2024-02-30 over into March: check the fields themselves.
  if (Number.isNaN(ms) || !isRealTime(tick.event_time)) {
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Fields of `YYYY-MM-DDTHH:MM:SS…` within their ranges (day within its month; no leap seconds). */
function isRealTime(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  const hour = Number(iso.slice(11, 13));
  const minute = Number(iso.slice(14, 16));
  const second = Number(iso.slice(17, 19));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function describeIssues(value: unknown): string {
  const issues: string[] = [];
  for (const error of checker.Errors(value)) {
    const path = error.path.replace(/^\//, '').replaceAll('/', '.');
    const message = messageOf(error);
    const issue = path ? `${path}: ${message}` : message;
    if (!issues.includes(issue)) issues.push(issue);
    if (issues.length >= MAX_REPORTED_ISSUES) break;
  }
  return issues.join('; ') || 'does not match the tick schema';
}

/** TypeBox says only "Expected union value" for a nullable or one-of field: say what was expected. */
function messageOf(error: ValueError): string {
  const branches = (error.schema as { anyOf?: TSchema[] }).anyOf;
  if (!branches) return error.message;
  const literals = branches.map((b) => (b as { const?: unknown }).const);
  if (literals.every((l) => typeof l === 'string')) return `Expected one of ${literals.join(', ')}`;
  const nonNull = branches.find((b) => (b as { type?: unknown }).type !== 'null');
  const first = nonNull ? Value.Errors(nonNull, error.value).First() : undefined;
  return first ? `${first.message}, or null` : error.message;
}
