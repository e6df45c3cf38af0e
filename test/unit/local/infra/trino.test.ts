import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readInfraConfig } from '../../../../local/infra/config';
import { envFor } from '../../../../local/infra/env';
import { DEFAULT_SERVICES } from '../../../../local/infra/index';
import { startServices } from '../../../../local/infra/lifecycle';
import { readState } from '../../../../local/infra/state';
import { probeTrino, trinoDriver, trinoS3 } from '../../../../local/infra/trino';
import { fakeDriver, freePort, killAll } from './fake-service';

const servers: http.Server[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
  for (const dir of dirs.splice(0)) killAll(dir);
});

/** An http server on 127.0.0.1 answering every request with `handler`; resolves with its URL. */
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A /v1/info answer. */
const info =
  (body: string, status = 200): http.RequestListener =>
  (request, response) => {
    response.writeHead(request.url === '/v1/info' ? status : 404, { 'content-type': 'application/json' });
    response.end(body);
  };

describe('trinoDriver.resolve', () => {
  it('runs Trino locally with the configured version and port, its catalog on the local S3Mock', () => {
    // Act
    const resolved = trinoDriver.resolve(
      readInfraConfig({ LOCAL_S3_PORT: '39090', AWS_REGION: 'eu-west-1' }),
    );

    // Assess
    expect(resolved).toEqual({
      mode: 'local',
      settings: {
        version: '476',
        ports: { http: 28080 },
        options: { s3Endpoint: 'http://127.0.0.1:39090', s3Region: 'eu-west-1', s3Keys: 'dummy', java: '' },
      },
    });
  });

  it('records the Java TRINO_JAVA_HOME names, so a Trino started on another one is replaced', () => {
    // Act
    const resolved = trinoDriver.resolve(readInfraConfig({ TRINO_JAVA_HOME: '/opt/jdk-25' }));

    // Assess
    expect(resolved).toMatchObject({
      settings: { options: { java: path.join('/opt/jdk-25', 'bin', 'java') } },
    });
  });

  it('only probes the Trino TRINO_URL names', async () => {
    // Prepare
    const url = await serve(info('{"starting":false}'));

    // Act
    const resolved = trinoDriver.resolve(readInfraConfig({ TRINO_URL: url }));

    // Assess
    expect(resolved).toMatchObject({ mode: 'external', address: url, using: `${url} (TRINO_URL)` });
    expect(resolved.mode === 'local' ? undefined : await resolved.probe?.(2000)).toBe(true);
  });

  it('declares no jars, so the default fetch does not download ~450 MB', () => {
    expect(trinoDriver.jars).toBeUndefined();
  });
});

