/**
 * The S3 driver: Adobe S3Mock 5.x (the Spring Boot `exec` jar from Maven Central) on 127.0.0.1,
 * storing objects under `<localDir>/s3/data` and keeping them across restarts (see
 * s3mock-launch.ts for how it is launched); or the server named by `S3_ENDPOINT`, or real AWS S3.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { PORT_VARIABLES } from './config';
import type { LocalSettings, ServiceDriver, StartContext, Started } from './driver';
import { launchUntilReady } from './launch';
import {
  prepareS3MockLaunch,
  s3mockBeansXml,
  s3mockJar,
  s3mockJavaArgs,
  s3mockMarker,
  s3mockPaths,
} from './s3mock-launch';

type S3MockSettings = LocalSettings<'http' | 'https', 'bucket' | 'region'>;

/** Dummy credentials: S3Mock checks none, but the SDK must sign with something. */
export const S3MOCK_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** True when the S3 server at `endpoint` answers HeadBucket for `bucket`. */
async function probeS3(
  endpoint: string,
  region: string,
  bucket: string,
  timeoutMs: number,
): Promise<boolean> {
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: S3MOCK_CREDENTIALS,
    maxAttempts: 1,
    // Without throwOnRequestTimeout the handler only warns and waits on (e.g. for a stopped JVM).
    requestHandler: {
      connectionTimeout: Math.min(timeoutMs, 1000),
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }), {
      abortSignal: AbortSignal.timeout(timeoutMs + 500),
    });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

const endpointOf = (settings: S3MockSettings) => `http://127.0.0.1:${settings.ports.http}`;

/** Starts S3Mock and waits until HeadBucket on the initial bucket succeeds. */
async function startS3Mock(settings: S3MockSettings, context: StartContext): Promise<Started> {
  const { java, localDir } = context;
  const { bucket, region } = settings.options;
  const paths = s3mockPaths(localDir);
  const launch = await prepareS3MockLaunch(
    java,
    context.javaVersion,
    await s3mockJar(context.jarsDir),
    context.log,
  );
  await mkdir(paths.dataDir, { recursive: true });
  await writeFile(paths.beansFile, s3mockBeansXml(settings.ports.http));
  const { readyMs } = await launchUntilReady({
    product: 'S3Mock',
    command: java,
    args: s3mockJavaArgs({
      launch,
      paths,
      marker: s3mockMarker(localDir),
      port: settings.ports.http,
      httpsPort: settings.ports.https,
      bucket,
      region,
    }),
    logFile: paths.logFile,
    cwd: paths.home,
    timeoutMs: context.timeoutMs,
    probe: (timeoutMs) => probeS3(endpointOf(settings), region, bucket, timeoutMs),
    onSpawn: context.onSpawn,
  });
  return { readyMs, detail: `, bucket ${bucket}` };
}

export const s3mockDriver: ServiceDriver<S3MockSettings, 's3'> = {
  name: 's3',
  product: 'S3Mock',
  resolve: ({ s3 }) => {
    switch (s3.mode) {
      case 'aws':
        return {
          mode: 'aws',
          address: `s3.${s3.region}.amazonaws.com`,
          using: `AWS S3 in ${s3.region} (S3_ENDPOINT=aws)`,
        };
      case 'external':
        return {
          mode: 'external',
          address: s3.endpoint,
          using: `${s3.endpoint} (S3_ENDPOINT)`,
          probe: (timeoutMs) => probeS3(s3.endpoint, s3.region, s3.bucket, timeoutMs),
        };
      case 'local':
        return {
          mode: 'local',
          settings: {
            version: s3.version,
            ports: { http: s3.port, https: s3.httpsPort },
            options: { bucket: s3.bucket, region: s3.region },
          },
        };
    }
  },
  marker: s3mockMarker,
  paths: s3mockPaths,
  ports: {
    http: { label: 'S3Mock (http)', variable: PORT_VARIABLES.s3Port },
    https: { label: 'S3Mock (https)', variable: PORT_VARIABLES.s3HttpsPort },
  },
  address: endpointOf,
  probe: (settings, timeoutMs) =>
    probeS3(endpointOf(settings), settings.options.region, settings.options.bucket, timeoutMs),
  jars: 's3mock',
  start: startS3Mock,
};
