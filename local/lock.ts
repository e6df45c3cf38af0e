import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isAlive, sleep } from './infra/proc';

/**
 * Runs `fn` holding a lock file that names the holder's pid, so that two processes (a CLI and a
 * test run, two test runs) never install into, or start services from, the same folder at once. A
 * lock left by a dead process is taken over; a live holder is waited for up to `timeoutMs`, then
 * `busy` says what to do. Not re-entrant: the same process taking it twice is a bug, reported at
 * once.
 *
 * @example await withFileLock('.local/infra.lock', 60_000, () => start(), (file, pid) => new Error(`${file} held by ${pid}`));
 */
export async function withFileLock<T>(
  file: string,
  timeoutMs: number,
  fn: () => Promise<T>,
  busy: (file: string, holder: number) => Error = (f, holder) =>
    new Error(
      `Another process (pid ${holder}) holds ${f}. Wait for it, or remove the file if that process is gone.`,
    ),
): Promise<T> {
  await mkdir(dirname(file), { recursive: true });
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
      if (holder === process.pid) throw busy(file, holder); // no re-entry
      if (Date.now() > deadline) throw busy(file, holder);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
