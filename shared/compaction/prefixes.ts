import { PREFIX } from '../rules';
import type { SinkPrefixes } from '../sink';
import { CompactionRequestError } from './errors';

/** Where compaction reads and writes: the sink's two prefixes and the seals' own. */
export interface CompactionPrefixes extends SinkPrefixes {
  /**
   * Seal manifests (`<seals>dt=<day>/<topic>.json`). Never under the ticks prefix: Athena reads
   * every object under a table's location, and a JSON file there would be read as a broken tick
   * object.
   */
  readonly seals: string;
}

/**
 * The seals' prefix beside the ticks prefix: its last folder replaced by `seals/`.
 *
 * @example sealsPrefixBeside('ticks/')           // 'seals/'
 * @example sealsPrefixBeside('stage/data/ticks/') // 'stage/data/seals/'
 */
export function sealsPrefixBeside(ticksPrefix: string): string {
  return ticksPrefix.replace(/[^/]+\/$/, 'seals/');
}

/**
 * The sink's prefixes with the seals' (by default beside the ticks prefix), checked: every one a
 * prefix of this project's layout and none inside another.
 *
 * @example compactionPrefixes({ ticks: 'ticks/', quarantine: 'quarantine/' }) // seals: 'seals/'
 */
export function compactionPrefixes(
  sink: SinkPrefixes,
  seals = sealsPrefixBeside(sink.ticks),
): CompactionPrefixes {
  const prefixes = { ...sink, seals };
  const entries = Object.entries(prefixes);
  for (const [name, value] of entries) {
    if (!PREFIX.test(value))
      throw new CompactionRequestError(
        `The ${name} prefix "${value}" must be one or more "folder/" segments, e.g. ${name}/`,
      );
  }
  for (const [a, x] of entries) {
    for (const [b, y] of entries) {
      if (a !== b && x.startsWith(y))
        throw new CompactionRequestError(
          `The ${a} prefix "${x}" lies inside the ${b} prefix "${y}": give each its own folder (e.g. --seals-prefix seals/)`,
        );
    }
  }
  return prefixes;
}
