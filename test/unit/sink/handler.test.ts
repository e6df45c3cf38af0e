import { describe, expect, it } from 'vitest';
import { createSinkHandler, loadSinkConfig } from '../../../shared/sink';
import { memoryStore } from '../../support/builders';
import { loadEvent } from '../../support/fixtures';

function fakeLogger() {
  const entries: { level: 'info' | 'warn'; message: string; data: unknown }[] = [];
  return {
    entries,
    logger: {
      info: (message: string, data: unknown) => entries.push({ level: 'info', message, data }),
      warn: (message: string, data: unknown) => entries.push({ level: 'warn', message, data }),
    } as never,
  };
}

describe('createSinkHandler', () => {
  it('writes the batch, warns about quarantined records and returns the summary without keys', async () => {
    // Prepare
    const config = loadSinkConfig({ TICKS_BUCKET: 'my-ticks-bucket' });
    const { store, objects } = memoryStore();
    const { logger, entries } = fakeLogger();
    const handler = createSinkHandler(config, logger, store);

    // Act
    const summary = await handler(loadEvent('self-managed-event'));

    // Assess
    expect(summary).toEqual({
      records: 5,
      written: 4,
      quarantined: 1,
      objects: 3,
      bytes: expect.any(Number),
      newestEventTimeMs: expect.any(Number),
    });
    expect(objects.size).toBe(3);
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ['warn', 'records quarantined'],
      ['info', 'batch written'],
    ]);
    expect(entries[0]!.data).toEqual({ quarantined: 1, prefix: 'quarantine/' });
    expect((entries[1]!.data as { keys: string[] }).keys).toEqual([...objects.keys()]);
  });

  it('applies MIN_EVENT_TIME from the configuration', async () => {
    // Prepare: every fixture tick is before 2025-07-02.
    const config = loadSinkConfig({ TICKS_BUCKET: 'my-ticks-bucket', MIN_EVENT_TIME: '2025-07-02' });
    const { store, objects } = memoryStore();

    // Act
    const summary = await createSinkHandler(config, fakeLogger().logger, store)(loadEvent('msk-event'));

    // Assess
    expect(summary).toMatchObject({ written: 0, quarantined: 5 });
    expect([...objects.keys()].every((k) => k.startsWith('quarantine/'))).toBe(true);
  });
});
