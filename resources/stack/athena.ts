/**
 * The Glue table `ticks_raw` (partition projection), the de-duplicating view `ticks` and the
 * Athena named queries, all generated at package time from resources/athena/ (ticks-sql.ts).
 */
import { sealsPrefixBeside } from '../../shared/compaction/prefixes';
import { namedQueries, readTicksSql, TICKS_SQL } from './ticks-sql';
import type { Cfn, Resources } from './types';

// Athena (engine v3, Trino) type of each Hive column type, for the view's Presto encoding. Athena
// reads Hive `timestamp` columns with millisecond precision.
export const PRESTO_TYPES: Readonly<Record<string, string>> = {
  string: 'varchar',
  double: 'double',
  bigint: 'bigint',
  int: 'integer',
  timestamp: 'timestamp(3)',
};

// Glue's `classification` table parameter for the SerDe ticks.sql names.
const CLASSIFICATIONS: Readonly<Record<string, string>> = {
  'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe': 'parquet',
};

/**
 * Replaces the {{PLACEHOLDERS}} of a SQL text. Values are CloudFormation fragments: a string, or
 * an intrinsic such as `{ Ref: 'TicksBucket' }`; the result is a plain string when every value
 * used is a string, else an `Fn::Join`.
 */
export function substitute(template: string, values: Readonly<Record<string, Cfn>>): Cfn {
  const parts: Cfn[] = [];
  let rest = template;
  for (;;) {
    const match = /\{\{([A-Z_]+)\}\}/.exec(rest);
    if (!match) break;
    const key = match[1] as string;
    if (!(key in values)) throw new Error(`No value for {{${key}}}`);
    parts.push(rest.slice(0, match.index), values[key]);
    rest = rest.slice(match.index + match[0].length);
  }
  parts.push(rest);
  const merged: Cfn[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && typeof merged[merged.length - 1] === 'string') {
      merged[merged.length - 1] += part;
    } else if (part !== '') {
      merged.push(part);
    }
  }
  if (merged.length === 0) return '';
  return merged.every((part) => typeof part === 'string') ? merged.join('') : { 'Fn::Join': ['', merged] };
}

/**
 * The Presto/Trino view definition Athena stores in a Glue VIRTUAL_VIEW table: base64 JSON
 * between `/* Presto View: ` and ` *\/`. Its columns must match what the SQL returns, or Athena
 * reports the view as stale.
 */
export function prestoViewText(view: {
  sql: string;
  database: string;
  columns: readonly { name: string; prestoType: string }[];
}): string {
  const definition = {
    originalSql: view.sql,
    catalog: 'awsdatacatalog',
    schema: view.database,
    columns: view.columns.map((c) => ({ name: c.name, type: c.prestoType })),
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition), 'utf8').toString('base64')} */`;
}

type GlueColumn = { Name: string; Type: string; Comment: string };
const column = (Name: string, Type: string, Comment: string): GlueColumn => ({ Name, Type, Comment });

/** An unpartitioned table of JSON lines (OpenX SerDe, as Athena documents it) under a prefix. */
function jsonLinesTable(options: {
  readonly databaseRef: Cfn;
  readonly location: Cfn;
  readonly name: string;
  readonly description: string;
  readonly gzip: boolean;
  readonly columns: GlueColumn[];
}): Resources[string] {
  return {
    Type: 'AWS::Glue::Table',
    Properties: {
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseName: options.databaseRef,
      TableInput: {
        Name: options.name,
        Description: options.description,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'json' },
        StorageDescriptor: {
          Location: options.location,
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          ...(options.gzip ? { Compressed: true } : {}),
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
          Columns: options.columns,
        },
      },
    },
  };
}

/**
 * Records the sink refused, as it keeps them (shared/sink/quarantine-line.ts): one JSON line each
 * with the reason, the Kafka coordinates and the raw key and value (base64), in gzip objects under
 * `quarantine/dt=<Kafka timestamp's date>/`. Not partitioned: quarantine is small, and
 * dt=unknown holds records whose Kafka timestamp is bogus. The reconciliation query joins it with
 * ticks_raw.
 */
function quarantineTable(databaseRef: Cfn, bucketRef: Cfn, quarantinePrefix: string): Resources[string] {
  return jsonLinesTable({
    databaseRef,
    location: substitute(`s3://{{BUCKET}}/${quarantinePrefix}`, { BUCKET: bucketRef }),
    name: 'ticks_quarantine',
    description: 'Records the sink refused, with the reason; replay them after a fix (README)',
    gzip: true,
    columns: [
      column('reason', 'string', 'Why the sink refused the record'),
      column('topic', 'string', 'Kafka topic'),
      column('partition', 'int', 'Kafka partition'),
      column('offset', 'bigint', 'Kafka offset'),
      column('timestamp', 'bigint', 'Kafka record timestamp (epoch ms)'),
      column('timestamptype', 'string', 'CREATE_TIME or LOG_APPEND_TIME'),
      column('key', 'string', 'Record key as delivered (base64)'),
      column('value', 'string', 'Record value as delivered (base64)'),
    ],
  });
}

/**
 * The seals of compacted days (shared/compaction/seal.ts): one JSON line per day and topic under
 * `seals/dt=<day>/<topic>.json`, so `SELECT dt FROM ticks_seals` says which days are sealed and
 * what each holds. Not partitioned: one small object a day.
 */
