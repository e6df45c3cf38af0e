import { describe, expect, it } from 'vitest';
import { CompactionRequestError, UnsafeDeleteError } from '../../../shared/compaction';
import {
  checkDayRequest,
  compactedKey,
  deletesAfter,
  offsetRange,
  type PartitionJob,
  planDay,
  rowsMatchKey,
} from '../../../shared/compaction/plan';
import { parseObjectKey } from '../../../shared/sink';

const pad = (n: number) => String(n).padStart(19, '0');
const key = (
  partition: number,
  first: number,
  last: number,
  tail = '.parquet',
  topic = 'ticks',
  dt = '2025-07-01',
) => `ticks/dt=${dt}/${topic}-${partition}-${pad(first)}-${pad(last)}${tail}`;
const listed = (...keys: string[]) => keys.map((k) => ({ key: k, size: 100 }));

describe('planDay', () => {
  it('groups the day’s tick objects of the topic by partition, in key order', () => {
    // Act
    const plan = planDay(
      '2025-07-01',
      'ticks',
      'ticks/',
      listed(
        key(1, 10, 19),
        key(0, 5, 9),
        key(0, 0, 4),
        key(1, 0, 9, '.compacted.parquet'),
        key(0, 0, 1, '.parquet', 'other'),
      ),
    );

    // Assess
    expect(plan.partitions.map((p) => [p.partition, p.inputs.map((i) => i.key)])).toEqual([
      [0, [key(0, 0, 4), key(0, 5, 9)]],
      [1, [key(1, 0, 9, '.compacted.parquet'), key(1, 10, 19)]],
    ]);
    expect(plan.partitions[1]!.inputs[0]!.coordinates.compacted).toBe(true);
    expect(plan.ignored).toEqual([]);
  });

  it('leaves alone what is not a tick object of the topic, naming what looks like one', () => {
    // Act
    const plan = planDay(
      '2025-07-01',
      'ticks',
      'ticks/',
      listed(
        'ticks/dt=2025-07-01/ticks-0-notes.txt',
        'ticks/dt=2025-07-01/other-0-x.json',
        key(0, 0, 1, '.parquet', 'ticks', '2025-07-02'),
        'ticks/dt=2025-07-01/',
      ),
    );

    // Assess
    expect(plan.partitions).toEqual([]);
    expect(plan.ignored).toEqual(['ticks/dt=2025-07-01/ticks-0-notes.txt']);
  });
});

describe('checkDayRequest', () => {
  it.each(['2025-02-30', '2025-7-1', 'yesterday', '2025-13-01'])(
    'refuses the date %s, saying what it takes',
    (dt) => {
      expect(() => checkDayRequest(dt, 'ticks')).toThrow(CompactionRequestError);
      expect(() => checkDayRequest(dt, 'ticks')).toThrow(/YYYY-MM-DD/);
    },
  );

  it('refuses a topic Kafka would not name', () => {
    expect(() => checkDayRequest('2025-07-01', 'a/b')).toThrow(/Kafka topic name/);
  });

  it('takes a real day and topic', () => {
    expect(() => checkDayRequest('2024-02-29', 'ticks.v2')).not.toThrow();
  });
});

describe('compactedKey and offsetRange', () => {
  it('names the file after the lowest and highest offset it holds', () => {
    // Prepare
    const job: PartitionJob = { dt: '2025-07-01', topic: 'ticks', partition: 2, inputs: [] };

    // Act
    const k = compactedKey('ticks/', job, offsetRange([9, 3, 200_000, 7]));

    // Assess
    expect(parseObjectKey('ticks/', k, 'ticks')).toEqual({
      dt: '2025-07-01',
      topic: 'ticks',
      partition: 2,
      firstOffset: 3,
      lastOffset: 200_000,
      compacted: true,
    });
  });

  it('handles more offsets than a spread into Math.min could', () => {
    const offsets = Array.from({ length: 300_000 }, (_, i) => 300_000 - i);

    expect(offsetRange(offsets)).toEqual({ first: 1, last: 300_000 });
  });
});

describe('rowsMatchKey', () => {
  const job: PartitionJob = { dt: '2025-07-01', topic: 'ticks', partition: 1, inputs: [] };

  it('accepts rows of the key’s topic and partition only', () => {
    expect(rowsMatchKey(job, [{ topic: 'ticks', partition: 1, offset: 0 }])).toBe(true);
    expect(rowsMatchKey(job, [{ topic: 'ticks', partition: 2, offset: 0 }])).toBe(false);
    expect(rowsMatchKey(job, [{ topic: 'other', partition: 1, offset: 0 }])).toBe(false);
  });
});

describe('deletesAfter', () => {
  const inputOf = (k: string) => ({ key: k, size: 1, coordinates: parseObjectKey('ticks/', k, 'ticks')! });

  it('deletes every input but the new file itself', () => {
    // Prepare
    const output = key(0, 0, 9, '.compacted.parquet');
    const job: PartitionJob = {
      dt: '2025-07-01',
      topic: 'ticks',
      partition: 0,
      inputs: [inputOf(key(0, 0, 4)), inputOf(output), inputOf(key(0, 5, 9))],
    };

    // Act, Assess
    expect(deletesAfter('ticks/', job, output)).toEqual([key(0, 0, 4), key(0, 5, 9)]);
  });

  it.each([
    ['another partition', key(1, 0, 4)],
    ['another topic', key(0, 0, 4, '.parquet', 'other')],
    ['another day', key(0, 0, 4, '.parquet', 'ticks', '2025-07-02')],
  ])('refuses, before any delete, an input of %s', (_, bad) => {
    // Prepare: a job no planner makes, as a bug elsewhere might
    const job: PartitionJob = {
      dt: '2025-07-01',
      topic: 'ticks',
      partition: 0,
      inputs: [inputOf(key(0, 5, 9)), inputOf(bad)],
    };

    // Act, Assess
    expect(() => deletesAfter('ticks/', job, key(0, 0, 9, '.compacted.parquet'))).toThrow(UnsafeDeleteError);
  });

  it('refuses a key outside the ticks prefix', () => {
    const job: PartitionJob = {
      dt: '2025-07-01',
      topic: 'ticks',
      partition: 0,
      inputs: [
        {
          key: 'quarantine/dt=2025-07-01/x',
          size: 1,
          coordinates: parseObjectKey('ticks/', key(0, 0, 1), 'ticks')!,
        },
      ],
    };

    expect(() => deletesAfter('ticks/', job, key(0, 0, 1, '.compacted.parquet'))).toThrow(
      /refusing to delete quarantine/,
    );
  });
});
