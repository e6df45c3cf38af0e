import { readFileSync } from 'node:fs';
import type { EsmEvent } from '../../shared/esm';

export type EventFixture = 'msk-event' | 'self-managed-event';

const EVENTS_DIR = new URL('../events/', import.meta.url);

/**
 * Loads an ESM event fixture from test/events. Every call parses the file again, so a test may
 * change the event it gets without affecting others.
 *
 * @example const event = loadEvent('msk-event');
 */
export function loadEvent(name: EventFixture): EsmEvent {
  return JSON.parse(readFileSync(new URL(`${name}.json`, EVENTS_DIR), 'utf8')) as EsmEvent;
}
