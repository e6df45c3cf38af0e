import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbType } from '../../shared/tick';
import { readTableDefinition, storedColumnsSelect } from './ddl';

export interface QueryResult {
  readonly columns: string[];
  readonly rows: unknown[][];
}

/**
 * Runs SQL over tick files with DuckDB, through the same table and view as Athena: `ticks_raw`
 * (every stored row) and `ticks` (one row per tick).
 */
export async function queryTickFiles(files: readonly string[], sql: string): Promise<QueryResult> {
  const def = readTableDefinition();
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    if (files.length > 0) {
      const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
      // The table's columns, in its order and types, whatever else a file may hold: as Athena
      // reads Parquet, by column name.
      await db.run(
        `CREATE VIEW ticks_raw AS SELECT ${storedColumnsSelect(def)} FROM read_parquet([${list}], ` +
          `hive_partitioning = true, hive_types = {'${def.partitionColumn}': 'VARCHAR'})`,
      );
    } else {
      const cols = def.columns.map((c) => `${c.name} ${duckdbType(c.type)}`).join(', ');
      await db.run(`CREATE TABLE ticks_raw (${cols}, ${def.partitionColumn} VARCHAR)`);
    }
    await db.run(def.viewSql);
    const reader = await db.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJS() as unknown[][] };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
