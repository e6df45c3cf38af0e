import { describe, expect, test } from 'vitest';
import { jarsDir, lastLines, mavenFetchArgs } from '../../../local/infra/jars';

describe('mavenFetchArgs', () => {
  test('batch mode, quiet, the pom of the service, its version and the output folder', () => {
    const args = mavenFetchArgs('kafka', '4.1.2', '/out');

    expect(args.slice(0, 4)).toEqual(['-B', '-ntp', '-q', '-Dstyle.color=never']);
    expect(args[args.indexOf('-f') + 1]).toMatch(/local\/infra\/maven\/kafka\.pom\.xml$/);
    expect(args).toContain('-Dkafka.version=4.1.2');
    expect(args).toContain('-Djars.dir=/out');
    expect(args.at(-1)).toBe('dependency:copy-dependencies');
    expect(mavenFetchArgs('s3mock', '5.2.0', '/o')).toContain('-Ds3mock.version=5.2.0');
  });

  test('jars are kept per service and version', () => {
    expect(jarsDir('/r/.local', 'kafka', '4.1.2')).toBe('/r/.local/jars/kafka-4.1.2');
    expect(jarsDir('/r/.local', 's3mock', '5.2.0')).toBe('/r/.local/jars/s3mock-5.2.0');
  });
});

describe('lastLines', () => {
  test('the last n non-blank lines', () => {
    expect(lastLines('a\n\nb\r\nc\n', 2)).toBe('b\nc');
    expect(lastLines('', 5)).toBe('');
  });
});
