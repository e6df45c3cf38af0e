import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, readInfraConfig } from '../../../../local/infra/config';
import { LocalInfraError } from '../../../../local/infra/errors';
import { PROJECT_ROOT } from '../../../../local/paths';
import { ConfigError } from '../../../../shared/config';

/** The problems a configuration is refused with, failing the test if it was accepted. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    readInfraConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(LocalInfraError);
    expect((error as Error).cause).toBeInstanceOf(ConfigError);
    return ((error as Error).cause as ConfigError).problems;
  }
  throw new Error('expected readInfraConfig to throw');
}

describe('readInfraConfig', () => {
  it('defaults to a local Kafka 4.1.2 and S3Mock on the 29xxx ports, with data in <repo>/.local', () => {
    // Act
    const config = readInfraConfig({});

    // Assess
    expect(config.kafka).toEqual({ mode: 'local', version: '4.1.2', port: 29092, controllerPort: 29093 });
    expect(config.s3).toEqual({
      mode: 'local',
      version: DEFAULTS.s3mockVersion,
      port: 29090,
      httpsPort: 29091,
      bucket: 'ticks-local',
      region: 'us-east-1',
    });
    expect(config.localDir).toBe(path.join(PROJECT_ROOT, '.local'));
    expect(config.startTimeoutMs).toBe(120_000);
    expect(config.java).toBe('java');
  });

  it('reads every setting from its variable', () => {
    // Act
    const config = readInfraConfig({
      LOCAL_KAFKA_VERSION: '4.0.0',
      LOCAL_KAFKA_PORT: '39092',
      LOCAL_KAFKA_CONTROLLER_PORT: '39093',
      LOCAL_S3MOCK_VERSION: '5.1.0',
      LOCAL_S3_PORT: '39090',
      LOCAL_S3_HTTPS_PORT: '39091',
      TICKS_BUCKET: 'my.ticks-bucket',
      AWS_REGION: 'eu-west-1',
      LOCAL_DIR: '/tmp/elsewhere',
      LOCAL_START_TIMEOUT_SECONDS: '30',
      JAVA_HOME: '/opt/jdk',
    });

    // Assess
    expect(config.kafka).toEqual({ mode: 'local', version: '4.0.0', port: 39092, controllerPort: 39093 });
    expect(config.s3).toEqual({
      mode: 'local',
      version: '5.1.0',
      port: 39090,
      httpsPort: 39091,
      bucket: 'my.ticks-bucket',
      region: 'eu-west-1',
    });
    expect(config.localDir).toBe('/tmp/elsewhere');
    expect(config.startTimeoutMs).toBe(30_000);
    expect(config.java).toBe(path.join('/opt/jdk', 'bin', 'java'));
  });

  it('falls back from AWS_REGION to AWS_DEFAULT_REGION, and treats blank values as unset', () => {
    expect(readInfraConfig({ AWS_DEFAULT_REGION: 'ap-south-1' }).s3.region).toBe('ap-south-1');
    expect(readInfraConfig({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' }).s3.region).toBe(
      'us-west-2',
    );
    expect(readInfraConfig({ LOCAL_KAFKA_PORT: '  ', KAFKA_BROKERS: '' }).kafka).toMatchObject({
      mode: 'local',
      port: 29092,
    });
  });

  it('uses the cluster KAFKA_BROKERS names instead of a local broker', () => {
    expect(readInfraConfig({ KAFKA_BROKERS: ' b-1.example:9092, b-2.example:9092,' }).kafka).toEqual({
      mode: 'external',
      brokers: ['b-1.example:9092', 'b-2.example:9092'],
    });
    expect(readInfraConfig({ KAFKA_BROKERS: '[::1]:9092' }).kafka).toEqual({
      mode: 'external',
      brokers: ['[::1]:9092'],
    });
  });

  it('takes S3_ENDPOINT=aws (any case) as real S3 and a URL as an external server', () => {
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

  it.each([
    ['LOCAL_KAFKA_PORT', 'abc', /TCP port number from 1024 to 65535/],
    ['LOCAL_KAFKA_PORT', '80', /from 1024 to 65535/],
    ['LOCAL_KAFKA_PORT', '2e4', /TCP port number/],
    ['LOCAL_S3_PORT', '70000', /from 1024 to 65535/],
    ['LOCAL_S3_HTTPS_PORT', '1.5', /TCP port number/],
    ['LOCAL_KAFKA_VERSION', 'latest', /release version such as 4\.1\.2/],
    ['LOCAL_S3MOCK_VERSION', '5', /release version/],
    ['LOCAL_S3MOCK_VERSION', '4.12.4', /S3Mock 5\.0\.0 or newer/],
    ['TICKS_BUCKET', 'Upper_Case', /S3 bucket name/],
    ['KAFKA_BROKERS', 'a:1,no-port', /invalid items: no-port/],
    ['KAFKA_BROKERS', ',', /is empty/],
    ['S3_ENDPOINT', 'ftp://example.com', /`aws` or an http\(s\) URL/],
    ['S3_ENDPOINT', 'not a url', /`aws` or an http\(s\) URL/],
    ['LOCAL_START_TIMEOUT_SECONDS', '-1', /positive number of seconds/],
  ])('refuses %s=%s, naming the variable and what it accepts', (variable, value, accepted) => {
    // Act
    const found = problems({ [variable]: value });

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${variable} `));
    expect(found[0]).toMatch(accepted);
  });

  it('lists every bad variable in one error', () => {
    // Prepare
    const env = { LOCAL_KAFKA_PORT: 'abc', TICKS_BUCKET: 'Bad', LOCAL_START_TIMEOUT_SECONDS: '0' };

    // Act
    const read = () => readInfraConfig(env);

    // Assess
    expect(problems(env).map((p) => p.split(' ')[0])).toEqual([
      'LOCAL_KAFKA_PORT',
      'TICKS_BUCKET',
      'LOCAL_START_TIMEOUT_SECONDS',
    ]);
    expect(read).toThrow(/LOCAL_KAFKA_PORT.*\n.*TICKS_BUCKET.*\n.*LOCAL_START_TIMEOUT_SECONDS/);
  });

  it('refuses two local services on one port, naming both variables', () => {
    expect(problems({ LOCAL_S3_PORT: '29092' })).toEqual([
      'LOCAL_S3_PORT is "29092": expected a port different from LOCAL_KAFKA_PORT',
    ]);
    expect(problems({ LOCAL_KAFKA_CONTROLLER_PORT: '29092' })[0]).toMatch(
      /^LOCAL_KAFKA_CONTROLLER_PORT .*LOCAL_KAFKA_PORT/,
    );
  });

  it('lets local ports equal the port of an external service', () => {
    expect(() => readInfraConfig({ KAFKA_BROKERS: 'x:9092', LOCAL_S3_PORT: '29092' })).not.toThrow();
  });

  it('accepts any port from 1024 to 65535', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 65535 }), (port) => {
        fc.pre(![29090, 29091, 29093].includes(port));
        const config = readInfraConfig({ LOCAL_KAFKA_PORT: String(port) });
        return config.kafka.mode === 'local' && config.kafka.port === port;
      }),
    );
  });

  it('runs the SASL_SSL broker on its own ports, and checks them against the others only when set', () => {
    expect(readInfraConfig({}).kafkaScram).toEqual({
      mode: 'local',
      version: '4.1.2',
      port: 29292,
      internalPort: 29293,
      controllerPort: 29294,
    });
    // Started only on request, like Trino: its defaults never make another choice an error.
    expect(readInfraConfig({ LOCAL_KAFKA_PORT: '29292' }).kafka).toMatchObject({ port: 29292 });
    expect(problems({ LOCAL_KAFKA_SCRAM_PORT: '29092' })).toEqual([
      expect.stringContaining(
        'LOCAL_KAFKA_SCRAM_PORT is "29092": expected a port different from LOCAL_KAFKA_PORT',
      ),
    ]);
    expect(
      readInfraConfig({ KAFKA_BROKERS: 'b-1.example:9092', LOCAL_KAFKA_VERSION: '4.1.1' }).kafkaScram.version,
    ).toBe('4.1.1');
  });
});
