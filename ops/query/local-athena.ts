/**
 * Athena's engine on this machine: Trino (Athena engine v3 is Trino) over the local S3, with the
 * Glue tables and view the stack deploys, in a catalog named like Athena's (`awsdatacatalog`).
 * The same SQL a user pastes into the Athena console runs here unchanged, and so do the named
 * queries, exactly as the stack registers them.
 */
import { join } from 'node:path';
import { readStageParams } from '../../local/config/sls-params';
import type { LocalEnv } from '../../local/infra';
import { PROJECT_ROOT } from '../../local/paths';
import { substitute } from '../../resources/stack/athena';
import { stackNames } from '../../resources/stack/names';
import { namedQueries } from '../../resources/stack/ticks-sql';
import { deployedGlueTables, writeMetastore } from './metastore';
import { runTrino, type TrinoResult } from './trino-client';

export const ATHENA_CATALOG = 'awsdatacatalog';

/** Databases already loaded into a Trino's metastore by this process. */
const loaded = new Set<string>();

export interface LocalAthena {
  /** The Glue database the tables are in (the stack's for the stage, or a test's own). */
  readonly database: string;
  /** Runs SQL with the database as the default schema, as the Athena console does. */
  run(sql: string): Promise<TrinoResult>;
  /** Runs a named query exactly as the stack registers it for this database. */
  named(name: string): Promise<TrinoResult>;
}

export interface LocalAthenaOptions {
  /** The stage whose database to serve (default `local`: `stock_ticks_local`). */
  readonly stage?: string;
  /** A database and prefixes of a test's own, instead of the stage's. */
  readonly database?: string;
  readonly prefixes?: { readonly ticks: string; readonly quarantine: string };
}

/** The SQL of a named query as the stack registers it for `database`. */
export function namedQuerySql(name: string, database: string): string {
  const query = namedQueries().find((q) => q.name === name);
  if (!query) {
    const known = namedQueries().map((q) => `"${q.name}"`);
    throw new Error(`No named query "${name}"; the stack registers ${known.join(', ')}`);
  }
  return substitute(query.sql, { DATABASE: database }) as string;
}

/**
 * Loads the stack's table definitions into the local Trino (needs `up({ services: ['s3',
 * 'trino'] })`) and returns a runner bound to the database.
 *
 * @example
 * const athena = await localAthena(env);
 * const { rows } = await athena.named('Daily OHLC per symbol');
 */
export async function localAthena(env: LocalEnv, options: LocalAthenaOptions = {}): Promise<LocalAthena> {
  if (!env.trino) throw new Error('Trino is not running: start it with up({ services: [..., "trino"] })');
  const stage = options.stage ?? 'local';
  const database = options.database ?? stackNames('stock-ticks', stage).glueDatabase;
  const session = { url: env.trino.url, catalog: ATHENA_CATALOG, schema: database };
  if (env.trino.metastoreDir) {
    const key = JSON.stringify([env.trino.url, env.trino.metastoreDir, database, stage, options.prefixes]);
    // Once per process and database: the definitions do not change while it runs.
    if (!loaded.has(key)) {
      // The minimum event date bounds the projection, as in the deployed table.
      const { minEventDate } = readStageParams(join(PROJECT_ROOT, 'serverless.yml'), stage, ['minEventDate']);
      const version = String((await runTrino({ url: env.trino.url }, 'SELECT version()')).rows[0]?.[0]);
      const tables = deployedGlueTables(database, env.s3.bucket, minEventDate, options.prefixes);
      await writeMetastore(env.trino.metastoreDir, database, tables, version);
      loaded.add(key);
    }
  }
  return {
    database,
    run: (sql) => runTrino(session, sql),
    named: (name) => runTrino(session, namedQuerySql(name, database)),
  };
}

/** The query `npm start` ends with: the latest price of every symbol. */
export const LAST_PRICE_SQL = `
SELECT symbol, max_by(close, event_time) AS last_close, max(event_time) AS at, count(*) AS ticks
FROM ticks GROUP BY symbol ORDER BY symbol`;
