import { describe, expect, it } from 'vitest';
import type { PublishResult, TickPublisher } from '../../../shared/kafka';
import {
  createProducerHandler,
  loadProducerConfig,
  type ProducerConfig,
  produceTicks,
} from '../../../shared/producer';
import { parseReplayCsv, type ReplayRow, syntheticTicks, windowEndingAt } from '../../../shared/sources';
import type { Tick } from '../../../shared/tick';

const SCHEDULED = Date.parse('2025-07-01T00:01:00.000Z');

/** A publisher that keeps what it is given; `fail` makes publish reject. */
function fakePublisher(fail?: Error) {
  const published: Tick[][] = [];
  const publisher: TickPublisher = {
    async publish(ticks): Promise<PublishResult> {
      if (fail) throw fail;
      published.push([...ticks]);
      return { messages: ticks.length, batches: Math.ceil(ticks.length / 1000) };
    },
    async close() {},
  };
  return { publisher, published };
}

function config(env: Record<string, string> = {}): ProducerConfig {
  return loadProducerConfig({ KAFKA_AUTH: 'plaintext', KAFKA_BROKERS: '127.0.0.1:29092', ...env });
}

const noReplay = async (): Promise<readonly ReplayRow[]> => {
  throw new Error('the synthetic source must not load replay rows');
};

const ROWS = parseReplayCsv(
  'Index,Date,Open,High,Low,Close,Adj Close,Volume,CloseUSD\n' +
    'HSI,1986-12-31,2568.3,2568.3,2568.3,2568.3,2568.3,0.0,333.879\n' +
    'NYA,1965-12-31,528.69,528.69,528.69,528.69,528.69,0.0,528.69\n',
);

describe('produceTicks', () => {
  it('publishes the synthetic ticks of the interval ending at the scheduled time', async () => {
    // Prepare
    const { publisher, published } = fakePublisher();
    const cfg = config({ TICK_SYMBOLS: 'NYA,N225', TICKS_PER_SECOND: '2', TICK_INTERVAL_SECONDS: '60' });
    let clock = 1_000;

    // Act
    const summary = await produceTicks(
      cfg,
      { publisher, replayRows: noReplay, now: () => (clock += 25) },
      SCHEDULED + 250,
    );

    // Assess
    expect(published).toEqual([syntheticTicks(windowEndingAt(SCHEDULED, 60, 2), ['NYA', 'N225'])]);
    expect(summary).toEqual({
      source: 'synthetic',
      topic: 'ticks',
      windowStart: '2025-07-01T00:00:00.000Z',
      windowEnd: '2025-07-01T00:01:00.000Z',
      ticks: 240,
      batches: 1,
      symbols: 2,
      durationMs: 25,
    });
  });

  it('repeats itself exactly for the same scheduled time (a retried invocation)', async () => {
    // Prepare
    const { publisher, published } = fakePublisher();
    const cfg = config();

    // Act
    await produceTicks(cfg, { publisher, replayRows: noReplay }, SCHEDULED);
    await produceTicks(cfg, { publisher, replayRows: noReplay }, SCHEDULED);

    // Assess
    expect(published).toHaveLength(2);
    expect(published[1]).toEqual(published[0]);
  });

  it('publishes replayed rows when the source is replay', async () => {
    // Prepare
    const { publisher, published } = fakePublisher();
    const cfg = config({ TICK_SOURCE: 'replay', REPLAY_CSV_URI: 's3://b/k.csv', REPLAY_ORDER: 'sequential' });
    let loads = 0;

    // Act
    const summary = await produceTicks(
      cfg,
      {
        publisher,
        replayRows: async () => {
          loads++;
          return ROWS;
        },
      },
      SCHEDULED,
    );

    // Assess
    expect(loads).toBe(1);
    expect(summary).toMatchObject({ source: 'replay', ticks: 60, symbols: 2 });
    expect(published[0]!.every((t) => t.source === 'replay')).toBe(true);
  });

  it('fails when publishing fails, so the schedule retries', async () => {
    // Prepare
    const { publisher } = fakePublisher(new Error('broker down'));

    // Act
    const result = produceTicks(config(), { publisher, replayRows: noReplay }, SCHEDULED);

    // Assess
    await expect(result).rejects.toThrow('broker down');
  });
});

describe('createProducerHandler', () => {
  it('uses the scheduled time of the EventBridge event and logs the summary', async () => {
    // Prepare
    const { publisher, published } = fakePublisher();
    const logs: [string, unknown][] = [];
    const handler = createProducerHandler(
      config({ TICK_SYMBOLS: 'NYA' }),
      { info: (m: string, x: unknown) => logs.push([m, x]) } as never,
      publisher,
    );

    // Act
    const summary = await handler({ time: '2025-07-01T00:01:00Z' });

    // Assess
    expect(summary).toMatchObject({ windowEnd: '2025-07-01T00:01:00.000Z', ticks: 60, symbols: 1 });
    expect(published[0]?.at(-1)?.event_time).toBe('2025-07-01T00:01:00.000Z');
    expect(logs).toEqual([['ticks produced', summary]]);
  });
});
