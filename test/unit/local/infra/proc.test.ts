import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalInfraError } from '../../../../local/infra/errors';
import {
  assertPortFree,
  carriesMarker,
  findProcesses,
  isAlive,
  isOurProcess,
  lastLines,
  stopProcess,
  tailFile,
} from '../../../../local/infra/proc';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A node child that runs until killed (optionally ignoring SIGTERM); resolves once it runs. */
async function child(ignoreTerm: boolean, marker = 'proc-test-marker'): Promise<number> {
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('up'); setInterval(() => {}, 1000); // ${marker}`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  cleanups.push(() => proc.kill('SIGKILL'));
  await new Promise((resolve) => proc.stdout.once('data', resolve));
  return proc.pid!;
}

describe('assertPortFree', () => {
  it('passes on a free port, and names the port, the service and the variable on a taken one', async () => {
    // Prepare
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const port = (server.address() as net.AddressInfo).port;

    // Act
    const taken = assertPortFree(port, 'Kafka broker', 'LOCAL_KAFKA_PORT');

    // Assess
    await expect(taken).rejects.toThrow(LocalInfraError);
    await expect(taken).rejects.toThrow(
      `Port 127.0.0.1:${port} needed by the local Kafka broker is already in use by another program. ` +
        'Stop that program or choose another port with LOCAL_KAFKA_PORT=<port>.',
    );
    server.close();
    await new Promise((r) => setTimeout(r, 50));
    await expect(assertPortFree(port, 'x', 'Y')).resolves.toBeUndefined();
  });
});

describe('process helpers', () => {
  it('tell a live marked process from others, and find it by its marker', async () => {
    // Prepare
    const marker = `proc-test-${process.pid}-${Date.now()}`;

    // Act
    const pid = await child(false, marker);

    // Assess
    expect(isAlive(pid)).toBe(true);
    expect(isOurProcess(pid, marker)).toBe(true);
    expect(isOurProcess(pid, 'another-marker')).toBe(false);
    expect(findProcesses(marker)).toEqual([pid]);
    expect(isAlive(2 ** 22 + 12345)).toBe(false);
  });

  it('stopProcess sends SIGTERM first and SIGKILL after the deadline', async () => {
    // Prepare
    const polite = await child(false);
    const stubborn = await child(true);

    // Act
    const results = [await stopProcess(polite, 5000), await stopProcess(stubborn, 300)];

    // Assess
    expect(results).toEqual(['exited', 'killed']);
    expect(isAlive(polite) || isAlive(stubborn)).toBe(false);
    expect(await stopProcess(polite, 100)).toBe('absent');
  });

  it('tailFile quotes the last lines of a log, and says when there is none', async () => {
    // Prepare
    const dir = await mkdtemp(path.join(os.tmpdir(), 'infra-proc-'));
    const file = path.join(dir, 'x.log');
    await writeFile(file, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n'));

    // Act
    const tail = await tailFile(file, 3);

    // Assess
    expect(tail).toBe('line 97\nline 98\nline 99');
    expect(await tailFile(path.join(dir, 'missing.log'))).toBe('(no log was written)');
  });

  it('lastLines keeps the last n non-blank lines', () => {
    expect(lastLines('a\n\nb\r\nc\n', 2)).toBe('b\nc');
    expect(lastLines('', 5)).toBe('');
  });
});

describe('carriesMarker', () => {
  it('matches the marker as a whole argument only, not as the start of another folder', () => {
    const marker = '-Dlocal.infra=s3@/repo/.local';
    expect(carriesMarker(`java -Xmx1g ${marker} -jar s3mock.jar`, marker)).toBe(true);
    expect(carriesMarker(`java ${marker}`, marker)).toBe(true);
    expect(carriesMarker('java -Dlocal.infra=s3@/repo/.local-helper -jar s3mock.jar', marker)).toBe(false);
    expect(
      carriesMarker('java -Dlocal.infra=s3@/repo/.local-helper x -Dlocal.infra=s3@/repo/.local', marker),
    ).toBe(true);
    expect(carriesMarker('java -Xmx1g', marker)).toBe(false);
  });
});
