/**
 * Local infrastructure: a real Apache Kafka broker (KRaft) and a real S3 server (Adobe S3Mock) on
 * 127.0.0.1, run from Maven Central jars, shared by `npm start`, the tests and the benchmarks.
 *
 * @example
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { down, s3ClientConfig, up } from '../local/infra';
 *
 * const env = await up({ log: console.log });          // starts what is missing, reuses what runs
 * const s3 = new S3Client(s3ClientConfig(env.s3));
 * // ... new Kafka({ brokers: env.kafkaBrokers }) ...
 * await down({ only: env.started });                    // stops only what this run started
 *
 * Configuration: environment variables, documented in ./config.ts.
 */
import { type InfraConfig, PORT_VARIABLES, readInfraConfig } from './config';
import { envFor } from './env';
import { ensureJars, s3mockJar } from './jars';
import { kafkaMarker, kafkaPaths, probeKafka, removeStaleKafkaLocks, startKafka } from './kafka';
import { checkJava } from './prereqs';
import { assertPortFree, findProcesses, isOurProcess, stopProcess } from './proc';
import { prepareS3MockLaunch, probeS3, s3mockMajor, s3mockMarker, s3mockPaths, startS3Mock } from './s3mock';
import { type InfraState, readState, stateFile, withLock, writeState } from './state';
import type { InfraStatus, LocalEnv, ServiceStatus } from './types';

export type { InfraConfig } from './config';
export { readInfraConfig } from './config';
export { envFor, s3ClientConfig } from './env';
export * from './errors';
export type { InfraStatus, LocalEnv, LocalS3, ServiceStatus } from './types';

type Log = (line: string) => void;
type Service = 'kafka' | 's3';

/** How long a graceful stop may take before SIGKILL (Kafka's controlled shutdown takes a few seconds). */
const STOP_TIMEOUT_MS = 30_000;
/** How long `up`/`down` wait for another one holding the lock (a first jar fetch can be slow). */
const LOCK_TIMEOUT_MS = 15 * 60_000;

const noop: Log = () => {};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Serialises writes of the state file (the two services are started concurrently). */
function stateWriter(localDir: string, state: InfraState): () => Promise<void> {
  let chain = Promise.resolve();
  return () => {
    chain = chain.then(() => writeState(localDir, state));
    return chain;
  };
}

const markerOf = (service: Service, localDir: string) =>
  service === 'kafka' ? kafkaMarker(localDir) : s3mockMarker(localDir);

/** Stops a service's recorded process and any leftover carrying its marker; removes stale locks. */
async function stopService(
  service: Service,
  localDir: string,
  state: InfraState,
  log: Log,
): Promise<boolean> {
  const marker = markerOf(service, localDir);
  const recorded = state[service]?.pid;
  const pids = new Set(findProcesses(marker));
  if (recorded !== undefined && isOurProcess(recorded, marker)) pids.add(recorded);
  const results = await Promise.all(
    [...pids].map(async (pid) => {
      const how = await stopProcess(pid, STOP_TIMEOUT_MS);
      log(`${service}: pid ${pid} ${how === 'killed' ? 'did not stop in time and was killed' : 'stopped'}`);
      return how;
    }),
  );
  if (service === 'kafka') await removeStaleKafkaLocks(kafkaPaths(localDir));
  delete state[service];
  return results.length > 0;
}

/**
 * A live process gets three chances to answer before it is declared deaf and replaced: on a loaded
 * two-core machine one slow answer must not cost every other user their broker.
 */
async function answersWithin3Tries(probe: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await probe()) return true;
  }
  return false;
}

/** True when the recorded Kafka runs with the configured version and ports and answers. */
async function kafkaReusable(config: InfraConfig, state: InfraState): Promise<boolean> {
  const recorded = state.kafka;
  if (config.kafka.mode !== 'local' || recorded === undefined) return false;
  const { version, port, controllerPort } = config.kafka;
  if (recorded.version !== version || recorded.port !== port || recorded.controllerPort !== controllerPort) {
    return false;
  }
  if (!isOurProcess(recorded.pid, kafkaMarker(config.localDir))) return false;
  return answersWithin3Tries(() => probeKafka([`127.0.0.1:${port}`], 5000));
}

