/**
 * Local infrastructure: a real Apache Kafka broker (KRaft) and a real S3 server (Adobe S3Mock) on
 * 127.0.0.1, run from Maven Central jars, shared by `npm start`, the tests and the benchmarks; and,
 * only when asked for, Trino (Athena's engine) with a catalog over that S3.
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
 * const sql = await up({ services: ['s3', 'trino'] });  // Trino too (never started by default)
 * sql.trino?.url;                                       // 'http://127.0.0.1:28080'
 *
 * Configuration: environment variables, documented in ./config.ts. Each service is a driver
 * (./driver.ts); the functions below run the list of them through one generic lifecycle.
 */
import { readInfraConfig } from './config';
import type { Log } from './driver';
import { envFor } from './env';
import { kafkaDriver } from './kafka';
import { kafkaScramDriver, localScramConnection } from './kafka-scram';
import { fetchServiceJars, serviceStatuses, startServices, stopServices } from './lifecycle';
import { s3mockDriver } from './s3mock';
import { stateFile } from './state';
import { fetchTrino, trinoDriver } from './trino';
import type { InfraStatus, LocalEnv } from './types';

export type { InfraConfig } from './config';
export { readInfraConfig } from './config';
export { envFor, kafkaClientConfig, s3ClientConfig } from './env';
export * from './errors';
export type { InfraStatus, LocalEnv, LocalKafka, LocalS3, LocalTrino, ServiceStatus } from './types';

/** The services, in the order they are logged, started and reported. A new one is listed here. */
const DRIVERS = [kafkaDriver, kafkaScramDriver, s3mockDriver, trinoDriver] as const;

export type Service = (typeof DRIVERS)[number]['name'];

/** What `up()` starts when not told: Trino (~0.5 GB, 10-30 s to start) only on request. */
export const DEFAULT_SERVICES: readonly Service[] = ['kafka', 's3'];

export { LOCAL_SCRAM_TOPIC } from './kafka-scram';

const noop: Log = () => {};

/**
 * Starts the local Kafka broker and S3Mock (or the `services` named) unless they already run
 * (reused when alive and answering; a dead or deaf leftover is stopped and started afresh).
 * Services given by `KAFKA_BROKERS`, `S3_ENDPOINT` or `TRINO_URL` are used as they are. Trino is
 * started only when `services` names it. The processes are detached: they outlive the caller
 * until `down()`.
 *
 * @example
 * const env = await up({ log: (line) => console.log(line) });
 * env.kafkaBrokers; // ['127.0.0.1:29092']
 * env.started;      // { kafka: true, s3: false } when S3Mock was already running
 * await up({ services: ['s3'] }); // only S3: the brokers in the result may not be running
 * await up({ services: ['s3', 'trino'] }); // S3 and Trino (whose catalog reads that S3)
 */
export async function up(
  options: {
    log?: Log;
    services?: readonly Service[];
    /** The environment to read the configuration from (default: this process's, as it is now). */
    env?: Readonly<Record<string, string | undefined>>;
  } = {},
): Promise<LocalEnv> {
  const config = readInfraConfig(options.env);
  // A caller that needs only S3 (the query CLI, quarantine) need not wait for a broker.
  const wanted = options.services ?? DEFAULT_SERVICES;
  const { trino, kafkaScram, ...others } = await startServices(DRIVERS, config, {
    log: options.log ?? noop,
    wanted,
  });
  // `started.trino` and `started.kafkaScram` only when asked for, so that `env.trino` and
  // `down({ only })` leave them alone.
  const env = envFor(config, {
    ...others,
    ...(wanted.includes('trino') ? { trino } : {}),
    ...(wanted.includes('kafkaScram') ? { kafkaScram } : {}),
  });
  if (wanted.includes('kafkaScram')) {
    env.kafkaScram = await localScramConnection(config.localDir, config.kafkaScram.port);
  }
  return env;
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
  const { localDir } = readInfraConfig();
  await stopServices(DRIVERS, localDir, { only: options.only, log: options.log ?? noop });
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
  const services = await serviceStatuses(DRIVERS, config);
  return { localDir: config.localDir, stateFile: stateFile(config.localDir), ...services };
}

/**
 * Fetches the jars of the configured local services (nothing for external ones) without starting
 * anything: what CI runs before the tests. The Trino server (~450 MB on a first fetch) only with
 * `trino: true`.
 *
 * @example
 * await fetchJars({ log: console.log });
 * await fetchJars({ log: console.log, trino: true }); // also Trino, e.g. before its smoke test
 */
export async function fetchJars(options: { log?: Log; trino?: boolean } = {}): Promise<string[]> {
  const config = readInfraConfig();
  const log = options.log ?? noop;
  const dirs = await fetchServiceJars(DRIVERS, config, log);
  const trino = options.trino ? await fetchTrino(config, log) : undefined;
  return trino === undefined ? dirs : [...dirs, trino];
}
