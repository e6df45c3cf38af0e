import { describe, expect, test } from 'vitest';
import { JavaRequiredError, LocalInfraError, MavenRequiredError } from '../../../local/infra/errors';
import { parseJavaMajor, parseMavenVersion } from '../../../local/infra/prereqs';

describe('parseJavaMajor', () => {
  test.each([
    ['openjdk version "17.0.15" 2025-04-15', 17, '17.0.15'],
    ['openjdk version "21" 2023-09-19', 21, '21'],
    ['java version "1.8.0_351"', 8, '1.8.0_351'],
    ['openjdk version "11.0.2-ea" 2019-01-15', 11, '11.0.2-ea'],
    ['Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version "25" 2025-09-16 LTS', 25, '25'],
  ])('%s -> %i', (output, major, version) => {
    expect(parseJavaMajor(output)).toEqual({ major, version });
  });

  test('no version in the output', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});

describe('parseMavenVersion', () => {
  test('plain and coloured banners', () => {
    expect(parseMavenVersion('Apache Maven 3.8.7\nMaven home: /usr/share/maven')).toEqual([3, 8, 7]);
    expect(parseMavenVersion('\u001b[1mApache Maven 3.9.11 (3e54c93a)\u001b[m')).toEqual([3, 9, 11]);
    expect(parseMavenVersion('mvn: not found')).toBeUndefined();
  });
});

describe('prerequisite errors', () => {
  test('say what to install', () => {
    const missing = new JavaRequiredError(undefined);
    expect(missing).toBeInstanceOf(LocalInfraError);
    expect(missing.message).toMatch(/Java was not found.*Java 17 or newer/);
    expect(new JavaRequiredError('11.0.2').message).toMatch(/Java 11\.0\.2 is too old/);
    expect(new MavenRequiredError('3.5.0').message).toMatch(/Maven 3\.5\.0 is too old.*Maven 3\.6 or newer/);
    expect(new MavenRequiredError(undefined, { cause: new Error('x') }).cause).toBeInstanceOf(Error);
  });
});
