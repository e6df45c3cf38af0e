import { describe, expect, it } from 'vitest';
import { startLocalPipeline } from '../../local/run/pipeline';
import { auditTopic } from '../../ops/audit';
import { localEnv, prefixesOf, s3Client, sqlOver, unique } from './support';

/**
 * kafkaMode=ec2 on this machine: the whole pipeline over the broker its boot script made (SASL_SSL,
 * SCRAM-SHA-512, a private CA). The producer runs with KAFKA_AUTH=scram and the CA secret, the
 * mapping emulator logs in as a self-managed mapping does (SCRAM-512 plus the root CA), both
 * reading their secrets from Secrets Manager's API on loopback.
 */
describe('the pipeline over the EC2 broker (SASL_SSL, SCRAM-SHA-512)', () => {
  it('produces, sinks and audits clean, and SQL counts every tick once', async () => {
    // Prepare
    const env = localEnv();
    const scram = env.kafkaScram;
    if (!scram) throw new Error('the integration setup did not start the SASL_SSL broker');
    const topic = unique('scram-ticks');
    const prefix = unique('scram');
    const errors: string[] = [];

    // Act: three scheduled runs two seconds apart, then drain.
    const pipeline = await startLocalPipeline({
      env,
      everySeconds: 2,
      kafkaAuth: 'scram',
      topic,
      groupId: `${topic}-sink`,
      overrides: { TICKS_PREFIX: `${prefix}/ticks/`, QUARANTINE_PREFIX: `${prefix}/quarantine/` },
      onError: (what, error) => errors.push(`${what}: ${(error as Error).message}`),
    });
    while (pipeline.progress.producerRuns < 3) await new Promise((r) => setTimeout(r, 250));
    await pipeline.stop();
    const p = { ...pipeline.progress };
    const report = await auditTopic({
      kafka: scram,
      topic,
      groupId: pipeline.groupId,
      s3: s3Client(),
      bucket: env.s3.bucket,
      prefixes: prefixesOf(prefix),
    });
    const { rows } = await sqlOver(`${prefix}/ticks/`, 'SELECT count(*), count(DISTINCT tick_id) FROM ticks');

    // Assess
    expect(errors).toEqual([]);
    expect(p.produced).toBeGreaterThan(0);
    expect(p).toMatchObject({ producerFailures: 0, sinkFailures: 0, quarantined: 0, delivered: p.produced });
    expect(report.ok).toBe(true);
    expect(report.partitions.reduce((n, x) => n + x.ticks, 0)).toBe(p.produced);
    expect(rows).toEqual([[p.produced, p.produced]]);
  });
});
