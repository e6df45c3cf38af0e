/**
 * What the local services were started with, recorded in `<localDir>/infra-state.json` so that a
 * later `up`, `down` or `status` in another process finds them; and a lock so that two of those
 * (a CLI and a test run, say) do not start the same broker twice.
 */
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraLockError } from './errors';
import { isAlive, sleep } from './proc';

export interface KafkaState {
  pid: number;
  version: string;
  port: number;
  controllerPort: number;
  dataDir: string;
  logFile: string;
  startedAt: string;
  readyMs?: number;
}

export interface S3State {
  pid: number;
  version: string;
  port: number;
  httpsPort: number;
  bucket: string;
  region: string;
  dataDir: string;
  logFile: string;
  startedAt: string;
  readyMs?: number;
}

export interface InfraState {
  kafka?: KafkaState;
  s3?: S3State;
}

export const stateFile = (localDir: string) => path.join(localDir, 'infra-state.json');
export const lockFile = (localDir: string) => path.join(localDir, 'infra.lock');

/** The recorded state; an unreadable file counts as empty (the services are then probed afresh). */
export function readState(localDir: string): InfraState {
  try {
    const parsed: unknown = JSON.parse(readFileSync(stateFile(localDir), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as InfraState) : {};
  } catch {
    return {};
  }
}

/** Writes the state atomically (write then rename), or removes the file when nothing runs. */
export async function writeState(localDir: string, state: InfraState): Promise<void> {
  const file = stateFile(localDir);
  if (state.kafka === undefined && state.s3 === undefined) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(localDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, file);
}

/**
 * Runs `fn` holding the lock file. A lock left by a dead process is taken over; a live holder is
 * waited for up to `timeoutMs`.
 */
export async function withLock<T>(localDir: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  await mkdir(localDir, { recursive: true });
  const file = lockFile(localDir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      const holderAlive = Number.isInteger(holder) && holder > 0 && isAlive(holder);
      if (!holderAlive) {
        // A crashed holder (or one that has just created the file but not yet written its pid:
        // give that one a moment before taking over).
        await sleep(holder > 0 ? 0 : 200);
        if (!Number.isInteger(holder) || holder <= 0) {
          const again = Number((await readFile(file, 'utf8').catch(() => '')).trim());
          if (again > 0) continue;
        }
        await rm(file, { force: true });
        continue;
      }
      if (holder === process.pid) throw new InfraLockError(file, holder); // no re-entry
      if (Date.now() > deadline) throw new InfraLockError(file, holder);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
