/**
 * Smoke test of the local Trino (Athena's engine): started through `up({ services: ['s3', 'trino'] })`
 * (the global setup starts only Kafka and S3), it answers SQL over its HTTP protocol, has the
 * `awsdatacatalog` catalog reading and writing Parquet on the local S3 as Athena does, and
 * listens on 127.0.0.1 only. Stopped at the end only if this file started it.
 *
 * The first run fetches Trino (~450 MB from Maven Central) in `beforeAll`, hence its long timeout;
 * CI fetches it beforehand with `npx tsx local/cli/infra.ts fetch --trino`.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, fetchJars, type LocalEnv, s3ClientConfig, status, up } from '../../local/infra';
import { unique } from './support';

const log = (line: string) => console.log(`[smoke-trino] ${line}`);
const FETCH_TIMEOUT_MS = 15 * 60_000;
const START_TIMEOUT_MS = 5 * 60_000;

let env: LocalEnv;
let url: string;

interface Page {
  nextUri?: string;
  data?: unknown[][];
  error?: { message?: string; errorName?: string };
}

/**
 * Runs one statement the way Trino's clients do: POST it to /v1/statement, then follow `nextUri`
 * until there is none, collecting the rows (a 502/503/504 means "ask again").
 */
async function sql(statement: string): Promise<unknown[][]> {
  const headers = { 'X-Trino-User': 'smoke-trino', 'X-Trino-Source': 'smoke-trino' };
  const rows: unknown[][] = [];
  let response = await fetch(`${url}/v1/statement`, { method: 'POST', headers, body: statement });
  for (;;) {
    if ([502, 503, 504].includes(response.status)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await fetch(response.url, { headers });
      continue;
    }
    if (!response.ok) throw new Error(`${statement}: HTTP ${response.status} ${await response.text()}`);
    const page = (await response.json()) as Page;
    if (page.error) throw new Error(`${statement}: ${page.error.errorName}: ${page.error.message}`);
    rows.push(...(page.data ?? []));
    if (page.nextUri === undefined) return rows;
    response = await fetch(page.nextUri, { headers });
  }
}

/** `127.0.0.1:8080`, `[::ffff:127.0.0.1]:8080`... from a /proc/net/tcp{,6} address (little-endian hex words). */
function procAddress(hex: string): string {
  const [ip = '', port = ''] = hex.split(':');
  const words = ip.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)),
  );
  const at = `:${Number.parseInt(port, 16)}`;
  if (bytes.length === 4) return `${bytes.join('.')}${at}`;
  const v4mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (v4mapped) return `[::ffff:${bytes.slice(12).join('.')}]${at}`;
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((bytes[2 * i] ?? 0) * 256 + (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  return `[${groups.join(':')}]${at}`;
}

/**
 * The local addresses of every listening TCP socket and every bound UDP socket of a process, read
 * from /proc (Linux).
 */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  const found: string[] = [];
  for (const [table, listening] of [
    ['tcp', '0A'],
    ['tcp6', '0A'],
    ['udp', '07'],
    ['udp6', '07'],
  ] as const) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1] ?? '', fields[3], fields[9] ?? ''];
      if (state === listening && inodes.has(inode)) found.push(`${table} ${procAddress(local)}`);
    }
  }
  return found;
}

beforeAll(async () => {
  // A no-op once fetched; the first time ~450 MB, so it gets a timeout of its own.
  await fetchJars({ log, trino: true });
}, FETCH_TIMEOUT_MS);

beforeAll(async () => {
  env = await up({ log, services: ['s3', 'trino'] });
  if (env.trino === undefined) throw new Error('up() gave no Trino address');
  url = env.trino.url;
}, START_TIMEOUT_MS);

afterAll(async () => {
  // Only what this file started: Trino, unless it already ran (S3 is the global setup's).
  if (env) await down({ only: env.started, log });
});

