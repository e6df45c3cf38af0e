const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The closed days a scheduled run compacts: the `lookbackDays` UTC days before the newest one
 * that ended at least `graceMinutes` before `atMs`, newest first.
 *
 * @example closedDays(Date.parse('2026-12-02T01:00:00Z'), 3, 60) // ['2026-12-01', '2026-11-30', '2026-11-29']
 */
export function closedDays(atMs: number, lookbackDays: number, graceMinutes: number): string[] {
  const newestClosedEnd = Math.floor((atMs - graceMinutes * 60_000) / DAY_MS) * DAY_MS;
  return Array.from({ length: lookbackDays }, (_, i) =>
    new Date(newestClosedEnd - (i + 1) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** Whether a text is a real `YYYY-MM-DD` date. */
export function isDay(text: unknown): text is string {
  return (
    typeof text === 'string' &&
    DATE.test(text) &&
    new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
  );
}
