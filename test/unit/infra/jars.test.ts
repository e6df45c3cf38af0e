import { describe, expect, test } from 'vitest';
import { jarsDir, lastLines, mavenErrorText, mavenFetchArgs } from '../../../local/infra/jars';

describe('mavenFetchArgs', () => {
  test('batch mode, quiet, the pom of the service, its version and the output folder', () => {
    const args = mavenFetchArgs('kafka', '4.1.2', '/out');

    expect(args.slice(0, 5)).toEqual(['-B', '-ntp', '-q', '-Dstyle.color=never', '-U']);
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

describe('mavenErrorText', () => {
  test('drops colours and the generic advice, keeps the error', () => {
    const esc = String.fromCharCode(27);
    const out = [
      `${esc}[0m[ERROR] Failed to execute goal: Could not find artifact x:y:jar:9 -> [Help 1]`,
      '[ERROR] ',
      '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.',
      '[ERROR] Re-run Maven using the -X switch to enable full debug logging.',
      '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException',
      `${esc}[0m${esc}[0m`,
    ].join('\n');

    expect(lastLines(mavenErrorText(out), 30)).toBe(
      '[ERROR] Failed to execute goal: Could not find artifact x:y:jar:9 -> [Help 1]',
    );
  });
});

describe('lastLines', () => {
  test('the last n non-blank lines', () => {
    expect(lastLines('a\n\nb\r\nc\n', 2)).toBe('b\nc');
    expect(lastLines('', 5)).toBe('');
  });
});
