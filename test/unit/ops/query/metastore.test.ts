import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedGlueTables, trinoTableJson, writeMetastore } from '../../../../ops/query/metastore';

describe("the stack's Glue tables in Trino's file metastore", () => {
  const tables = deployedGlueTables('stock_ticks_local', 'ticks-local', '2024-01-01');

  it('are the ones the stack deploys: ticks_raw, ticks_quarantine, ticks_seals and the view ticks', () => {
    expect(tables.map((t) => [t.Name, t.TableType]).sort()).toEqual([
      ['ticks', 'VIRTUAL_VIEW'],
      ['ticks_quarantine', 'EXTERNAL_TABLE'],
      ['ticks_raw', 'EXTERNAL_TABLE'],
      ['ticks_seals', 'EXTERNAL_TABLE'],
    ]);
    // The seals beside ticks/, where compaction writes them.
    expect(trinoTableJson(tables.find((t) => t.Name === 'ticks_seals')!, '476')).toMatchObject({
      externalLocation: 's3://ticks-local/seals/',
    });
  });

  it('carry every Glue field Trino reads: columns, partition keys, projection, formats, location', () => {
    // Prepare
    const raw = tables.find((t) => t.Name === 'ticks_raw')!;

    // Act
    const json = trinoTableJson(raw, '476');

    // Assess
    expect(json).toMatchObject({
      writerVersion: '476',
      tableType: 'EXTERNAL_TABLE',
      externalLocation: 's3://ticks-local/ticks/',
      originalStorageFormat: {
        serde: raw.StorageDescriptor.SerdeInfo?.SerializationLibrary,
        inputFormat: raw.StorageDescriptor.InputFormat,
        outputFormat: raw.StorageDescriptor.OutputFormat,
      },
      partitionColumns: [{ name: 'dt', type: 'string', comment: 'UTC date of event_time' }],
    });
    expect((json.dataColumns as unknown[]).length).toBe(raw.StorageDescriptor.Columns.length);
    expect(json.parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.range': '2024-01-01,NOW+1DAYS',
      'storage.location.template': 's3://ticks-local/ticks/dt=${dt}/',
    });
  });

  it('keep the view as Athena stores it (Presto-encoded), without a location', () => {
    const view = trinoTableJson(tables.find((t) => t.Name === 'ticks')!, '476');

    expect(view).toMatchObject({ tableType: 'VIRTUAL_VIEW', viewExpandedText: '/* Presto View */' });
    expect(String(view.viewOriginalText)).toMatch(/^\/\* Presto View: [A-Za-z0-9+/=]+ \*\/$/);
    expect(view).not.toHaveProperty('externalLocation');
  });

  it('are written where Trino looks: .<db>.trinoSchema and <db>/<table>/.trinoSchema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticks-metastore-'));
    try {
      await writeMetastore(dir, 'stock_ticks_local', tables, '476');

      expect(JSON.parse(readFileSync(join(dir, '.stock_ticks_local.trinoSchema'), 'utf8'))).toMatchObject({
        writerVersion: '476',
        ownerType: 'USER',
      });
      for (const table of tables) {
        const json = JSON.parse(
          readFileSync(join(dir, 'stock_ticks_local', table.Name, '.trinoSchema'), 'utf8'),
        );
        expect(json.tableType).toBe(table.TableType);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
