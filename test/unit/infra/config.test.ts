import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULTS, parseBrokers, REPO_ROOT, readInfraConfig } from '../../../local/infra/config';
import { InfraConfigError, LocalInfraError } from '../../../local/infra/errors';

describe('readInfraConfig', () => {
  test('defaults: local Kafka 4.1.2 and S3Mock on the 29xxx ports, data in <repo>/.local', () => {
    const config = readInfraConfig({});

    expect(config.kafka).toEqual({ mode: 'local', version: '4.1.2', port: 29092, controllerPort: 29093 });
    expect(config.s3).toEqual({
      mode: 'local',
      version: DEFAULTS.s3mockVersion,
      port: 29090,
      httpsPort: 29091,
      bucket: 'ticks-local',
      region: 'us-east-1',
    });
    expect(config.localDir).toBe(path.join(REPO_ROOT, '.local'));
    expect(config.startTimeoutMs).toBe(120_000);
    expect(config.java).toBe('java');
  });

  test('every setting is read from its variable', () => {
    const config = readInfraConfig({
      LOCAL_KAFKA_VERSION: '4.0.0',
      LOCAL_KAFKA_PORT: '39092',
      LOCAL_KAFKA_CONTROLLER_PORT: '39093',
      LOCAL_S3MOCK_VERSION: '4.12.4',
      LOCAL_S3_PORT: '39090',
      LOCAL_S3_HTTPS_PORT: '39091',
      TICKS_BUCKET: 'my.ticks-bucket',
      AWS_REGION: 'eu-west-1',
      LOCAL_DIR: '/tmp/elsewhere',
      LOCAL_START_TIMEOUT_SECONDS: '30',
      JAVA_HOME: '/opt/jdk',
    });

    expect(config.kafka).toEqual({ mode: 'local', version: '4.0.0', port: 39092, controllerPort: 39093 });
    expect(config.s3).toMatchObject({
      version: '4.12.4',
      port: 39090,
      httpsPort: 39091,
      bucket: 'my.ticks-bucket',
    });
    expect(config.s3.region).toBe('eu-west-1');
    expect(config.localDir).toBe('/tmp/elsewhere');
    expect(config.startTimeoutMs).toBe(30_000);
    expect(config.java).toBe(path.join('/opt/jdk', 'bin', 'java'));
  });

  test('AWS_DEFAULT_REGION is the fallback of AWS_REGION; empty values count as unset', () => {
    expect(readInfraConfig({ AWS_DEFAULT_REGION: 'ap-south-1' }).s3.region).toBe('ap-south-1');
    expect(readInfraConfig({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' }).s3.region).toBe(
      'us-west-2',
    );
    expect(readInfraConfig({ LOCAL_KAFKA_PORT: '  ', KAFKA_BROKERS: '' }).kafka).toMatchObject({
      port: 29092,
    });
  });

  test('KAFKA_BROKERS selects an external cluster', () => {
    expect(readInfraConfig({ KAFKA_BROKERS: 'b-1.example:9092, b-2.example:9092' }).kafka).toEqual({
      mode: 'external',
      brokers: ['b-1.example:9092', 'b-2.example:9092'],
    });
  });

  test('S3_ENDPOINT: `aws` (any case) is real S3, a URL is an external server', () => {
    expect(readInfraConfig({ S3_ENDPOINT: 'AWS' }).s3).toEqual({
      mode: 'aws',
      bucket: 'ticks-local',
      region: 'us-east-1',
    });
    expect(readInfraConfig({ S3_ENDPOINT: 'http://127.0.0.1:9000/' }).s3).toMatchObject({
      mode: 'external',
      endpoint: 'http://127.0.0.1:9000',
    });
  });

  test.each([
    ['LOCAL_KAFKA_PORT', 'abc'],
    ['LOCAL_KAFKA_PORT', '80'],
    ['LOCAL_S3_PORT', '70000'],
    ['LOCAL_S3_HTTPS_PORT', '1.5'],
    ['LOCAL_KAFKA_VERSION', 'latest'],
    ['LOCAL_S3MOCK_VERSION', '5'],
    ['TICKS_BUCKET', 'Upper_Case'],
    ['KAFKA_BROKERS', 'no-port'],
    ['S3_ENDPOINT', 'ftp://example.com'],
    ['S3_ENDPOINT', 'not a url'],
    ['LOCAL_START_TIMEOUT_SECONDS', '-1'],
  ])('%s=%s is rejected with an error naming the variable', (variable, value) => {
    const read = () => readInfraConfig({ [variable]: value });

    expect(read).toThrow(InfraConfigError);
    expect(read).toThrow(LocalInfraError);
    expect(read).toThrow(new RegExp(`^${variable}=`));
  });

  test('two services on one port are rejected, naming both variables', () => {
    expect(() => readInfraConfig({ LOCAL_S3_PORT: '29092' })).toThrow(
      /LOCAL_S3_PORT="29092".*different from LOCAL_KAFKA_PORT/,
    );
    expect(() => readInfraConfig({ LOCAL_KAFKA_CONTROLLER_PORT: '29092' })).toThrow(
      /LOCAL_KAFKA_CONTROLLER_PORT/,
    );
  });

  test('ports of an external service do not clash with local ones', () => {
    expect(() => readInfraConfig({ KAFKA_BROKERS: 'x:9092', LOCAL_S3_PORT: '29092' })).not.toThrow();
  });

  test('any port from 1024 to 65535 round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 65535 }), (port) => {
        fc.pre(![29090, 29091, 29093].includes(port));
        const config = readInfraConfig({ LOCAL_KAFKA_PORT: String(port) });
        return config.kafka.mode === 'local' && config.kafka.port === port;
      }),
    );
  });
});

describe('parseBrokers', () => {
  test('accepts host:port lists, IPv6 in brackets, and trims blanks', () => {
    expect(parseBrokers('127.0.0.1:29092')).toEqual(['127.0.0.1:29092']);
    expect(parseBrokers(' a:1 ,b:2,')).toEqual(['a:1', 'b:2']);
    expect(parseBrokers('[::1]:9092')).toEqual(['[::1]:9092']);
  });

  test('rejects a list with an entry without port', () => {
    expect(() => parseBrokers('a:1,b')).toThrow(/KAFKA_BROKERS/);
    expect(() => parseBrokers(',')).toThrow(/KAFKA_BROKERS/);
  });
});
