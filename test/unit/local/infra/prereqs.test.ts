import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalInfraError } from '../../../../local/infra/errors';
import { checkJava, checkMaven, parseJavaMajor, parseMavenVersion } from '../../../../local/infra/prereqs';

/** An executable that prints `output` on stderr, as `java -version` does. */
async function fakeTool(output: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'infra-prereqs-')), 'tool');
  await writeFile(file, `#!/bin/sh\necho '${output}' >&2\n`);
  await chmod(file, 0o755);
  return file;
}

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17, '17.0.15'],
    ['openjdk version "21" 2023-09-19', 21, '21'],
    ['java version "1.8.0_351"', 8, '1.8.0_351'],
    ['openjdk version "11.0.2-ea" 2019-01-15', 11, '11.0.2-ea'],
    ['Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version "25" 2025-09-16 LTS', 25, '25'],
  ])('%s -> %i', (output, major, version) => {
    expect(parseJavaMajor(output)).toEqual({ major, version });
  });

  it('finds nothing in output without a version', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});

describe('parseMavenVersion', () => {
  it('reads plain and coloured banners', () => {
    expect(parseMavenVersion('Apache Maven 3.8.7\nMaven home: /usr/share/maven')).toEqual([3, 8, 7]);
    expect(parseMavenVersion('\u001b[1mApache Maven 3.9.11 (3e54c93a)\u001b[m')).toEqual([3, 9, 11]);
    expect(parseMavenVersion('mvn: not found')).toBeUndefined();
  });
});

describe('checkJava', () => {
  it('returns the version of a Java 17 or newer', async () => {
    expect(await checkJava(await fakeTool('openjdk version "17.0.15" 2025-04-15'))).toBe('17.0.15');
  });

  it.each([
    ['a missing java', async () => '/no/such/java', /^Java was not found: .*Java 17 or newer.*JAVA_HOME/],
    ['an old java', () => fakeTool('java version "1.8.0_351"'), /^Java 1\.8\.0_351 is too old: .*Java 17/],
    ['a java that prints no version', () => fakeTool('hello'), /^Java was not found/],
  ])('refuses %s, saying what to install', async (_, java, message) => {
    // Act
    const checked = checkJava(await java());

    // Assess
    await expect(checked).rejects.toThrow(LocalInfraError);
    await expect(checked).rejects.toThrow(message);
  });
});

describe('checkMaven', () => {
  it('accepts Maven 3.6 or newer and refuses older or missing ones, saying what to install', async () => {
    // Prepare
    const recent = await fakeTool('Apache Maven 3.8.7');
    const old = await fakeTool('Apache Maven 3.5.0');

    // Act
    const results = await Promise.allSettled([checkMaven(recent), checkMaven(old), checkMaven('/no/mvn')]);

    // Assess
    expect(results[0]).toEqual({ status: 'fulfilled', value: undefined });
    expect(results[1]).toMatchObject({
      reason: { message: expect.stringMatching(/^Maven 3\.5\.0 is too old: .*3\.6 or newer/) },
    });
    expect(results[2]).toMatchObject({
      reason: { message: expect.stringMatching(/^Maven was not found: .*apt-get install maven/) },
    });
  });
});
