/**
 * Trino's file metastore, loaded with the very Glue objects the stack deploys: the `TableInput`s
 * of ticks_raw and ticks_quarantine and the Presto-encoded view `ticks`, as resources/stack makes
 * them for CloudFormation (not a DDL translated for another engine). Each Glue field maps onto the
 * field of Trino's file-metastore JSON that holds the same thing (Trino's
 * io.trino.plugin.hive.metastore.file.TableMetadata and DatabaseMetadata): columns, partition keys, table parameters
 * (partition projection among them), SerDe and formats, location, view text.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { athenaResources } from '../../resources/stack/athena';
import { QUARANTINE_PREFIX, TICKS_PREFIX } from '../../resources/stack/names';
import type { Cfn } from '../../resources/stack/types';

/** The parts of a Glue `TableInput` the stack sets. */
export interface GlueTableInput {
  readonly Name: string;
  readonly TableType: 'EXTERNAL_TABLE' | 'VIRTUAL_VIEW';
  readonly Parameters?: Record<string, string>;
  readonly PartitionKeys?: readonly GlueColumn[];
  readonly StorageDescriptor: {
    readonly Columns: readonly GlueColumn[];
    readonly Location?: string;
    readonly InputFormat?: string;
    readonly OutputFormat?: string;
    readonly SerdeInfo?: {
      readonly SerializationLibrary?: string;
      readonly Parameters?: Record<string, string>;
    };
  };
  readonly ViewOriginalText?: string;
  readonly ViewExpandedText?: string;
}

interface GlueColumn {
  readonly Name: string;
  readonly Type: string;
  readonly Comment?: string;
}

const column = (c: GlueColumn) => ({
  name: c.Name,
  type: c.Type,
  ...(c.Comment ? { comment: c.Comment } : {}),
});

/**
 * The `.trinoSchema` JSON of a Glue table or view. `writerVersion` must be the running Trino's
 * version: its file metastore refuses metadata written by any other.
 */
export function trinoTableJson(table: GlueTableInput, writerVersion: string): Record<string, unknown> {
  const sd = table.StorageDescriptor;
  const view = table.TableType === 'VIRTUAL_VIEW';
  return {
    writerVersion,
    owner: 'stock-ticks',
    tableType: table.TableType,
    dataColumns: sd.Columns.map(column),
    partitionColumns: (table.PartitionKeys ?? []).map(column),
    parameters: table.Parameters ?? {},
    ...(view
      ? {}
      : {
          originalStorageFormat: {
            serde: sd.SerdeInfo?.SerializationLibrary,
            inputFormat: sd.InputFormat,
            outputFormat: sd.OutputFormat,
          },
          externalLocation: sd.Location,
        }),
    serdeParameters: sd.SerdeInfo?.Parameters ?? {},
    ...(table.ViewOriginalText ? { viewOriginalText: table.ViewOriginalText } : {}),
    ...(table.ViewExpandedText ? { viewExpandedText: table.ViewExpandedText } : {}),
    columnStatistics: {},
  };
}

/**
 * The Glue tables and view the stack deploys for a database, with the bucket's name in their
 * locations (where CloudFormation would put the TicksBucket's). Tests that keep their objects
 * under prefixes of their own pass those; everything else is the stack's.
 */
export function deployedGlueTables(
  database: string,
  bucket: string,
  minEventDate: string,
  prefixes: { readonly ticks: string; readonly quarantine: string } = {
    ticks: TICKS_PREFIX,
    quarantine: QUARANTINE_PREFIX,
  },
): GlueTableInput[] {
  const { resources } = athenaResources({
    database,
    databaseRef: database,
    bucketRef: bucket,
    ticksPrefix: prefixes.ticks,
    quarantinePrefix: prefixes.quarantine,
    minEventDate,
    workGroupRef: 'local',
  });
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::Glue::Table')
    .map((r) => (r.Properties as Cfn).TableInput as GlueTableInput);
}

/**
 * Writes the database and its tables into a file metastore folder, replacing what was there, so
 * the local engine always serves the definitions of the code it runs with.
 *
 * @example await writeMetastore('.local/trino/metastore', 'stock_ticks_local', deployedGlueTables(…), '476');
 */
export async function writeMetastore(
  dir: string,
  database: string,
  tables: readonly GlueTableInput[],
  trinoVersion: string,
): Promise<void> {
  // Trino's layout (FileHiveMetastore): `.<database>.trinoSchema` beside the database's folder,
  // and `<database>/<table>/.trinoSchema` for each table.
  const schemaDir = join(dir, database);
  await rm(schemaDir, { recursive: true, force: true });
  await mkdir(schemaDir, { recursive: true });
  await writeFile(
    join(dir, `.${database}.trinoSchema`),
    JSON.stringify({
      writerVersion: trinoVersion,
      ownerName: 'stock-ticks',
      ownerType: 'USER',
      parameters: {},
    }),
  );
  for (const table of tables) {
    await mkdir(join(schemaDir, table.Name), { recursive: true });
    await writeFile(
      join(schemaDir, table.Name, '.trinoSchema'),
      JSON.stringify(trinoTableJson(table, trinoVersion), null, 2),
    );
  }
}