describe('trinoS3', () => {
  it('points the catalog at S3Mock with its dummy keys, at another server path-style, at AWS by region', () => {
    // Prepare
    const external = readInfraConfig({ S3_ENDPOINT: 'http://minio.local:9000' }).s3;

    // Act
    const local = trinoS3(readInfraConfig({}).s3, {});
    const externalDummy = trinoS3(external, {});
    const externalKeys = trinoS3(external, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' });
    const aws = trinoS3(readInfraConfig({ S3_ENDPOINT: 'aws', AWS_REGION: 'us-east-2' }).s3, {});

    // Assess
    const dummy = { accessKeyId: 'local', secretAccessKey: 'local' };
    expect(local).toEqual({ endpoint: 'http://127.0.0.1:29090', region: 'us-east-1', credentials: dummy });
    expect(externalDummy).toEqual({
      endpoint: 'http://minio.local:9000',
      region: 'us-east-1',
      credentials: dummy,
    });
    // The keys stay out of the files: Trino's default chain reads the same variables.
    expect(externalKeys.credentials).toBeUndefined();
    expect(aws).toEqual({ endpoint: undefined, region: 'us-east-2', credentials: undefined });
  });
});

describe('trinoDriver', () => {
  it('keeps its files under <localDir>/trino and names the variable that moves its port', () => {
    // Prepare
    const settings = {
      version: '476',
      ports: { http: 38080 },
      options: { s3Endpoint: '', s3Region: 'x', s3Keys: 'default', java: '' },
    };

    // Act
    const paths = trinoDriver.paths('/repo/.local');

    // Assess
    expect(paths).toEqual({ dataDir: '/repo/.local/trino/data', logFile: '/repo/.local/trino/trino.log' });
    expect(trinoDriver.marker('/repo/.local')).toBe('-Dlocal.infra=trino@/repo/.local');
    expect(trinoDriver.address(settings)).toBe('http://127.0.0.1:38080');
    expect(trinoDriver.ports).toEqual({ http: { label: 'Trino', variable: 'LOCAL_TRINO_PORT' } });
  });
});

describe('probeTrino', () => {
  it.each([
    ['ready', info('{"nodeVersion":{"version":"476"},"coordinator":true,"starting":false}'), true],
    ['still starting', info('{"starting":true}'), false],
    ['not JSON', info('<html>'), false],
    ['failing', info('{"starting":false}', 503), false],
  ])('is %s -> %s', async (_, handler, expected) => {
    // Prepare
    const url = await serve(handler);

    // Act
    const ready = await probeTrino(url, 2000);

    // Assess
    expect(ready).toBe(expected);
  });

  it('is false when nothing listens, and when the server does not answer in time', async () => {
    // Prepare
    const silent = await serve(() => {});
    const started = Date.now();

    // Act
    const results = [
      await probeTrino(`http://127.0.0.1:${await freePort()}`, 1000),
      await probeTrino(silent, 300),
    ];

    // Assess
    expect(results).toEqual([false, false]);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('Trino only on request', () => {
  it('starts kafka and s3 by default (what up() wants when not told), and Trino only when named', async () => {
    // Prepare
    const localDir = await mkdtemp(path.join(os.tmpdir(), 'infra-trino-'));
    dirs.push(localDir);
    const config = readInfraConfig({ LOCAL_DIR: localDir });
    const drivers = ['kafka', 's3', 'trino'].map(async (name) => fakeDriver(name, await freePort()));
    const tools = { checkJava: async () => '17.0.15', ensureJars: async () => '' };
    const log = () => {};

    // Act
    const byDefault = await startServices(
      await Promise.all(drivers),
      config,
      { log, wanted: DEFAULT_SERVICES },
      tools,
    );
    const asked = await startServices(
      await Promise.all(drivers),
      config,
      { log, wanted: ['s3', 'trino'] },
      tools,
    );

    // Assess
    expect(DEFAULT_SERVICES).toEqual(['kafka', 's3']);
    expect(byDefault).toEqual({ kafka: true, s3: true, trino: false });
    expect(asked).toEqual({ kafka: false, s3: false, trino: true });
    expect(Object.keys(readState(localDir)).sort()).toEqual(['kafka', 's3', 'trino']);
  });

  it("envFor gives Trino's address only to an up() that asked for it, or for TRINO_URL", () => {
    // Act
    const notAsked = envFor(readInfraConfig({}), { kafka: true, s3: true });
    const asked = envFor(readInfraConfig({ LOCAL_TRINO_PORT: '38080' }), {
      kafka: false,
      s3: true,
      trino: true,
    });
    const external = envFor(readInfraConfig({ TRINO_URL: 'http://trino.example:8080' }), {
      kafka: true,
      s3: true,
    });

    // Assess
    expect(notAsked.trino).toBeUndefined();
    expect(asked.trino).toEqual({
      url: 'http://127.0.0.1:38080',
      metastoreDir: expect.stringMatching(/trino\/metastore$/),
    });
    expect(asked.started).toEqual({ kafka: false, s3: true, trino: true });
    expect(external.trino).toEqual({ url: 'http://trino.example:8080' });
  });
});
