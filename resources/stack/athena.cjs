'use strict';

/**
 * The Glue table, the de-duplicating Athena view and the named queries, all generated at package
 * time from the SQL files in resources/athena/: the table and view from ticks.sql (the one
 * definition the local SQL engine uses too), the named queries from resources/athena/queries/.
 */

const fs = require('node:fs');
const path = require('node:path');

const ATHENA_DIR = path.join(__dirname, '..', 'athena');
const TICKS_SQL = path.join(ATHENA_DIR, 'ticks.sql');
const QUERIES_DIR = path.join(ATHENA_DIR, 'queries');

// Athena (engine v3, Trino) type of each Hive column type, for the view's Presto encoding. Athena
// reads Hive `timestamp` columns with millisecond precision.
const PRESTO_TYPES = {
  string: 'varchar',
  double: 'double',
  bigint: 'bigint',
  int: 'integer',
  timestamp: 'timestamp(3)',
};

// Glue's `classification` table parameter for the SerDe ticks.sql names.
const CLASSIFICATIONS = {
  'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe': 'parquet',
};

function stripComments(sql) {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
}

/**
 * Parses the raw table and the view out of ticks.sql.
 *
 * @example parseTicksSql(fs.readFileSync('resources/athena/ticks.sql', 'utf8')).table.columns[0]
 * // { name: 'tick_id', type: 'string', comment: 'Deterministic id: …' }
 */
function parseTicksSql(sql) {
  const body = stripComments(sql);
  const table =
    /CREATE EXTERNAL TABLE IF NOT EXISTS \{\{DATABASE\}\}\.(\w+) \(([\s\S]*?)\)\s*PARTITIONED BY \((\w+) (\w+) COMMENT '([^']*)'\)\s*ROW FORMAT SERDE '([^']+)'\s*STORED AS\s*INPUTFORMAT '([^']+)'\s*OUTPUTFORMAT '([^']+)'\s*LOCATION '([^']+)'\s*TBLPROPERTIES \(([\s\S]*?)\);/.exec(
      body,
    );
  if (!table) throw new Error(`${TICKS_SQL}: no CREATE EXTERNAL TABLE statement in the expected shape`);
  const columns = table[2]
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const column = /^(\w+) (\w+) COMMENT '([^']*)',?$/.exec(line);
      if (!column) throw new Error(`${TICKS_SQL}: cannot read the column line "${line}"`);
      return { name: column[1], type: column[2], comment: column[3] };
    });
  const properties = {};
  for (const match of table[10].matchAll(/'([^']+)'\s*=\s*'([^']*)'/g)) properties[match[1]] = match[2];

  const view = /CREATE OR REPLACE VIEW \{\{DATABASE\}\}\.(\w+) AS\s*([\s\S]*?);/.exec(body);
  if (!view) throw new Error(`${TICKS_SQL}: no CREATE OR REPLACE VIEW statement`);
  const viewColumns = /^SELECT ([\s\S]*?)\nFROM/.exec(view[2]);
  if (!viewColumns) throw new Error(`${TICKS_SQL}: cannot read the view's column list`);

  return {
    table: {
      name: table[1],
      columns,
      partition: { name: table[3], type: table[4], comment: table[5] },
      serde: table[6],
      inputFormat: table[7],
      outputFormat: table[8],
      location: table[9],
      properties,
    },
    view: {
      name: view[1],
      sql: view[2].trim(),
      columns: viewColumns[1].split(',').map((name) => name.trim()),
    },
  };
}

/**
 * Replaces the {{PLACEHOLDERS}} of a SQL text. Values are CloudFormation fragments: a string, or
 * an intrinsic such as `{ Ref: 'TicksBucket' }`; the result is a plain string when every value
 * used is a string, else an `Fn::Join`.
 */
function substitute(template, values) {
  const parts = [];
  let rest = template;
  for (;;) {
    const match = /\{\{([A-Z_]+)\}\}/.exec(rest);
    if (!match) break;
    if (!(match[1] in values)) throw new Error(`No value for {{${match[1]}}}`);
    parts.push(rest.slice(0, match.index), values[match[1]]);
    rest = rest.slice(match.index + match[0].length);
  }
  parts.push(rest);
  const merged = [];
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
function prestoViewText({ sql, database, columns }) {
  const definition = {
    originalSql: sql,
    catalog: 'awsdatacatalog',
    schema: database,
    columns: columns.map((c) => ({ name: c.name, type: c.prestoType })),
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition), 'utf8').toString('base64')} */`;
}

/**
 * The Glue database's table `ticks_raw` (partition projection), the view `ticks`, and one
 * Athena named query per file in resources/athena/queries/.
 */
function athenaResources({ database, bucketRef, ticksPrefix, minEventDate, workGroupRef, databaseRef }) {
  const sql = fs.readFileSync(TICKS_SQL, 'utf8');
  const { table, view } = parseTicksSql(sql);
  const placeholders = { DATABASE: database, BUCKET: bucketRef, PREFIX: ticksPrefix, MIN_DT: minEventDate };

  const classification = CLASSIFICATIONS[table.serde];
  if (!classification)
    throw new Error(`${TICKS_SQL}: no Glue classification known for the SerDe ${table.serde}`);
  const parameters = { EXTERNAL: 'TRUE', classification };
  for (const [key, value] of Object.entries(table.properties)) {
    // `${dt}` is Athena's projection template, not a variable of ours: keep it literal.
    parameters[key] = substitute(value, placeholders);
  }

  const allColumns = [...table.columns, table.partition];
  const byName = new Map(allColumns.map((c) => [c.name, c]));
  const viewColumns = view.columns.map((name) => {
    const column = byName.get(name);
    if (!column) throw new Error(`${TICKS_SQL}: the view selects ${name}, which ticks_raw does not have`);
    const prestoType = PRESTO_TYPES[column.type];
    if (!prestoType) throw new Error(`${TICKS_SQL}: no Athena type for ${column.type}`);
    return { ...column, prestoType };
  });
  const viewSql = substitute(view.sql, { DATABASE: database });

  const resources = {
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
  return { resources, table, view };
}

/**
 * The named queries: each file in resources/athena/queries/ starts with `-- name: …` and
 * `-- description: …` lines, then the SQL.
 */
function namedQueries() {
  return fs
    .readdirSync(QUERIES_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(QUERIES_DIR, file), 'utf8');
      const name = /^-- name: (.+)$/m.exec(text);
      const description = /^-- description: (.+)$/m.exec(text);
      if (!name || !description) throw new Error(`${file}: needs "-- name:" and "-- description:" lines`);
      const sql = stripComments(text).trim().replace(/;$/, '');
      const base = file.replace(/^\d+-/, '').replace(/\.sql$/, '');
      const logicalId = `NamedQuery${base
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('')}`;
      return { file, logicalId, name: name[1].trim(), description: description[1].trim(), sql };
    });
}

module.exports = { athenaResources, namedQueries, parseTicksSql, prestoViewText, substitute, PRESTO_TYPES };
