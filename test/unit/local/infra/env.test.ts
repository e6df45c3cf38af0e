import { describe, expect, it } from 'vitest';
import { readInfraConfig } from '../../../../local/infra/config';
import { envFor, s3ClientConfig } from '../../../../local/infra/env';

const none = { kafka: false, s3: false };

describe('envFor', () => {
  it('points a local configuration at the loopback broker and S3Mock, path style, dummy credentials', () => {
    // Act
    const env = envFor(readInfraConfig({}), { kafka: true, s3: false });

    // Assess
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

  it('takes the credentials for an external endpoint from the environment when both keys are set', () => {
    // Prepare
    const config = readInfraConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000', KAFKA_BROKERS: 'k:9092' });

    // Act
    const withoutKeys = envFor(config, none, {});
    const withKeys = envFor(config, none, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' });

    // Assess
    expect(withoutKeys.s3.credentials).toEqual({ accessKeyId: 'local', secretAccessKey: 'local' });
    expect(withKeys.s3).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    expect(withoutKeys.kafkaBrokers).toEqual(['k:9092']);
  });

  it('leaves endpoint and credentials to the SDK for real AWS, virtual-host style', () => {
    // Act
    const env = envFor(readInfraConfig({ S3_ENDPOINT: 'aws', AWS_REGION: 'eu-central-1' }), none);

    // Assess
    expect(env.s3).toEqual({
      endpoint: undefined,
      region: 'eu-central-1',
      bucket: 'ticks-local',
      forcePathStyle: false,
    });
  });
});

describe('s3ClientConfig', () => {
  it('configures a client for a local endpoint', () => {
    // Prepare
    const env = envFor(readInfraConfig({}), none);

    // Act
    const config = s3ClientConfig(env.s3);

    // Assess
    expect(config).toEqual({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:29090',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  it('gives only the region for AWS, so the default credential chain applies', () => {
    // Act
    const config = s3ClientConfig({
      endpoint: undefined,
      region: 'us-east-1',
      bucket: 'b',
      forcePathStyle: false,
    });

    // Assess
    expect(config).toEqual({ region: 'us-east-1', forcePathStyle: false });
    expect('credentials' in config).toBe(false);
    expect('endpoint' in config).toBe(false);
  });
});
