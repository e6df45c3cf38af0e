/** The stretch of time one producer invocation covers. */
export interface TickWindow {
  /** Inclusive start, epoch ms. */
  readonly startMs: number;
  /** Exclusive end, epoch ms: the scheduled time of the invocation. */
  readonly endMs: number;
  /** Ticks per second (per symbol for the synthetic source, rows per second for replay). */
  readonly ticksPerSecond: number;
}

/**
 * The window an invocation scheduled at `scheduledMs` covers: the interval just before it, so
 * every tick is in the past when it is sent and consecutive invocations tile time exactly.
 */
export function windowEndingAt(
  scheduledMs: number,
  intervalSeconds: number,
  ticksPerSecond: number,
): TickWindow {
  const endMs = Math.floor(scheduledMs / 1000) * 1000;
  return { startMs: endMs - intervalSeconds * 1000, endMs, ticksPerSecond };
}
