import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InfraLockError } from '../../../local/infra/errors';
import { lockFile, readState, stateFile, withLock, writeState } from '../../../local/infra/state';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'infra-state-'));

describe('state file', () => {
  test('round-trips, and disappears when nothing runs', async () => {
    const dir = await tmp();
    const kafka = {
      pid: 1,
      version: '4.1.2',
      port: 29092,
      controllerPort: 29093,
      dataDir: '/d',
      logFile: '/l',
      startedAt: 'now',
    };

    await writeState(dir, { kafka });
    expect(readState(dir)).toEqual({ kafka });
    await writeState(dir, {});
    expect(existsSync(stateFile(dir))).toBe(false);
    expect(readState(dir)).toEqual({});
  });

  test('an unreadable file counts as empty', async () => {
    const dir = await tmp();
    await writeFile(stateFile(dir), '{ not json');

    expect(readState(dir)).toEqual({});
  });
});

describe('withLock', () => {
  test('runs the function holding the lock and releases it, also on error', async () => {
    const dir = await tmp();

    expect(await withLock(dir, 1000, async () => existsSync(lockFile(dir)))).toBe(true);
    expect(existsSync(lockFile(dir))).toBe(false);
    await expect(withLock(dir, 1000, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  test('takes over a lock left by a dead process', async () => {
    const dir = await tmp();
    await writeFile(lockFile(dir), String(2 ** 22 + 4321));

    expect(await withLock(dir, 1000, async () => 'ran')).toBe('ran');
  });

  test('waits for a live holder, then gives up with an error naming it', async () => {
    const dir = await tmp();
    await writeFile(lockFile(dir), String(process.ppid));

    const attempt = withLock(dir, 300, async () => 'ran');

    await expect(attempt).rejects.toThrow(InfraLockError);
    await expect(attempt).rejects.toThrow(`pid ${process.ppid}`);
  });
});
