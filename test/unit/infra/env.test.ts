import { describe, expect, test } from 'vitest';
import { readInfraConfig } from '../../../local/infra/config';
import { envFor, s3ClientConfig } from '../../../local/infra/env';

const none = { kafka: false, s3: false };

describe('envFor', () => {
  test('local: loopback broker, path-style S3Mock endpoint with dummy credentials', () => {
    const env = envFor(readInfraConfig({}), { kafka: true, s3: false });

    expect(env).toEqual({
      kafkaBrokers: ['127.0.0.1:29092'],
      s3: {
        endpoint: 'http://127.0.0.1:29090',
        region: 'us-east-1',
        bucket: 'ticks-local',
        forcePathStyle: true,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      },
      started: { kafka: true, s3: false },
    });
  });

  test('external endpoint: path style; credentials from the environment when both keys are set', () => {
    const config = readInfraConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000', KAFKA_BROKERS: 'k:9092' });

    expect(envFor(config, none, {}).s3.credentials).toEqual({
      accessKeyId: 'local',
      secretAccessKey: 'local',
    });
    expect(envFor(config, none, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }).s3).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    expect(envFor(config, none, {}).kafkaBrokers).toEqual(['k:9092']);
  });

  test('aws: no endpoint, no static credentials, virtual-host style', () => {
    const env = envFor(readInfraConfig({ S3_ENDPOINT: 'aws', AWS_REGION: 'eu-central-1' }), none);

    expect(env.s3).toEqual({
      endpoint: undefined,
      region: 'eu-central-1',
      bucket: 'ticks-local',
      forcePathStyle: false,
    });
  });
});

describe('s3ClientConfig', () => {
  test('local endpoint', () => {
    const env = envFor(readInfraConfig({}), none);

    expect(s3ClientConfig(env.s3)).toEqual({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:29090',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  test('AWS: only the region, so the default credential chain applies', () => {
    const config = s3ClientConfig({
      endpoint: undefined,
      region: 'us-east-1',
      bucket: 'b',
      forcePathStyle: false,
    });

    expect(config).toEqual({ region: 'us-east-1', forcePathStyle: false });
    expect('credentials' in config).toBe(false);
    expect('endpoint' in config).toBe(false);
  });
});
