/**
 * The part of starting a service every driver shares: spawn the process detached, report its pid,
 * then probe until it answers, it exits, or the deadline passes. A failure quotes the end of the
 * service's log, which is where the reason is.
 */
import { LocalInfraError } from './errors';
import { sleep, spawnDetached, stopProcess, tailFile } from './proc';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "The local <product> <reason>. Last lines of <source>: ..." */
export function startFailed(
  product: string,
  source: string,
  tail: string,
  reason: string,
  options?: ErrorOptions,
): LocalInfraError {
  return new LocalInfraError(`The local ${product} ${reason}. Last lines of ${source}:\n${tail}`, options);
}

export const exitedWhileStarting = (code: number | null) =>
  `exited while starting (exit code ${code ?? 'unknown'})`;

/**
 * Spawns `command` (stdout and stderr to `logFile`), awaits `onSpawn(pid)`, and resolves once
 * `probe` succeeds. When the process exits first, or does not answer within `timeoutMs` (it is
 * then stopped), rejects with a LocalInfraError quoting the end of `logFile`.
 */
export async function launchUntilReady(options: {
  product: string;
  command: string;
  args: string[];
  logFile: string;
  cwd: string;
  timeoutMs: number;
  probe: (timeoutMs: number) => Promise<boolean>;
  onSpawn: (pid: number) => Promise<void>;
}): Promise<{ pid: number; readyMs: number }> {
  const { product, logFile, timeoutMs } = options;
  const started = Date.now();
  const spawned = await spawnDetached(options.command, options.args, logFile, options.cwd);
  await options.onSpawn(spawned.pid);

  let exit: { code: number | null } | undefined;
  void spawned.exited.then((e) => {
    exit = e;
  });
  const deadline = started + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw startFailed(product, logFile, await tailFile(logFile), exitedWhileStarting(exit.code));
    if (await options.probe(2000)) return { pid: spawned.pid, readyMs: Date.now() - started };
    if (exit) continue;
    await sleep(250);
  }
  await stopProcess(spawned.pid, 10_000);
  const reason =
    `was not ready after ${Math.round(timeoutMs / 1000)} s and has been stopped ` +
    '(raise LOCAL_START_TIMEOUT_SECONDS on a slow machine)';
  throw startFailed(product, logFile, await tailFile(logFile), reason);
}
