import { createHash } from 'node:crypto';

/**
 * A deterministic tick id: the same inputs always give the same id, so a retried producer
 * invocation re-emits ticks that SQL can recognise as the same ticks.
 *
 * @example tickId(['synthetic', 'NYA', '2024-05-01T13:45:00.000Z']) // '5f1c…' (32 hex characters)
 */
export function tickId(parts: readonly string[]): string {
  // The unit separator cannot appear in symbols or times, so distinct part lists never collide.
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32);
}
