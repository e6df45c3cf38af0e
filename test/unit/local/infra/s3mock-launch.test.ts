import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cdsOptions,
  prepareS3MockLaunch,
  s3mockBeansXml,
  s3mockJar,
  s3mockJavaArgs,
  s3mockMarker,
  s3mockPaths,
} from '../../../../local/infra/s3mock-launch';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'infra-s3mock-'));
const paths = s3mockPaths('/repo/.local');
const options = {
  launch: { jar: '/repo/.local/jars/s3mock-5.2.0/s3mock-5.2.0-exec.jar', cdsOptions: [] },
  paths,
  marker: s3mockMarker('/repo/.local'),
  port: 29090,
  httpsPort: 29091,
  bucket: 'ticks-local',
  region: 'eu-west-1',
};

/** A jars folder holding a (fake) S3Mock exec jar. */
async function jarsFolder(): Promise<string> {
  const dir = await tmp();
  await writeFile(path.join(dir, 's3mock-5.2.0-exec.jar'), 'not really a jar');
  await writeFile(path.join(dir, 'other-1.0.jar'), '');
  return dir;
}

describe('s3mockJavaArgs', () => {
  it('binds both connectors to 127.0.0.1, keeps the data under .local/s3 and creates the bucket', () => {
    // Act
    const args = s3mockJavaArgs(options);

    // Assess
    expect(args).toContain('--server.address=127.0.0.1');
    expect(args).toContain('--server.port=29091');
    expect(args).toContain('--http.port=29090');
    expect(args).toContain(`--spring.main.sources=file:${paths.beansFile}`);
    expect(args).toContain('--spring.main.allow-bean-definition-overriding=true');
    expect(args).toContain('--com.adobe.testing.s3mock.store.root=/repo/.local/s3/data');
    expect(args).toContain('--com.adobe.testing.s3mock.store.retain-files-on-exit=true');
    expect(args).toContain('--com.adobe.testing.s3mock.store.initial-buckets=ticks-local');
    expect(args).toContain('--com.adobe.testing.s3mock.store.region=eu-west-1');
  });

  it('puts the marker and the class-data-sharing options before -jar, where the JVM reads them', () => {
    // Act
    const args = s3mockJavaArgs({
      ...options,
      launch: { jar: '/x.jar', cdsOptions: ['-XX:SharedArchiveFile=/a.jsa'] },
    });

    // Assess
    expect(args.indexOf('-XX:SharedArchiveFile=/a.jsa')).toBeLessThan(args.indexOf('-jar'));
    expect(args.indexOf('-Dlocal.infra=s3@/repo/.local')).toBeLessThan(args.indexOf('-jar'));
    expect(args[args.indexOf('-jar') + 1]).toBe('/x.jar');
  });
});

describe('s3mockBeansXml', () => {
  it('replaces the httpConnector bean with one bound to loopback on the given port', () => {
    // Act
    const xml = s3mockBeansXml(39090);

    // Assess
    expect(xml).toContain('<bean id="httpConnector" class="org.apache.catalina.connector.Connector">');
    expect(xml).toContain('<constructor-arg value="127.0.0.1"/>');
    expect(xml).toContain('<property name="port" value="39090"/>');
  });
});

describe('s3mockJar', () => {
  it('finds the exec jar among the fetched ones, and says what to do when there is none', async () => {
    // Prepare
    const dir = await jarsFolder();
    const empty = await tmp();

    // Act
    const jar = await s3mockJar(dir);

    // Assess
    expect(jar).toBe(path.join(dir, 's3mock-5.2.0-exec.jar'));
    await expect(s3mockJar(empty)).rejects.toThrow(`${empty} hold no s3mock-*-exec.jar. Delete that folder`);
  });
});

describe('cdsOptions', () => {
  it('records an archive at exit first, then uses it, per Java version', async () => {
    // Prepare
    const dir = await tmp();
    const archive = path.join(dir, 's3mock-java-17.0.15.jsa');

    // Act
    const first = await cdsOptions(dir, '17.0.15');
    await writeFile(`${archive}.pending`, 'archive bytes');
    const second = await cdsOptions(dir, '17.0.15');
    const otherJava = await cdsOptions(dir, '21.0.2+13');

    // Assess
    expect(first).toEqual([`-XX:ArchiveClassesAtExit=${archive}.pending`]);
    expect(second).toEqual([`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto']);
    expect(existsSync(`${archive}.pending`)).toBe(false);
    expect(otherJava[0]).toBe(
      `-XX:ArchiveClassesAtExit=${path.join(dir, 's3mock-java-21.0.2_13.jsa')}.pending`,
    );
  });

  it('drops an empty recording (a JVM stopped mid-dump) and records again', async () => {
    // Prepare
    const dir = await tmp();
    await writeFile(path.join(dir, 's3mock-java-17.jsa.pending'), '');

    // Act
    const options = await cdsOptions(dir, '17');

    // Assess
    expect(options[0]).toMatch(/^-XX:ArchiveClassesAtExit=/);
    expect(existsSync(path.join(dir, 's3mock-java-17.jsa'))).toBe(false);
  });
});

describe('prepareS3MockLaunch', () => {
  it('runs the extracted jar with class-data sharing once it has been extracted', async () => {
    // Prepare
    const dir = await jarsFolder();
    await mkdir(path.join(dir, 'extracted'));
    await writeFile(path.join(dir, 'extracted', 's3mock-5.2.0-exec.jar'), '');

    // Act
    const launch = await prepareS3MockLaunch('/no/java', '17.0.15', await s3mockJar(dir), () => {});

    // Assess
    expect(launch.jar).toBe(path.join(dir, 'extracted', 's3mock-5.2.0-exec.jar'));
    expect(launch.cdsOptions[0]).toMatch(/^-XX:ArchiveClassesAtExit=.*s3mock-java-17\.0\.15\.jsa\.pending$/);
  });

  it('falls back to the plain exec jar, and says so, when extraction fails', async () => {
    // Prepare
    const dir = await jarsFolder();
    const lines: string[] = [];

    // Act
    const launch = await prepareS3MockLaunch('false', '17', await s3mockJar(dir), (line) => lines.push(line));

    // Assess
    expect(launch).toEqual({ jar: path.join(dir, 's3mock-5.2.0-exec.jar'), cdsOptions: [] });
    expect(lines).toEqual([
      expect.stringMatching(/^s3: could not extract s3mock-5\.2\.0-exec\.jar, running it as is/),
    ]);
    expect(existsSync(path.join(dir, 'extracted'))).toBe(false);
  });
});