function sealsTable(databaseRef: Cfn, bucketRef: Cfn, sealsPrefix: string): Resources[string] {
  return jsonLinesTable({
    databaseRef,
    location: substitute(`s3://{{BUCKET}}/${sealsPrefix}`, { BUCKET: bucketRef }),
    name: 'ticks_seals',
    description:
      'Sealed days: each compacted and audited day and topic, its partitions offset ranges and its files with checksums',
    gzip: false,
    columns: [
      column('version', 'int', 'Seal format version'),
      column('dt', 'string', 'The UTC day sealed'),
      column('topic', 'string', 'Kafka topic'),
      column(
        'partitions',
        'array<struct<partition:int,firstoffset:bigint,lastoffset:bigint,rows:bigint,offsets:bigint,tickidrepeats:bigint,quarantined:bigint,logfrom:bigint,logto:bigint>>',
        "Per Kafka partition: offset range, rows, distinct offsets, tick_ids stored twice, quarantined records, and the day's records in Kafka's log [logfrom, logto), each found in S3 before sealing",
      ),
      column(
        'files',
        'array<struct<key:string,bytes:bigint,sha256:string,rows:bigint>>',
        'The compacted files, with size and SHA-256',
      ),
      column('sealedat', 'string', 'When the seal was written (ISO 8601)'),
    ],
  });
}

/** The tables, the view and one named query per file in resources/athena/queries/. */
export function athenaResources(options: {
  readonly database: string;
  readonly databaseRef: Cfn;
  readonly bucketRef: Cfn;
  readonly ticksPrefix: string;
  readonly quarantinePrefix: string;
  /** Where the seals of compacted days are (beside the ticks prefix by default). */
  readonly sealsPrefix?: string;
  readonly minEventDate: string;
  readonly workGroupRef: Cfn;
}): { resources: Resources } {
  const { database, databaseRef, bucketRef, ticksPrefix, quarantinePrefix, minEventDate, workGroupRef } =
    options;
  const { table, view } = readTicksSql();
  const placeholders = { DATABASE: database, BUCKET: bucketRef, PREFIX: ticksPrefix, MIN_DT: minEventDate };

  const classification = CLASSIFICATIONS[table.serde];
  if (!classification)
    throw new Error(`${TICKS_SQL}: no Glue classification known for the SerDe ${table.serde}`);
  const parameters: Record<string, Cfn> = { EXTERNAL: 'TRUE', classification };
  for (const [key, value] of Object.entries(table.properties)) {
    // `${dt}` is Athena's projection template, not a variable of ours: keep it literal.
    parameters[key] = substitute(value, placeholders);
  }

  const byName = new Map([...table.columns, table.partition].map((c) => [c.name, c]));
  const viewColumns = view.columns.map((name) => {
    const column = byName.get(name);
    if (!column) throw new Error(`${TICKS_SQL}: the view selects ${name}, which ticks_raw does not have`);
    const prestoType = PRESTO_TYPES[column.type];
    if (!prestoType) throw new Error(`${TICKS_SQL}: no Athena type for ${column.type}`);
    return { ...column, prestoType };
  });
  const viewSql = substitute(view.sql, { DATABASE: database }) as string;

  const resources: Resources = {
    QuarantineTable: quarantineTable(databaseRef, bucketRef, quarantinePrefix),
    SealsTable: sealsTable(databaseRef, bucketRef, options.sealsPrefix ?? sealsPrefixBeside(ticksPrefix)),
    TicksRawTable: {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: databaseRef,
        TableInput: {
          Name: table.name,
          Description:
            'Ticks as written by the sink: Parquet files under ticks/dt=YYYY-MM-DD/, partitions projected. Query the de-duplicating view instead.',
          TableType: 'EXTERNAL_TABLE',
          Parameters: parameters,
          PartitionKeys: [
            { Name: table.partition.name, Type: table.partition.type, Comment: table.partition.comment },
          ],
          StorageDescriptor: {
            Columns: table.columns.map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
            Location: substitute(table.location, placeholders),
            InputFormat: table.inputFormat,
            OutputFormat: table.outputFormat,
            // Parquet compresses inside the file (per page); the object itself is not compressed.
            Compressed: false,
            SerdeInfo: { SerializationLibrary: table.serde },
          },
        },
      },
    },
    TicksView: {
      Type: 'AWS::Glue::Table',
      DependsOn: ['TicksRawTable'],
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: databaseRef,
        TableInput: {
          Name: view.name,
          Description:
            'One row per tick: the raw table without the copies that at-least-once delivery can add.',
          TableType: 'VIRTUAL_VIEW',
          Parameters: { presto_view: 'true', comment: 'Presto View' },
          ViewOriginalText: prestoViewText({ sql: viewSql, database, columns: viewColumns }),
          ViewExpandedText: '/* Presto View */',
          StorageDescriptor: {
            Columns: viewColumns.map((c) => ({ Name: c.name, Type: c.type })),
            SerdeInfo: {},
          },
        },
      },
    },
  };

  for (const query of namedQueries()) {
    resources[query.logicalId] = {
      Type: 'AWS::Athena::NamedQuery',
      Properties: {
        Name: query.name,
        Description: query.description,
        Database: database,
        WorkGroup: workGroupRef,
        QueryString: substitute(query.sql, { DATABASE: database }),
      },
    };
  }
  // The same view as SQL, for a user whose view went stale or who wants to change it.
  resources.NamedQueryCreateTicksView = {
    Type: 'AWS::Athena::NamedQuery',
    Properties: {
      Name: 'Re-create the ticks view',
      Description:
        'CREATE OR REPLACE VIEW ticks (deployed by the stack already; run this to repair or change it)',
      Database: database,
      WorkGroup: workGroupRef,
      QueryString: `CREATE OR REPLACE VIEW ${database}.${view.name} AS\n${viewSql}`,
    },
  };
  return { resources };
}
