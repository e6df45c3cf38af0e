import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureJars, jarsDir, mavenErrorText, mavenFetchArgs } from '../../../../local/infra/jars';
import { kafkaDriver } from '../../../../local/infra/kafka';
import { lastLines } from '../../../../local/infra/proc';
import { s3mockDriver } from '../../../../local/infra/s3mock';

describe('mavenFetchArgs', () => {
  it('runs the pom named after the jar set, with its version and the output folder', () => {
    // Act
    const args = mavenFetchArgs('s3mock', '5.2.0', '/out');

    // Assess
    const pom = args[args.indexOf('-f') + 1];
    expect(pom).toMatch(/local\/infra\/maven\/s3mock\.pom\.xml$/);
    expect(existsSync(pom!)).toBe(true);
    expect(args).toContain('-Ds3mock.version=5.2.0');
    expect(args).toContain('-Djars.dir=/out');
    expect(args.at(-1)).toBe('dependency:copy-dependencies');
  });

  it('has a pom for every jar set a driver names', () => {
    for (const driver of [kafkaDriver, s3mockDriver]) {
      const args = mavenFetchArgs(driver.jars!, '1.0.0', '/out');
      expect(existsSync(args[args.indexOf('-f') + 1]!), driver.name).toBe(true);
    }
  });
});

describe('ensureJars', () => {
  it('returns a completely fetched folder without running Maven, and keeps versions apart', async () => {
    // Prepare
    const localDir = await mkdtemp(path.join(os.tmpdir(), 'infra-jars-'));
    const dir = jarsDir(localDir, 'kafka', '4.1.2');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, '.complete'), 'done');
    const lines: string[] = [];

    // Act
    const found = await ensureJars(localDir, 'kafka', '4.1.2', (line) => lines.push(line));

    // Assess
    expect(found).toBe(path.join(localDir, 'jars', 'kafka-4.1.2'));
    expect(lines).toEqual([]);
    expect(jarsDir(localDir, 'kafka', '4.0.0')).not.toBe(found);
  });
});

describe('mavenErrorText', () => {
  it('drops colours and the generic advice, keeps the error', () => {
    // Prepare
    const esc = String.fromCharCode(27);
    const out = [
      `${esc}[0m[ERROR] Failed to execute goal: Could not find artifact x:y:jar:9 -> [Help 1]`,
      '[ERROR] ',
      '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.',
      '[ERROR] Re-run Maven using the -X switch to enable full debug logging.',
      '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException',
      `${esc}[0m${esc}[0m`,
    ].join('\n');

    // Act
    const text = lastLines(mavenErrorText(out), 30);

    // Assess
    expect(text).toBe('[ERROR] Failed to execute goal: Could not find artifact x:y:jar:9 -> [Help 1]');
  });
});
