import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalInfraError } from '../../../../local/infra/errors';
import {
  lockFile,
  readState,
  type ServiceRecord,
  stateFile,
  withLock,
  writeState,
} from '../../../../local/infra/state';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'infra-state-'));

const record: ServiceRecord = {
  pid: 1234,
  version: '4.1.2',
  ports: { broker: 29092, controller: 29093 },
  options: {},
  dataDir: '/d',
  logFile: '/l',
  startedAt: '2025-07-01T00:00:00.000Z',
  readyMs: 2500,
};

describe('state file', () => {
  it('round-trips, and disappears when nothing runs', async () => {
    // Prepare
    const dir = await tmp();

    // Act
    await writeState(dir, { kafka: record });
    const written = readState(dir);
    await writeState(dir, {});

    // Assess
    expect(written).toEqual({ kafka: record });
    expect(existsSync(stateFile(dir))).toBe(false);
    expect(readState(dir)).toEqual({});
  });

  it('counts an unreadable file as nothing recorded', async () => {
    // Prepare
    const dir = await tmp();
    await writeFile(stateFile(dir), '{ not json');

    // Act
    const state = readState(dir);

    // Assess
    expect(state).toEqual({});
  });

  it('keeps the usable records and drops those of another shape, e.g. from an older version', async () => {
    // Prepare
    const dir = await tmp();
    const old = {
      pid: 1,
      version: '4.1.2',
      port: 29092,
      controllerPort: 29093,
      dataDir: '/d',
      logFile: '/l',
    };
    await writeFile(stateFile(dir), JSON.stringify({ kafka: old, s3: record, broken: 'x' }));

    // Act
    const state = readState(dir);

    // Assess
    expect(state).toEqual({ s3: record });
  });
});

describe('withLock', () => {
  it('runs the function holding the lock and releases it, also on error', async () => {
    // Prepare
    const dir = await tmp();

    // Act
    const heldWhileRunning = await withLock(dir, 1000, async () => existsSync(lockFile(dir)));
    const failed = withLock(dir, 1000, () => Promise.reject(new Error('boom')));

    // Assess
    expect(heldWhileRunning).toBe(true);
    await expect(failed).rejects.toThrow('boom');
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over a lock left by a dead process', async () => {
    // Prepare
    const dir = await tmp();
    await writeFile(lockFile(dir), String(2 ** 22 + 4321));

    // Act
    const result = await withLock(dir, 1000, async () => 'ran');

    // Assess
    expect(result).toBe('ran');
  });

  it('waits for a live holder, then gives up with an error naming it', async () => {
    // Prepare
    const dir = await tmp();
    await writeFile(lockFile(dir), String(process.ppid));

    // Act
    const attempt = withLock(dir, 300, async () => 'ran');

    // Assess
    await expect(attempt).rejects.toThrow(LocalInfraError);
    await expect(attempt).rejects.toThrow(`Another local:up/local:down (pid ${process.ppid}) holds`);
  });
});
