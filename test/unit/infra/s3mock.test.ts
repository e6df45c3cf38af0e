import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  cdsOptions,
  s3mockBeansXml,
  s3mockJavaArgs,
  s3mockMarker,
  s3mockPaths,
} from '../../../local/infra/s3mock';

const paths = s3mockPaths('/repo/.local');
const base = {
  jar: '/repo/.local/jars/s3mock-5.2.0/s3mock-5.2.0-exec.jar',
  paths,
  marker: s3mockMarker('/repo/.local'),
  port: 29090,
  httpsPort: 29091,
  bucket: 'ticks-local',
  region: 'eu-west-1',
  version: '5.2.0',
};

describe('s3mockJavaArgs', () => {
  test('both connectors on 127.0.0.1, data under .local/s3 and kept on exit, the bucket created', () => {
    const args = s3mockJavaArgs(base);

    expect(args).toContain('--server.address=127.0.0.1');
    expect(args).toContain('--server.port=29091');
    expect(args).toContain('--http.port=29090');
    expect(args).toContain(`--spring.main.sources=file:${paths.beansFile}`);
    expect(args).toContain('--spring.main.allow-bean-definition-overriding=true');
    expect(args).toContain('--com.adobe.testing.s3mock.store.root=/repo/.local/s3/data');
    expect(args).toContain('--com.adobe.testing.s3mock.store.retain-files-on-exit=true');
    expect(args).toContain('--com.adobe.testing.s3mock.store.initial-buckets=ticks-local');
    expect(args).toContain('--com.adobe.testing.s3mock.store.region=eu-west-1');
    expect(args.indexOf('-Dlocal.infra=s3@/repo/.local')).toBeLessThan(args.indexOf('-jar'));
  });

  test('4.x gets its own name for the http port', () => {
    expect(s3mockJavaArgs({ ...base, version: '4.12.4' })).toContain(
      '--com.adobe.testing.s3mock.http-port=29090',
    );
    expect(s3mockJavaArgs(base).some((a) => a.includes('http-port'))).toBe(false);
  });
});

describe('s3mockBeansXml', () => {
  test('replaces the httpConnector bean with one bound to loopback on the given port', () => {
    const xml = s3mockBeansXml(29090);

    expect(xml).toContain('<bean id="httpConnector" class="org.apache.catalina.connector.Connector">');
    expect(xml).toContain('<constructor-arg value="127.0.0.1"/>');
    expect(xml).toContain('<property name="port" value="29090"/>');
    expect(xml).toContain('<property name="encodedSolidusHandling" value="decode"/>');
  });
});

describe('cdsOptions', () => {
  test('records an archive at exit first, then uses it, per Java version', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'infra-cds-'));
    const archive = path.join(dir, 's3mock-java-17.0.15.jsa');

    expect(await cdsOptions(dir, '17.0.15')).toEqual([`-XX:ArchiveClassesAtExit=${archive}.pending`]);
    await writeFile(`${archive}.pending`, 'archive bytes');
    expect(await cdsOptions(dir, '17.0.15')).toEqual([`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto']);
    expect(existsSync(`${archive}.pending`)).toBe(false);
    expect((await cdsOptions(dir, '21.0.2+13'))[0]).toBe(
      `-XX:ArchiveClassesAtExit=${path.join(dir, 's3mock-java-21.0.2_13.jsa')}.pending`,
    );
  });

  test('an empty recording (JVM stopped mid-dump) is dropped', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'infra-cds-'));
    await writeFile(path.join(dir, 's3mock-java-17.jsa.pending'), '');

    expect((await cdsOptions(dir, '17'))[0]).toMatch(/^-XX:ArchiveClassesAtExit=/);
  });

  test('the options go before -jar', () => {
    const args = s3mockJavaArgs({ ...base, cdsOptions: ['-XX:SharedArchiveFile=/a.jsa'] });

    expect(args.indexOf('-XX:SharedArchiveFile=/a.jsa')).toBeLessThan(args.indexOf('-jar'));
  });
});
