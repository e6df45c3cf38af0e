import { parseObjectKey } from '../sink';
import { dayFolder } from './plan';
import type { CompactionPrefixes } from './prefixes';
import { sha256Hex } from './rows';
import { parseSeal, parseSealKey, type Seal } from './seal';
import type { CompactionStore } from './store';

/** What the audit found of one seal. */
export interface SealCheck {
  readonly key: string;
  readonly dt: string;
  readonly topic: string;
  /** Every listed file is there with its size and checksum, and no other tick object is. */
  readonly ok: boolean;
  /** Listed files that are gone. */
  readonly missing: readonly string[];
  /** Listed files whose size or SHA-256 differ from the seal's. */
  readonly altered: readonly { readonly key: string; readonly why: string }[];
  /** Tick objects of the day and topic the seal does not list: the day changed after its seal. */
  readonly unlisted: readonly string[];
  /** Why the seal itself could not be read, if it could not. */
  readonly unreadable?: string;
}

/**
 * Checks every seal of a topic against the tick objects now stored for its day. A sealed day must
 * hold exactly the files its seal lists, byte for byte; anything else (a late redelivery, a
 * replayed quarantine record, an edit) is reported, never silently accepted. Compacting the day
 * again merges it and re-seals.
 *
 * @example const broken = (await checkSeals(store, prefixes, 'ticks')).filter((c) => !c.ok);
 */
export async function checkSeals(
  store: CompactionStore,
  prefixes: CompactionPrefixes,
  topic: string,
): Promise<SealCheck[]> {
  const checks: SealCheck[] = [];
  for await (const { key } of store.list(prefixes.seals)) {
    const named = parseSealKey(prefixes.seals, key);
    if (named?.topic !== topic) continue;
    checks.push(await checkSeal(store, prefixes.ticks, key, named));
  }
  return checks;
}

async function checkSeal(
  store: CompactionStore,
  ticksPrefix: string,
  key: string,
  named: { readonly dt: string; readonly topic: string },
): Promise<SealCheck> {
  const base = { key, ...named };
  let seal: Seal;
  try {
    const bytes = await store.get(key);
    if (!bytes) throw new Error(`seal ${key} was deleted while the audit ran`);
    seal = parseSeal(bytes, key);
    if (seal.dt !== named.dt || seal.topic !== named.topic)
      throw new Error(`seal ${key} describes ${seal.topic} on ${seal.dt}, not what its name says`);
  } catch (error) {
    return {
      ...base,
      ok: false,
      missing: [],
      altered: [],
      unlisted: [],
      unreadable: (error as Error).message,
    };
  }
  const stored = new Map<string, number>();
  for await (const object of store.list(dayFolder(ticksPrefix, seal.dt))) {
    const c = parseObjectKey(ticksPrefix, object.key, 'ticks');
    if (c?.topic === seal.topic) stored.set(object.key, object.size);
  }
  const missing: string[] = [];
  const altered: { key: string; why: string }[] = [];
  for (const file of seal.files) {
    const size = stored.get(file.key);
    if (size === undefined) missing.push(file.key);
    else if (size !== file.bytes)
      altered.push({ key: file.key, why: `${size} bytes, sealed at ${file.bytes}` });
    else {
      const bytes = await store.get(file.key);
      if (!bytes) missing.push(file.key);
      else if (sha256Hex(bytes) !== file.sha256)
        altered.push({ key: file.key, why: 'its SHA-256 differs from the seal' });
    }
  }
  const listed = new Set(seal.files.map((f) => f.key));
  const unlisted = [...stored.keys()].filter((k) => !listed.has(k));
  return {
    ...base,
    ok: missing.length === 0 && altered.length === 0 && unlisted.length === 0,
    missing,
    altered,
    unlisted,
  };
}
