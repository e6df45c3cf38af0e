import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AthenaType, duckdbType } from '../../shared/tick';
import { projectRoot } from '../paths';

export interface TableDefinition {
  readonly columns: readonly { name: string; type: AthenaType }[];
  readonly partitionColumn: string;
  /** The de-duplicating view's statement, for DuckDB (no database qualifier). */
  readonly viewSql: string;
}

/** resources/athena/ticks.sql */
export function ddlPath(): string {
  return join(projectRoot(), 'resources', 'athena', 'ticks.sql');
}

/**
 * Reads the Athena definition in resources/athena/ticks.sql, the one the deployed stack uses, so
 * local SQL runs against the same columns and the same view.
 */
export function readTableDefinition(path = ddlPath()): TableDefinition {
  const sql = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  const table = /CREATE EXTERNAL TABLE[^(]*ticks_raw \(([\s\S]*?)\)\s*PARTITIONED BY \((\w+)/.exec(sql);
  const view = /(CREATE OR REPLACE VIEW[\s\S]*?);/.exec(sql);
  if (!table || !view) throw new Error(`${path}: cannot find the ticks_raw table and ticks view statements`);
  const columns = table[1]!
    .split('\n')
    .map((line) => /^\s*(\w+)\s+(\w+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, type: m[2]! as AthenaType }));
  return { columns, partitionColumn: table[2]!, viewSql: view[1]!.replaceAll('{{DATABASE}}.', '') };
}

/** The select list giving the definition's columns (and partition) with their DuckDB types. */
export function storedColumnsSelect(def: TableDefinition): string {
  return [
    ...def.columns.map((c) => `CAST(${c.name} AS ${duckdbType(c.type)}) AS ${c.name}`),
    def.partitionColumn,
  ].join(', ');
}
