/**
 * The Trino driver: Trino 476 (Athena engine v3's engine) on 127.0.0.1, run from the Maven Central
 * archives (trino-install.ts) on a Java 24+ (trino-java.ts), with one catalog, `awsdatacatalog`,
 * over the local S3 (see trino-launch.ts for its files); or the server named by `TRINO_URL`, which
 * is only probed. Started only when asked for: `up({ services: [..., 'trino'] })`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { InfraConfig, S3Config } from './config';
import { PORT_VARIABLES } from './config';
import type { LocalSettings, Log, ServiceDriver, StartContext, Started } from './driver';
import { launchUntilReady, seconds } from './launch';
import { S3MOCK_CREDENTIALS } from './s3mock';
import { withLock } from './state';
import { ensureTrinoServer, trinoInstalled } from './trino-install';
import { findTrinoJava } from './trino-java';
import {
  type TrinoS3,
  trinoCatalogProperties,
  trinoConfigProperties,
  trinoJavaArgs,
  trinoMarker,
  trinoPaths,
} from './trino-launch';

/**
 * The options are recorded in the state file, so a Trino started for another S3 (or Java) is
 * replaced: `s3Endpoint` is empty for real AWS; `s3Keys` is `dummy` for S3Mock's keys, `default`
 * for the AWS SDK's default chain (the environment Trino was started in, a profile, a role).
 */
type TrinoSettings = LocalSettings<'http', 's3Endpoint' | 's3Region' | 's3Keys' | 'java'>;

/** How long `fetchTrino` waits for another `up`/`down` holding the lock (a first fetch is slow). */
const LOCK_TIMEOUT_MS = 15 * 60_000;

/**
 * How Trino's catalog reaches the S3 of a configuration: the local S3Mock with its dummy keys; an
 * external server path-style, with the keys of the environment when both are set (as `envFor`
 * gives clients), else the dummy ones; real AWS through the default credential chain.
 */
export function trinoS3(s3: S3Config, env: Record<string, string | undefined> = process.env): TrinoS3 {
  switch (s3.mode) {
    case 'local':
      return {
        endpoint: `http://127.0.0.1:${s3.port}`,
        region: s3.region,
        credentials: { ...S3MOCK_CREDENTIALS },
      };
    case 'external': {
      const keysInEnv = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
      return {
        endpoint: s3.endpoint,
        region: s3.region,
        credentials: keysInEnv ? undefined : { ...S3MOCK_CREDENTIALS },
      };
    }
    case 'aws':
      return { endpoint: undefined, region: s3.region, credentials: undefined };
  }
}

/** The catalog's S3 as recorded in the settings. */
function s3Of(settings: TrinoSettings): TrinoS3 {
  const { s3Endpoint, s3Region, s3Keys } = settings.options;
  return {
    endpoint: s3Endpoint === '' ? undefined : s3Endpoint,
    region: s3Region,
    credentials: s3Keys === 'dummy' ? { ...S3MOCK_CREDENTIALS } : undefined,
  };
}

/** True when the Trino at `url` answers `GET /v1/info` with `"starting": false`. */
export async function probeTrino(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/info`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const info = (await response.json()) as { starting?: unknown };
    return info.starting === false;
  } catch {
    return false;
  }
}

const urlOf = (settings: TrinoSettings) => `http://127.0.0.1:${settings.ports.http}`;

/**
 * Finds a Java 24+, fetches the server on first use (the lifecycle holds the lock), writes the
 * configuration and the catalog, starts the coordinator and waits until it is no longer starting.
 */
async function startTrino(settings: TrinoSettings, context: StartContext): Promise<Started> {
  const { localDir, log } = context;
  const { version } = settings;
  // Before the fetch: without a Java to run it, 450 MB are not worth downloading.
  const configured = settings.options.java;
  const java = await findTrinoJava({
    trinoVersion: version,
    configured:
      configured === '' ? undefined : { java: configured, variable: 'TRINO_JAVA_HOME or TRINO_JAVA' },
    java: context.java,
  });
  const fetchStarted = Date.now();
  const fetched = !trinoInstalled(localDir, version);
  const installDir = await ensureTrinoServer(localDir, version, log);
  const fetchMs = fetched ? Date.now() - fetchStarted : 0;

  const paths = trinoPaths(localDir);
  await Promise.all(
    [paths.dataDir, paths.metastoreDir, paths.catalogDir].map((dir) => mkdir(dir, { recursive: true })),
  );
  await writeFile(paths.configFile, trinoConfigProperties({ port: settings.ports.http, installDir, paths }));
  await writeFile(
    paths.catalogFile,
    trinoCatalogProperties({ metastoreDir: paths.metastoreDir, s3: s3Of(settings) }),
  );
  const { readyMs } = await launchUntilReady({
    product: 'Trino',
    command: java.java,
    args: trinoJavaArgs({ installDir, paths, marker: trinoMarker(localDir) }),
    logFile: paths.logFile,
    cwd: paths.dataDir,
    timeoutMs: context.timeoutMs,
    probe: (timeoutMs) => probeTrino(urlOf(settings), timeoutMs),
    onSpawn: context.onSpawn,
  });
  const after = fetchMs > 0 ? ` after fetching it in ${seconds(fetchMs)}` : '';
  return { readyMs, detail: `, Java ${java.version} (${java.source})${after}` };
}

export const trinoDriver: ServiceDriver<TrinoSettings, 'trino'> = {
  name: 'trino',
  product: 'Trino',
  resolve: ({ trino, s3 }) => {
    if (trino.mode === 'external') {
      return {
        mode: 'external',
        address: trino.url,
        using: `${trino.url} (TRINO_URL)`,
        probe: (timeoutMs) => probeTrino(trino.url, timeoutMs),
      };
    }
    const catalogS3 = trinoS3(s3);
    return {
      mode: 'local',
      settings: {
        version: trino.version,
        ports: { http: trino.port },
        options: {
          s3Endpoint: catalogS3.endpoint ?? '',
          s3Region: catalogS3.region,
          s3Keys: catalogS3.credentials === undefined ? 'default' : 'dummy',
          java: trino.java?.java ?? '',
        },
      },
    };
  },
  marker: trinoMarker,
  paths: (localDir) => {
    const { dataDir, logFile } = trinoPaths(localDir);
    return { dataDir, logFile };
  },
  ports: { http: { label: 'Trino', variable: PORT_VARIABLES.trinoPort } },
  address: urlOf,
  probe: (settings, timeoutMs) => probeTrino(urlOf(settings), timeoutMs),
  // No `jars`: the server is fetched by start() (and fetchTrino), being archives and ~450 MB that
  // only a caller asking for Trino should wait for.
  start: startTrino,
};

/**
 * Fetches the Trino server of the configuration unless it is external or already there, holding
 * the lock of `localDir` (what `fetch --trino` runs, so that CI downloads it before the tests).
 * Returns its folder, or undefined for an external Trino.
 */
export async function fetchTrino(config: InfraConfig, log: Log): Promise<string | undefined> {
  const { trino, localDir } = config;
  if (trino.mode !== 'local') return undefined;
  return withLock(localDir, LOCK_TIMEOUT_MS, () => ensureTrinoServer(localDir, trino.version, log));
}
