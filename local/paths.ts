import { join, resolve } from 'node:path';

/**
 * The project's root folder: where this file sits, one level up. The one root finder of the
 * harness, the tools and the tests, whatever folder a command is run from.
 */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/** The project's root folder (see PROJECT_ROOT). */
export function projectRoot(): string {
  return PROJECT_ROOT;
}

/** Local state (jars, data, caches) lives under `.local/`, which git ignores. */
export function localDir(...parts: string[]): string {
  return join(PROJECT_ROOT, '.local', ...parts);
}
