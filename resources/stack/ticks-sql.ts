/**
 * resources/athena/: ticks.sql (the raw table and the de-duplicating view) and queries/ (the named
 * queries). Parsed here once, for the stack's Glue and Athena resources and for the local SQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ATHENA_DIR = join(import.meta.dirname, '..', 'athena');
export const TICKS_SQL = join(ATHENA_DIR, 'ticks.sql');
const QUERIES_DIR = join(ATHENA_DIR, 'queries');

export interface SqlColumn {
  readonly name: string;
  /** The Hive type, as Glue stores it. */
  readonly type: string;
  readonly comment: string;
}

export interface TicksSql {
  readonly table: {
    readonly name: string;
    readonly columns: readonly SqlColumn[];
    readonly partition: SqlColumn;
    readonly serde: string;
    readonly inputFormat: string;
    readonly outputFormat: string;
    readonly location: string;
    readonly properties: Readonly<Record<string, string>>;
  };
  readonly view: { readonly name: string; readonly sql: string; readonly columns: readonly string[] };
}

export interface NamedQuery {
  readonly file: string;
  readonly logicalId: string;
  readonly name: string;
  readonly description: string;
  /** With `{{DATABASE}}` placeholders. */
  readonly sql: string;
}

const stripComments = (sql: string) =>
  sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');

/**
 * Parses the raw table and the view out of ticks.sql.
 *
 * @example parseTicksSql(readFileSync(TICKS_SQL, 'utf8')).table.columns[0]
 * // { name: 'tick_id', type: 'string', comment: 'Deterministic id: …' }
 */
export function parseTicksSql(sql: string, file = TICKS_SQL): TicksSql {
  const body = stripComments(sql);
  const table =
    /CREATE EXTERNAL TABLE IF NOT EXISTS \{\{DATABASE\}\}\.(\w+) \(([\s\S]*?)\)\s*PARTITIONED BY \((\w+) (\w+) COMMENT '([^']*)'\)\s*ROW FORMAT SERDE '([^']+)'\s*STORED AS\s*INPUTFORMAT '([^']+)'\s*OUTPUTFORMAT '([^']+)'\s*LOCATION '([^']+)'\s*TBLPROPERTIES \(([\s\S]*?)\);/.exec(
      body,
    );
  if (!table) throw new Error(`${file}: no CREATE EXTERNAL TABLE statement in the expected shape`);
  const [, name, columnLines, partName, partType, partComment, serde, input, output, location, props] =
    table as unknown as string[];
  const columns = (columnLines as string)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const column = /^(\w+) (\w+) COMMENT '([^']*)',?$/.exec(line);
      if (!column) throw new Error(`${file}: cannot read the column line "${line}"`);
      return { name: column[1] as string, type: column[2] as string, comment: column[3] as string };
    });
  const properties: Record<string, string> = {};
  for (const match of (props as string).matchAll(/'([^']+)'\s*=\s*'([^']*)'/g))
    properties[match[1] as string] = match[2] as string;

  const view = /CREATE OR REPLACE VIEW \{\{DATABASE\}\}\.(\w+) AS\s*([\s\S]*?);/.exec(body);
  if (!view) throw new Error(`${file}: no CREATE OR REPLACE VIEW statement`);
  const viewColumns = /^SELECT ([\s\S]*?)\nFROM/.exec(view[2] as string);
  if (!viewColumns) throw new Error(`${file}: cannot read the view's column list`);

  return {
    table: {
      name: name as string,
      columns,
      partition: { name: partName as string, type: partType as string, comment: partComment as string },
      serde: serde as string,
      inputFormat: input as string,
      outputFormat: output as string,
      location: location as string,
      properties,
    },
    view: {
      name: view[1] as string,
      sql: (view[2] as string).trim(),
      columns: (viewColumns[1] as string).split(',').map((c) => c.trim()),
    },
  };
}

/** ticks.sql, read and parsed. */
export function readTicksSql(): TicksSql {
  return parseTicksSql(readFileSync(TICKS_SQL, 'utf8'));
}

/**
 * The named queries: each file in resources/athena/queries/ starts with `-- name: …` and
 * `-- description: …` lines, then the SQL.
 */
export function namedQueries(): NamedQuery[] {
  return readdirSync(QUERIES_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(QUERIES_DIR, file), 'utf8');
      const name = /^-- name: (.+)$/m.exec(text);
      const description = /^-- description: (.+)$/m.exec(text);
      if (!name || !description) throw new Error(`${file}: needs "-- name:" and "-- description:" lines`);
      const sql = stripComments(text).trim().replace(/;$/, '');
      const base = file.replace(/^\d+-/, '').replace(/\.sql$/, '');
      const logicalId = `NamedQuery${base
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('')}`;
      return {
        file,
        logicalId,
        name: (name[1] as string).trim(),
        description: (description[1] as string).trim(),
        sql,
      };
    });
}