/** True when the recorded S3Mock runs with the configured version, ports and bucket and answers. */
async function s3Reusable(config: InfraConfig, state: InfraState): Promise<boolean> {
  const recorded = state.s3;
  if (config.s3.mode !== 'local' || recorded === undefined) return false;
  const { version, port, httpsPort, bucket, region } = config.s3;
  if (
    recorded.version !== version ||
    recorded.port !== port ||
    recorded.httpsPort !== httpsPort ||
    recorded.bucket !== bucket ||
    recorded.region !== region
  ) {
    return false;
  }
  if (!isOurProcess(recorded.pid, s3mockMarker(config.localDir))) return false;
  return answersWithin3Tries(() => probeS3(`http://127.0.0.1:${port}`, region, bucket, 5000));
}

/**
 * Starts the local Kafka broker and S3Mock unless they already run (reused when alive and
 * answering; a dead or deaf leftover is stopped and started afresh). Services given by
 * `KAFKA_BROKERS` or `S3_ENDPOINT` are used as they are. The processes are detached: they outlive
 * the caller until `down()`.
 *
 * @example
 * const env = await up({ log: (line) => console.log(line) });
 * env.kafkaBrokers; // ['127.0.0.1:29092']
 * env.started;      // { kafka: true, s3: false } when S3Mock was already running
 * await up({ services: ['s3'] }); // only S3: the brokers in the result may not be running
 */