describe('local Trino', () => {
  it('is started on request, and answers SQL over its HTTP protocol', async () => {
    // Act
    const one = await sql('SELECT 1');
    const catalogs = await sql('SHOW CATALOGS');

    // Assess
    expect(env.started.trino).toBeDefined();
    expect(env.started.kafka).toBe(false);
    expect(one).toEqual([[1]]);
    expect(catalogs.map(([name]) => name)).toContain('awsdatacatalog');
  });

  it.skipIf(process.platform !== 'linux')('listens on 127.0.0.1 only', async () => {
    // Prepare
    const { trino } = await status();
    expect(trino.running).toBe(true);

    // Act
    const addresses = listeningAddresses(trino.pid!);

    // Assess
    const port = new URL(url).port;
    expect(addresses).toContainEqual(
      expect.stringMatching(new RegExp(`^tcp6? (\\[::ffff:)?127\\.0\\.0\\.1\\]?:${port}$`)),
    );
    for (const address of addresses) {
      expect(address).toMatch(/^(tcp|udp)6? (127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[0:0:0:0:0:0:0:1\]):\d+$/);
    }
  });

  it('reads and writes Parquet on the local S3 through awsdatacatalog, projected partitions as Athena does', async () => {
    // Prepare: a schema of this run, data written by Trino to the local S3 as Athena's CTAS does.
    const schema = unique('smoke_trino').replace(/-/g, '_');
    const prefix = `smoke-trino/${schema}/`;
    const location = `s3://${env.s3.bucket}/${prefix}`;
    const s3 = new S3Client(s3ClientConfig(env.s3));
    const table = `awsdatacatalog.${schema}`;
    try {
      await sql(`CREATE SCHEMA ${table} WITH (location = '${location}')`);
      await sql(
        `CREATE TABLE ${table}.ticks WITH (external_location = '${location}ticks/', partitioned_by = ARRAY['dt']) ` +
          `AS SELECT * FROM (VALUES ('AAPL', 1.5e0, '2024-01-02'), ('MSFT', 2.5e0, '2024-01-02'), ('AAPL', 3.5e0, '2024-01-04')) t(symbol, price, dt)`,
      );
      await sql(
        `CREATE TABLE ${table}.projected (symbol varchar, price double, dt varchar WITH (` +
          `partition_projection_type = 'date', partition_projection_format = 'yyyy-MM-dd', ` +
          `partition_projection_range = ARRAY['2024-01-01', '2024-01-05'], partition_projection_interval = 1, ` +
          `partition_projection_interval_unit = 'DAYS')) ` +
          `WITH (external_location = '${location}ticks/', partitioned_by = ARRAY['dt'], partition_projection_enabled = true)`,
      );
      await sql(
        `CREATE TABLE ${table}.unpartitioned (symbol varchar, price double) WITH (external_location = '${location}ticks/')`,
      );

      // Act
      const byDay = await sql(
        `SELECT dt, count(*), sum(price) FROM ${table}.projected GROUP BY dt ORDER BY dt`,
      );
      const emptyDay = await sql(`SELECT count(*) FROM ${table}.projected WHERE dt = '2024-01-03'`);
      const recursive = await sql(`SELECT count(*) FROM ${table}.unpartitioned`);
      const objects = await s3.send(new ListObjectsV2Command({ Bucket: env.s3.bucket, Prefix: prefix }));

      // Assess: the days without objects are empty, not errors; subfolders are read.
      expect(byDay).toEqual([
        ['2024-01-02', 2, 4],
        ['2024-01-04', 1, 3.5],
      ]);
      expect(emptyDay).toEqual([[0]]);
      expect(recursive).toEqual([[3]]);
      expect((objects.Contents ?? []).map((o) => o.Key)).toContainEqual(
        expect.stringMatching(/ticks\/dt=2024-01-02\//),
      );
    } finally {
      for (const name of ['unpartitioned', 'projected', 'ticks']) {
        await sql(`DROP TABLE IF EXISTS ${table}.${name}`).catch(() => {});
      }
      await sql(`DROP SCHEMA IF EXISTS ${table}`).catch(() => {});
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: env.s3.bucket, Prefix: prefix }));
      const keys = (listed.Contents ?? []).map(({ Key }) => ({ Key }));
      if (keys.length > 0) {
        await s3.send(new DeleteObjectsCommand({ Bucket: env.s3.bucket, Delete: { Objects: keys } }));
      }
      s3.destroy();
    }
  });
});
