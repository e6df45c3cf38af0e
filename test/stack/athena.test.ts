import { describe, expect, it } from 'vitest';
import { PRESTO_TYPES } from '../../resources/stack/athena';
import { readTicksSql } from '../../resources/stack/ticks-sql';
import { MAX_CLOCK_SKEW_MS, PARTITION_COLUMN, TICK_COLUMNS } from '../../shared/tick';
import { render, resource, resourcesOfType, template } from './support/template';

const DATABASE = 'stock_ticks_test';

describe('the Glue table ticks_raw', () => {
  const table = () => resource(template('msk'), 'TicksRawTable').Properties.TableInput;

  it('has exactly the columns of the tick schema, in order and type, partitioned by dt', () => {
    const columns = table().StorageDescriptor.Columns.map((c: { Name: string; Type: string }) => ({
      name: c.Name,
      type: c.Type,
    }));

    expect(columns).toEqual(TICK_COLUMNS.map((c) => ({ name: c.name, type: c.type })));
    expect(table().PartitionKeys).toEqual([
      { Name: PARTITION_COLUMN.name, Type: 'string', Comment: PARTITION_COLUMN.comment },
    ]);
  });

  it('reads Parquet with the Parquet SerDe and input format', () => {
    expect(table().StorageDescriptor).toMatchObject({
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      Compressed: false,
    });
    expect(table().Parameters).toMatchObject({ EXTERNAL: 'TRUE', classification: 'parquet' });
    expect(render(table().StorageDescriptor.Location)).toBe('s3://${TicksBucket}/ticks/');
  });

  it('projects dt partitions from the first accepted day, with the projection in TableInput.Parameters', () => {
    const parameters = table().Parameters;

    expect(parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      // As far ahead as the sink accepts event times: a tick dated tomorrow must be visible.
      'projection.dt.range': `2024-01-01,NOW+${MAX_CLOCK_SKEW_MS / 86_400_000}DAYS`,
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
    });
    // ${dt} is Athena's template and must reach it literally.
    expect(render(parameters['storage.location.template'])).toBe('s3://${TicksBucket}/ticks/dt=${dt}/');
    expect(table().StorageDescriptor.Parameters).toBeUndefined();
    expect(resource(template('msk'), 'TicksRawTable').Properties.DatabaseName).toEqual({
      Ref: 'GlueDatabase',
    });
    expect(resource(template('msk'), 'GlueDatabase').Properties.DatabaseInput.Name).toBe(DATABASE);
  });
});

describe('the view ticks', () => {
  const view = () => resource(template('msk'), 'TicksView').Properties.TableInput;
  const decoded = () => {
    const text = view().ViewOriginalText as string;
    const match = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(text);
    expect(match).not.toBeNull();
    return JSON.parse(Buffer.from(match![1]!, 'base64').toString('utf8'));
  };

  it('is an Athena (Presto) view over ticks_raw, generated from resources/athena/ticks.sql', () => {
    expect(view()).toMatchObject({
      Name: 'ticks',
      TableType: 'VIRTUAL_VIEW',
      Parameters: { presto_view: 'true' },
    });
    const definition = decoded();
    expect(definition).toMatchObject({ catalog: 'awsdatacatalog', schema: DATABASE });
    expect(definition.originalSql).toContain(`FROM ${DATABASE}.ticks_raw`);
    expect(definition.originalSql).toContain('row_number() OVER (PARTITION BY dt, tick_id');

    expect(definition.originalSql).toBe(readTicksSql().view.sql.replaceAll('{{DATABASE}}', DATABASE));
  });

  it('has every tick column plus dt, with matching Glue and Athena types', () => {
    // Whether these are the types Athena's engine reports is for Trino itself to answer; here:
    // every column has one, the Glue columns and the view's encoding agree, and nothing is left out.
    const expected = [...TICK_COLUMNS, PARTITION_COLUMN];

    expect(view().StorageDescriptor.Columns).toEqual(expected.map((c) => ({ Name: c.name, Type: c.type })));
    expect(decoded().columns).toEqual(expected.map((c) => ({ name: c.name, type: PRESTO_TYPES[c.type] })));
    for (const c of expected) expect(PRESTO_TYPES[c.type], c.type).toBeDefined();
  });
});

describe('the Athena workgroup and named queries', () => {
  it('enforces engine v3, the result location and the bytes-scanned cap', () => {
    const workgroup = resource(template('msk'), 'AthenaWorkGroup').Properties;

    expect(workgroup.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      BytesScannedCutoffPerQuery: 1000000000,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
    });
    expect(render(workgroup.WorkGroupConfiguration.ResultConfiguration.OutputLocation)).toBe(
      's3://${TicksBucket}/athena-results/',
    );
  });

  it('answers what a user asks: latest price, daily OHLC, biggest movers, all over the view', () => {
    const queries = Object.fromEntries(
      resourcesOfType(template('msk'), 'AWS::Athena::NamedQuery').map(([id, q]) => [id, q.Properties]),
    );

    expect(Object.keys(queries).sort()).toEqual([
      'NamedQueryBiggestMovers',
      'NamedQueryCreateTicksView',
      'NamedQueryDailyOhlc',
      'NamedQueryLatestPrice',
      'NamedQueryReconcile',
    ]);
    for (const id of ['NamedQueryLatestPrice', 'NamedQueryDailyOhlc', 'NamedQueryBiggestMovers']) {
      const query = queries[id];
      expect(query.Database).toBe(DATABASE);
      expect(query.WorkGroup).toEqual({ Ref: 'AthenaWorkGroup' });
      expect(query.QueryString).toContain(`FROM ${DATABASE}.ticks\n`);
      expect(query.QueryString).not.toContain('{{');
      // A dt filter keeps the scan to a few partitions.
      expect(query.QueryString).toMatch(/WHERE dt (>=|=) date_format\(current_date/);
    }
    expect(queries.NamedQueryDailyOhlc.QueryString).toMatch(
      /min_by\(open, event_time\)[\s\S]*max\(high\)[\s\S]*min\(low\)[\s\S]*max_by\(close, event_time\)/,
    );
    // The deployed counterpart of `npm run audit`: ticks and quarantined records per partition.
    expect(queries.NamedQueryReconcile.QueryString).toMatch(
      new RegExp(
        `FROM ${DATABASE}\\.ticks_raw[\\s\\S]*FROM ${DATABASE}\\.ticks_quarantine[\\s\\S]*missing_inside_range`,
      ),
    );
    const quarantine = resource(template('msk'), 'QuarantineTable').Properties.TableInput;
    expect(quarantine.Name).toBe('ticks_quarantine');
    expect(render(quarantine.StorageDescriptor.Location)).toBe('s3://${TicksBucket}/quarantine/');
    expect(quarantine.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual([
      'reason',
      'topic',
      'partition',
      'offset',
      'timestamp',
      'timestamptype',
      'key',
      'value',
    ]);
    expect(queries.NamedQueryCreateTicksView.QueryString).toMatch(
      new RegExp(`^CREATE OR REPLACE VIEW ${DATABASE}\\.ticks AS`),
    );
  });

  describe('the seals table', () => {
    it('exposes each sealed day to SQL: ticks_seals over seals/, beside ticks/', () => {
      const table = resource(template('msk'), 'SealsTable').Properties!.TableInput;
      expect(table.Name).toBe('ticks_seals');
      expect(render(table.StorageDescriptor.Location)).toBe('s3://${TicksBucket}/seals/');
      expect(table.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual([
        'version',
        'dt',
        'topic',
        'partitions',
        'files',
        'sealedat',
      ]);
    });
  });
});
