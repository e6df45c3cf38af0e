import { describe, expect, it } from 'vitest';
import { buildEsmEvent } from '../../local/esm/event-builder';
import { LOCAL_MSK } from '../../local/run/pipeline';
import { readQuarantine, replayQuarantine } from '../../ops/quarantine/replay';
import { createProducerHandler } from '../../shared/producer';
import { createSinkHandler, loadSinkConfig, s3ObjectStore } from '../../shared/sink';
import {
  auditOf,
  createTopic,
  groupCommittedAt,
  localEnv,
  prefixesOf,
  producerConfig,
  publisherFor,
  readAll,
  s3Client,
  silentLogger,
  sqlOver,
  unique,
} from './support';

const env = localEnv();

describe('quarantine replay', () => {
  it('writes records that pass after a fix as ticks, empties their quarantine, and changes nothing when run again', async () => {
    const topic = unique('it-replay');
    const prefix = unique('it');
    await createTopic(topic, 1);
    // Ticks from two hours ago, sunk by a sink that (wrongly) accepts only the last hour.
    const twoHoursAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000).toISOString();
    const config = producerConfig(topic);
    const publisher = publisherFor(config);
    const { ticks } = await createProducerHandler(config, silentLogger, publisher)({ time: twoHoursAgo });
    await publisher.close();
    const messages = await readAll(topic, ticks);

    const prefixes = prefixesOf(prefix);
    const strict = loadSinkConfig({
      TICKS_BUCKET: env.s3.bucket,
      TICKS_PREFIX: prefixes.ticks,
      QUARANTINE_PREFIX: prefixes.quarantine,
      MIN_EVENT_TIME: `${new Date(Date.now() - 3_600_000).toISOString().slice(0, 19)}Z`,
    });
    const s3 = s3Client();
    const sink = createSinkHandler(strict, silentLogger, s3ObjectStore(s3, env.s3.bucket));
    const summary = await sink(buildEsmEvent(LOCAL_MSK, env.kafkaBrokers, messages));
    expect(summary.quarantined).toBe(ticks);
    const quarantined = (await readQuarantine(s3, env.s3.bucket, prefixes.quarantine)).flatMap(
      (o) => o.entries,
    );
    expect(quarantined[0]!.reason).toMatch(/^invalid tick: event_time: .* is before /);

    // The fix: the default window. Replay twice.
    const first = await replayQuarantine(s3, env.s3.bucket, prefixes);
    expect(first).toMatchObject({ examined: ticks, replayed: ticks, stillBad: 0 });
    expect(first.deleted).toHaveLength(1);
    const second = await replayQuarantine(s3, env.s3.bucket, prefixes);
    expect(second).toMatchObject({ examined: 0, replayed: 0, stillBad: 0, written: [] });

    const rows = await sqlOver(prefixes.ticks, 'SELECT count(*), count(DISTINCT tick_id) FROM ticks_raw');
    expect(rows.rows).toEqual([[ticks, ticks]]);
    const groupId = await groupCommittedAt(topic, ticks);
    const report = await auditOf(topic, prefix, groupId);
    expect(report.ok).toBe(true);
    expect(report.partitions[0]).toMatchObject({ ticks, quarantined: 0, inBoth: 0, missing: 0 });
  });
});