export async function up(options: { log?: Log; services?: readonly Service[] } = {}): Promise<LocalEnv> {
  const log = options.log ?? noop;
  // A caller that needs only S3 (the query CLI, quarantine) need not wait for a broker.
  const wanted = new Set<Service>(options.services ?? ['kafka', 's3']);
  const config = readInfraConfig();
  const { kafka, s3, localDir } = config;
  if (kafka.mode !== 'local')
    log(`kafka: using ${kafka.brokers.join(',')} (KAFKA_BROKERS), starting nothing`);
  if (s3.mode === 'external') log(`s3: using ${s3.endpoint} (S3_ENDPOINT), starting nothing`);
  if (s3.mode === 'aws') log(`s3: using AWS S3 in ${s3.region} (S3_ENDPOINT=aws), starting nothing`);
  if (kafka.mode !== 'local' && s3.mode !== 'local') return envFor(config, { kafka: false, s3: false });

  return withLock(localDir, LOCK_TIMEOUT_MS, async () => {
    const state = readState(localDir);
    const save = stateWriter(localDir, state);
    const started = { kafka: false, s3: false };

    const [reuseKafka, reuseS3] = await Promise.all([
      kafkaReusable(config, state),
      s3Reusable(config, state),
    ]);
    if (reuseKafka && state.kafka)
      log(`kafka: reusing pid ${state.kafka.pid} on 127.0.0.1:${state.kafka.port}`);
    if (reuseS3 && state.s3) log(`s3: reusing pid ${state.s3.pid} on 127.0.0.1:${state.s3.port}`);
    const needKafka = wanted.has('kafka') && kafka.mode === 'local' && !reuseKafka;
    const needS3 = wanted.has('s3') && s3.mode === 'local' && !reuseS3;
    if (!needKafka && !needS3) return envFor(config, started);

    const javaVersion = await checkJava(config.java);
    // Leftovers: a recorded process that is dead, deaf or differently configured, or an orphan.
    if (needKafka && (await stopService('kafka', localDir, state, log)))
      log('kafka: cleaned up a stale broker');
    if (needS3 && (await stopService('s3', localDir, state, log))) log('s3: cleaned up a stale S3Mock');
    await save();

    // One Maven at a time: its local repository is not safe for concurrent writers.
    const kafkaJars =
      kafka.mode === 'local' && needKafka ? await ensureJars(localDir, 'kafka', kafka.version, log) : '';
    const s3Jars = s3.mode === 'local' && needS3 ? await ensureJars(localDir, 's3mock', s3.version, log) : '';

    if (kafka.mode === 'local' && needKafka) {
      await assertPortFree(kafka.port, 'Kafka broker', PORT_VARIABLES.kafkaPort);
      await assertPortFree(kafka.controllerPort, 'Kafka controller', PORT_VARIABLES.kafkaControllerPort);
    }
    if (s3.mode === 'local' && needS3) {
      await assertPortFree(s3.port, 'S3Mock (http)', PORT_VARIABLES.s3Port);
      await assertPortFree(s3.httpsPort, 'S3Mock (https)', PORT_VARIABLES.s3HttpsPort);
    }

    const tasks: Promise<void>[] = [];
    if (kafka.mode === 'local' && needKafka) {
      const paths = kafkaPaths(localDir);
      log(`kafka: starting ${kafka.version} on 127.0.0.1:${kafka.port} (log ${paths.logFile})`);
      tasks.push(
        startKafka({
          java: config.java,
          jarsDir: kafkaJars,
          localDir,
          port: kafka.port,
          controllerPort: kafka.controllerPort,
          timeoutMs: config.startTimeoutMs,
          onSpawn: async (pid) => {
            started.kafka = true;
            state.kafka = {
              pid,
              version: kafka.version,
              port: kafka.port,
              controllerPort: kafka.controllerPort,
              dataDir: paths.dataDir,
              logFile: paths.logFile,
              startedAt: new Date().toISOString(),
            };
            await save();
          },
        }).then(async ({ spawned, readyMs, formatMs }) => {
          if (state.kafka) state.kafka.readyMs = readyMs;
          await save();
          const format = formatMs > 0 ? ` after formatting its storage in ${seconds(formatMs)}` : '';
          log(`kafka: ready in ${seconds(readyMs)} (pid ${spawned.pid})${format}`);
        }),
      );
    }
    if (s3.mode === 'local' && needS3) {
      const paths = s3mockPaths(localDir);
      if (s3mockMajor(s3.version) < 5) {
        log(
          `s3: warning: S3Mock ${s3.version} binds its http port on all interfaces; 5.x keeps it on 127.0.0.1`,
        );
      }
      log(`s3: starting S3Mock ${s3.version} on http://127.0.0.1:${s3.port} (log ${paths.logFile})`);
      tasks.push(
        startS3Mock({
          java: config.java,
          launch: await prepareS3MockLaunch(config.java, javaVersion, await s3mockJar(s3Jars), log),
          localDir,
          version: s3.version,
          port: s3.port,
          httpsPort: s3.httpsPort,
          bucket: s3.bucket,
          region: s3.region,
          timeoutMs: config.startTimeoutMs,
          onSpawn: async (pid) => {
            started.s3 = true;
            state.s3 = {
              pid,
              version: s3.version,
              port: s3.port,
              httpsPort: s3.httpsPort,
              bucket: s3.bucket,
              region: s3.region,
              dataDir: paths.dataDir,
              logFile: paths.logFile,
              startedAt: new Date().toISOString(),
            };
            await save();
          },
        }).then(async ({ spawned, readyMs }) => {
          if (state.s3) state.s3.readyMs = readyMs;
          await save();
          log(`s3: ready in ${seconds(readyMs)} (pid ${spawned.pid}), bucket ${s3.bucket}`);
        }),
      );
    }

    const failures = (await Promise.allSettled(tasks)).filter((r) => r.status === 'rejected');
    if (failures.length > 0) {
      // Leave nothing half-started: stop what this call started (a reused service stays).
      for (const service of ['kafka', 's3'] as const) {
        if (started[service]) await stopService(service, localDir, state, log);
      }
      await save();
      for (const extra of failures.slice(1)) log(`also failed: ${String(extra.reason)}`);
      throw failures[0]?.reason;
    }
    return envFor(config, started);
  });
}

/**
 * Stops the local services (SIGTERM, then SIGKILL after 30 s), or only those `only` marks as
 * started, e.g. the `started` of an `up()`. Data and logs stay on disk.
 *
 * @example
 * const env = await up();
 * await down({ only: env.started });
 */
