import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readZip } from './support/zip';

const bundle = (fn: string) => readZip(join(inject('stackDirs').create, '.serverless', `${fn}.zip`));

// kafkajs's error class names survive minification as strings.
const KAFKAJS = /KafkaJSError|KafkaJSConnectionError/;

describe('the Lambda bundles', () => {
  it('hold one bundled handler each, without node_modules', () => {
    for (const [fn, handler] of [
      ['produceTicks', 'functions/produce-ticks/handler.js'],
      ['sinkTicks', 'functions/sink-ticks/handler.js'],
      ['ensureTopic', 'resources/custom-resources/ensure-topic.js'],
    ] as const) {
      const files = [...bundle(fn).keys()];
      expect(files, fn).toContain(handler);
      expect(
        files.filter((f) => f.includes('node_modules')),
        fn,
      ).toEqual([]);
    }
  });

  it('keep the AWS SDK v3 clients external (the nodejs22.x runtime ships them) and bundle everything else', () => {
    const producer = bundle('produceTicks').get('functions/produce-ticks/handler.js')!.toString('utf8');
    // Real require calls, not the ones quoted in the SDK's error messages ("[require(...);]").
    const required = new Set([...producer.matchAll(/(?<!\[)require\("([^"]+)"\)/g)].map((m) => m[1]!));

    expect([...required].filter((m) => m.startsWith('@aws-sdk/')).sort()).toEqual([
      '@aws-sdk/client-kafka',
      '@aws-sdk/client-s3',
      '@aws-sdk/client-secrets-manager',
      '@aws-sdk/client-sts',
    ]);
    // Everything else is bundled: only Node's own modules remain.
    expect(
      [...required].filter(
        (m) => !m.startsWith('@aws-sdk/client-') && !m.startsWith('node:') && !/^[a-z_]+$/.test(m),
      ),
    ).toEqual([]);
    expect(producer).toMatch(KAFKAJS);
    expect(producer.length).toBeLessThan(1_500_000);
  });

  it('leave kafkajs out of the sink, which needs no Kafka client', () => {
    const sink = bundle('sinkTicks').get('functions/sink-ticks/handler.js')!.toString('utf8');

    expect(sink).not.toMatch(KAFKAJS);
    expect(sink).not.toContain('kafkajs');
    expect(sink.length).toBeLessThan(400_000);
  });
});
