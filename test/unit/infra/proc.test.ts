import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { PortInUseError } from '../../../local/infra/errors';
import { assertPortFree, isAlive, isOurProcess, stopProcess, tailFile } from '../../../local/infra/proc';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A node child that runs until killed (optionally ignoring SIGTERM); resolves once it runs. */
async function child(ignoreTerm: boolean): Promise<number> {
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('up'); setInterval(() => {}, 1000); // proc-test-marker`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  cleanups.push(() => proc.kill('SIGKILL'));
  await new Promise((resolve) => proc.stdout.once('data', resolve));
  return proc.pid!;
}

describe('assertPortFree', () => {
  test('passes on a free port, names the port and the variable on a taken one', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const port = (server.address() as net.AddressInfo).port;

    const taken = assertPortFree(port, 'Kafka broker', 'LOCAL_KAFKA_PORT');

    await expect(taken).rejects.toThrow(PortInUseError);
    await expect(taken).rejects.toThrow(`Port 127.0.0.1:${port} needed by the local Kafka broker`);
    await expect(taken).rejects.toThrow('LOCAL_KAFKA_PORT=<port>');
    server.close();
    await new Promise((r) => setTimeout(r, 50));
    await expect(assertPortFree(port, 'x', 'Y')).resolves.toBeUndefined();
  });
});

describe('process helpers', () => {
  test('isAlive and isOurProcess tell a live marked process from others', async () => {
    const pid = await child(false);

    expect(isAlive(pid)).toBe(true);
    expect(isOurProcess(pid, 'proc-test-marker')).toBe(true);
    expect(isOurProcess(pid, 'another-marker')).toBe(false);
    expect(isAlive(2 ** 22 + 12345)).toBe(false);
  });

  test('stopProcess: SIGTERM first, SIGKILL after the deadline', async () => {
    const polite = await child(false);
    const stubborn = await child(true);

    expect(await stopProcess(polite, 5000)).toBe('exited');
    expect(await stopProcess(stubborn, 300)).toBe('killed');
    expect(isAlive(polite) || isAlive(stubborn)).toBe(false);
    expect(await stopProcess(polite, 100)).toBe('absent');
  });

  test('tailFile quotes the last lines of a log, and says when there is none', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'infra-proc-'));
    const file = path.join(dir, 'x.log');
    await writeFile(file, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n'));

    expect(await tailFile(file, 3)).toBe('line 97\nline 98\nline 99');
    expect(await tailFile(path.join(dir, 'missing.log'))).toBe('(no log was written)');
  });
});
