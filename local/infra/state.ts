/**
 * What the local services were started with, recorded in `<localDir>/infra-state.json` so that a
 * later `up`, `down` or `status` in another process finds them; and a lock so that two of those
 * (a CLI and a test run, say) do not start the same broker twice.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withFileLock } from '../lock';
import { LocalInfraError } from './errors';

/**
 * One running service as `up` recorded it: its process, and every setting it was started with
 * (a later `up` reuses it only when they equal the configured ones).
 */
export interface ServiceRecord {
  pid: number;
  version: string;
  ports: Record<string, number>;
  options: Record<string, string>;
  dataDir: string;
  logFile: string;
  startedAt: string;
  /** Milliseconds from spawn to ready; absent while it is starting. */
  readyMs?: number;
}

/** The records by service name. */
export type InfraState = Record<string, ServiceRecord>;

export const stateFile = (localDir: string) => path.join(localDir, 'infra-state.json');
export const lockFile = (localDir: string) => path.join(localDir, 'infra.lock');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const allOf = (value: unknown, type: 'number' | 'string') =>
  isObject(value) && Object.values(value).every((v) => typeof v === type);

function isServiceRecord(value: unknown): value is ServiceRecord {
  return (
    isObject(value) &&
    Number.isInteger(value.pid) &&
    (value.pid as number) > 0 &&
    typeof value.version === 'string' &&
    allOf(value.ports, 'number') &&
    allOf(value.options, 'string') &&
    typeof value.dataDir === 'string' &&
    typeof value.logFile === 'string' &&
    typeof value.startedAt === 'string' &&
    (value.readyMs === undefined || typeof value.readyMs === 'number')
  );
}

/**
 * The recorded state. What cannot be used counts as not recorded: an unreadable file, or a record
 * in another shape (written by an older version of this module). Such a service is then treated as
 * not running: a process of it that still runs is found by its marker and replaced.
 */
export function readState(localDir: string): InfraState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(stateFile(localDir), 'utf8'));
  } catch {
    return {};
  }
  if (!isObject(parsed)) return {};
  const records = Object.entries(parsed).filter((entry): entry is [string, ServiceRecord] =>
    isServiceRecord(entry[1]),
  );
  return Object.fromEntries(records);
}

/** Writes the state atomically (write then rename), or removes the file when nothing runs. */
export async function writeState(localDir: string, state: InfraState): Promise<void> {
  const file = stateFile(localDir);
  if (Object.keys(state).length === 0) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(localDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, file);
}

/** Another `up`/`down` holds the lock for too long (or this process already holds it). */
function lockBusy(file: string, holder: number): LocalInfraError {
  return new LocalInfraError(
    `Another local:up/local:down (pid ${holder}) holds ${file}. Wait for it, or remove the file if ` +
      'that process is gone.',
  );
}

/**
 * Runs `fn` holding `<localDir>/infra.lock`. A lock left by a dead process is taken over; a live
 * holder is waited for up to `timeoutMs`.
 */
export async function withLock<T>(localDir: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  return withFileLock(lockFile(localDir), timeoutMs, fn, (file, holder) => lockBusy(file, holder));
}