export async function down(options: { only?: LocalEnv['started']; log?: Log } = {}): Promise<void> {
  const log = options.log ?? noop;
  const { localDir } = readInfraConfig();
  const services = (['kafka', 's3'] as const).filter((s) => options.only === undefined || options.only[s]);
  if (services.length === 0) return;
  await withLock(localDir, LOCK_TIMEOUT_MS, async () => {
    const state = readState(localDir);
    const stopped = await Promise.all(services.map((service) => stopService(service, localDir, state, log)));
    for (const [i, service] of services.entries()) if (!stopped[i]) log(`${service}: not running`);
    await writeState(localDir, state);
  });
}

/**
 * What runs: mode, pid, ports, data and log locations, and whether each service answers now.
 *
 * @example
 * const { kafka, s3 } = await status();
 * if (!kafka.answering) console.log('run npm run local:up');
 */
export async function status(): Promise<InfraStatus> {
  const config = readInfraConfig();
  const { localDir } = config;
  const state = readState(localDir);

  const kafkaStatus = async (): Promise<ServiceStatus> => {
    if (config.kafka.mode !== 'local') {
      return {
        mode: 'external',
        address: config.kafka.brokers.join(','),
        running: false,
        answering: await probeKafka(config.kafka.brokers, 3000),
      };
    }
    const recorded = state.kafka;
    const port = recorded?.port ?? config.kafka.port;
    const running = recorded !== undefined && isOurProcess(recorded.pid, kafkaMarker(localDir));
    return {
      mode: 'local',
      address: `127.0.0.1:${port}`,
      running,
      answering: running ? await probeKafka([`127.0.0.1:${port}`], 3000) : false,
      ...(running && recorded
        ? { pid: recorded.pid, startedAt: recorded.startedAt, readyMs: recorded.readyMs }
        : {}),
      version: recorded?.version ?? config.kafka.version,
      ports: { broker: port, controller: recorded?.controllerPort ?? config.kafka.controllerPort },
      dataDir: kafkaPaths(localDir).dataDir,
      logFile: kafkaPaths(localDir).logFile,
    };
  };

  const s3Status = async (): Promise<ServiceStatus> => {
    const { s3 } = config;
    if (s3.mode === 'aws')
      return { mode: 'aws', address: `s3.${s3.region}.amazonaws.com`, running: false, answering: undefined };
    if (s3.mode === 'external') {
      return {
        mode: 'external',
        address: s3.endpoint,
        running: false,
        answering: await probeS3(s3.endpoint, s3.region, s3.bucket),
      };
    }
    const recorded = state.s3;
    const port = recorded?.port ?? s3.port;
    const running = recorded !== undefined && isOurProcess(recorded.pid, s3mockMarker(localDir));
    return {
      mode: 'local',
      address: `http://127.0.0.1:${port}`,
      running,
      answering: running
        ? await probeS3(`http://127.0.0.1:${port}`, s3.region, recorded?.bucket ?? s3.bucket)
        : false,
      ...(running && recorded
        ? { pid: recorded.pid, startedAt: recorded.startedAt, readyMs: recorded.readyMs }
        : {}),
      version: recorded?.version ?? s3.version,
      ports: { http: port, https: recorded?.httpsPort ?? s3.httpsPort },
      dataDir: s3mockPaths(localDir).dataDir,
      logFile: s3mockPaths(localDir).logFile,
    };
  };

  const [kafka, s3] = await Promise.all([kafkaStatus(), s3Status()]);
  return { localDir, stateFile: stateFile(localDir), kafka, s3 };
}

/**
 * Fetches the jars of the configured local services (nothing for external ones) without starting
 * anything: what CI runs before the tests.
 *
 * @example
 * await fetchJars({ log: console.log });
 */
export async function fetchJars(options: { log?: Log } = {}): Promise<string[]> {
  const log = options.log ?? noop;
  const { kafka, s3, localDir } = readInfraConfig();
  const dirs: string[] = [];
  await withLock(localDir, LOCK_TIMEOUT_MS, async () => {
    if (kafka.mode === 'local') dirs.push(await ensureJars(localDir, 'kafka', kafka.version, log));
    if (s3.mode === 'local') dirs.push(await ensureJars(localDir, 's3mock', s3.version, log));
  });
  return dirs;
}
