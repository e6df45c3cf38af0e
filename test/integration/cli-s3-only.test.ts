import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInfraConfig } from '../../local/infra';
import { runCli } from './support';

// A stack of its own: a fresh LOCAL_DIR (jars linked from the shared one, so nothing is fetched)
// and ports no other test uses, so "nothing was running" is true and the shared services are
// never touched.
const dir = mkdtempSync(join(tmpdir(), 'ticks-cli-s3-only-'));
symlinkSync(join(readInfraConfig().localDir, 'jars'), join(dir, 'jars'));
const ENV = {
  LOCAL_DIR: dir,
  LOCAL_KAFKA_PORT: '29192',
  LOCAL_KAFKA_CONTROLLER_PORT: '29193',
  LOCAL_S3_PORT: '29190',
  LOCAL_S3_HTTPS_PORT: '29191',
  LOCAL_TRINO_PORT: '29180',
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('the CLIs that need no broker, with nothing running', () => {
  it.each([
    [
      'npm run query',
      ['ops/cli/query.ts', 'SELECT count(*) AS n FROM ticks', '--format', 'csv'],
      /^n\n0$/m,
      ['s3', 'trino'],
    ],
    ['npm run quarantine -- list', ['ops/cli/quarantine.ts', 'list'], /^0 records in 0 objects/m, ['s3']],
  ])('%s starts only what it needs, answers, and stops it again', async (_, args, answer, services) => {
    // Act
    const { code, out } = await runCli(args, 240_000, undefined, ENV);

    // Assess
    expect(out, out).toMatch(answer);
    expect(code, out).toBe(0);
    for (const service of services) expect(out).toMatch(new RegExp(`${service}: ready in`));
    if (!services.includes('trino')) expect(out).not.toMatch(/trino: (ready|starting|reusing)/);
    expect(out).not.toMatch(/kafka: (ready|starting|reusing)/);
    expect(await listening(29190)).toBe(false);
    expect(await listening(29192)).toBe(false);
    expect(await listening(29180)).toBe(false);
    // The state file is removed once nothing it recorded is running.
    expect(existsSync(join(dir, 'infra-state.json'))).toBe(false);
  });
});
