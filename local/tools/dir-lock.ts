import { mkdirSync, rmSync, statSync } from 'node:fs';

/**
 * Runs `work` while holding a lock directory (mkdir is atomic), so two test runs never install
 * into the same folder at once. A lock older than `staleMs` is taken to be left by a dead run.
 *
 * @example await withDirLock('.venv.lock', 20 * 60_000, () => install());
 */
export async function withDirLock<T>(
  lockDir: string,
  staleMs: number,
  work: () => T | Promise<T>,
): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lockDir).mtimeMs > staleMs) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
