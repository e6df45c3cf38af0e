import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInfraConfig } from '../../../../local/infra/config';
import { LocalInfraError } from '../../../../local/infra/errors';
import type { ConfigError } from '../../../../shared/config';

/** The problems a configuration is refused with, failing the test if it was accepted. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    readInfraConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(LocalInfraError);
    return ((error as Error).cause as ConfigError).problems;
  }
  throw new Error('expected readInfraConfig to throw');
}

describe('readInfraConfig: Trino', () => {
  it('defaults to a local Trino 476 on 127.0.0.1:28080, on a Java found at start', () => {
    // Act
    const config = readInfraConfig({});

    // Assess
    expect(config.trino).toEqual({ mode: 'local', version: '476', port: 28080, java: undefined });
  });

  it('reads the version, the port and the Java to run it on', () => {
    // Act
    const config = readInfraConfig({
      LOCAL_TRINO_VERSION: '476.1',
      LOCAL_TRINO_PORT: '38080',
      TRINO_JAVA_HOME: '/opt/jdk-25',
    });
    const withExecutable = readInfraConfig({ TRINO_JAVA: '/opt/jdk-25/bin/java' });

    // Assess
    expect(config.trino).toEqual({
      mode: 'local',
      version: '476.1',
      port: 38080,
      java: { java: path.join('/opt/jdk-25', 'bin', 'java'), variable: 'TRINO_JAVA_HOME' },
    });
    expect(withExecutable.trino).toMatchObject({
      java: { java: '/opt/jdk-25/bin/java', variable: 'TRINO_JAVA' },
    });
  });

  it('uses the Trino TRINO_URL names instead of a local one, without trailing slashes', () => {
    // Act
    const config = readInfraConfig({ TRINO_URL: 'https://trino.example:8443/' });

    // Assess
    expect(config.trino).toEqual({ mode: 'external', url: 'https://trino.example:8443' });
  });

  it.each([
    ['TRINO_URL', 'trino.example:8080', /http\(s\) URL such as http:\/\/127\.0\.0\.1:8080/],
    ['LOCAL_TRINO_VERSION', 'latest', /a Trino release such as 476/],
    ['LOCAL_TRINO_VERSION', '4.1.2', /a Trino release such as 476/],
    ['LOCAL_TRINO_PORT', '80', /from 1024 to 65535/],
  ])('refuses %s=%s, naming the variable and what it accepts', (variable, value, accepted) => {
    // Act
    const found = problems({ [variable]: value });

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${variable} `));
    expect(found[0]).toMatch(accepted);
  });

  it('refuses TRINO_JAVA_HOME and TRINO_JAVA together', () => {
    expect(problems({ TRINO_JAVA_HOME: '/a', TRINO_JAVA: '/b/java' })).toEqual([
      'TRINO_JAVA is set together with TRINO_JAVA_HOME: expected only one of them',
    ]);
  });

  it('refuses a Trino port the user chose that another local service uses', () => {
    expect(problems({ LOCAL_TRINO_PORT: '29090' })).toEqual([
      'LOCAL_TRINO_PORT is "29090": expected a port different from LOCAL_S3_PORT',
    ]);
  });

  it("lets another service have Trino's default port: Trino starts only on request", () => {
    // Act
    const config = readInfraConfig({ LOCAL_KAFKA_PORT: '28080' });

    // Assess
    expect(config.kafka).toMatchObject({ port: 28080 });
    expect(config.trino).toMatchObject({ port: 28080 });
  });
});
