import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalInfraError } from '../../../../local/infra/errors';
import { launchUntilReady } from '../../../../local/infra/launch';
import { isAlive } from '../../../../local/infra/proc';
import { answers, freePort, SERVER } from './fake-service';

const pids: number[] = [];
afterEach(() => {
  for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

/** Launches node running `code` with the port as its argument; records the pid for clean-up. */
async function launch(code: string, timeoutMs = 10_000) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'infra-launch-'));
  const port = await freePort();
  const spawned: number[] = [];
  const result = launchUntilReady({
    product: 'fake server',
    command: process.execPath,
    args: ['-e', code, String(port)],
    logFile: path.join(dir, 'server.log'),
    cwd: dir,
    timeoutMs,
    probe: (ms) => answers(port, ms),
    onSpawn: async (pid) => {
      spawned.push(pid);
      pids.push(pid);
    },
  });
  return { result, spawned, logFile: path.join(dir, 'server.log') };
}

describe('launchUntilReady', () => {
  it('reports the pid as soon as the process exists and resolves once it answers', async () => {
    // Act
    const { result, spawned } = await launch(SERVER);
    const { pid, readyMs } = await result;

    // Assess
    expect(spawned).toEqual([pid]);
    expect(isAlive(pid)).toBe(true);
    expect(readyMs).toBeGreaterThan(0);
  });

  it('fails with the exit code and the end of the log when the process exits while starting', async () => {
    // Act
    const { result, logFile } = await launch("console.error('port 1 is not a valid port'); process.exit(3)");

    // Assess
    await expect(result).rejects.toThrow(LocalInfraError);
    await expect(result).rejects.toThrow(
      `The local fake server exited while starting (exit code 3). Last lines of ${logFile}:\n` +
        'port 1 is not a valid port',
    );
  });

  it('stops a process that does not answer in time, and says which setting gives it longer', async () => {
    // Act
    const { result, spawned } = await launch("console.log('thinking'); setInterval(() => {}, 1000)", 1000);

    // Assess
    await expect(result).rejects.toThrow(
      /^The local fake server was not ready after 1 s and has been stopped \(raise LOCAL_START_TIMEOUT_SECONDS on a slow machine\)\. Last lines of .*:\nthinking$/,
    );
    expect(isAlive(spawned[0]!)).toBe(false);
  });
});
