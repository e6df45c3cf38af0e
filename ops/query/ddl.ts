import { readTicksSql } from '../../resources/stack/ticks-sql';
import { type AthenaType, duckdbType } from '../../shared/tick';

export interface TableDefinition {
  readonly columns: readonly { name: string; type: AthenaType }[];
  readonly partitionColumn: string;
  /** The de-duplicating view's statement, for DuckDB (no database qualifier). */
  readonly viewSql: string;
}

/**
 * The Athena definition in resources/athena/ticks.sql, the one the deployed stack uses (read by
 * the stack's own parser), so local SQL runs against the same columns and the same view.
 */
export function readTableDefinition(): TableDefinition {
  const { table, view } = readTicksSql();
  return {
    columns: table.columns.map((c) => ({ name: c.name, type: c.type as AthenaType })),
    partitionColumn: table.partition.name,
    viewSql: `CREATE OR REPLACE VIEW ${view.name} AS\n${view.sql}`.replaceAll('{{DATABASE}}.', ''),
  };
}

/** The select list giving the definition's columns (and partition) with their DuckDB types. */
export function storedColumnsSelect(def: TableDefinition): string {
  return [
    ...def.columns.map((c) => `CAST(${c.name} AS ${duckdbType(c.type)}) AS ${c.name}`),
    def.partitionColumn,
  ].join(', ');
}
