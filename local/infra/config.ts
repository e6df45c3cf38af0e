/**
 * The settings of the local infrastructure, read from the environment in one place.
 *
 * Precedence: a variable that is set (and not empty) wins; otherwise the default below. The whole
 * configuration is validated at once, and a bad value fails with the variable's name and what it
 * accepts. `KAFKA_BROKERS` and `S3_ENDPOINT` switch a service to "external": nothing is started.
 *
 * | variable                      | default         | meaning                                              |
 * |-------------------------------|-----------------|------------------------------------------------------|
 * | KAFKA_BROKERS                 | (unset)         | use this cluster (`host:port,...`), start no broker  |
 * | LOCAL_KAFKA_VERSION           | 4.1.2           | Apache Kafka release fetched from Maven Central      |
 * | LOCAL_KAFKA_PORT              | 29092           | broker listener on 127.0.0.1                         |
 * | LOCAL_KAFKA_CONTROLLER_PORT   | 29093           | KRaft controller listener on 127.0.0.1               |
 * | S3_ENDPOINT                   | (unset)         | URL of an S3 server to use, or `aws` for real S3     |
 * | LOCAL_S3MOCK_VERSION          | 5.2.0           | Adobe S3Mock release fetched from Maven Central      |
 * | LOCAL_S3_PORT                 | 29090           | S3Mock http on 127.0.0.1 (the endpoint)              |
 * | LOCAL_S3_HTTPS_PORT           | 29091           | S3Mock https on 127.0.0.1 (cannot be turned off)     |
 * | TICKS_BUCKET                  | ticks-local     | bucket created at start-up                           |
 * | AWS_REGION/AWS_DEFAULT_REGION | us-east-1       | region for clients and S3Mock                        |
 * | LOCAL_DIR                     | <repo>/.local   | jars, data, logs and the state file                  |
 * | LOCAL_START_TIMEOUT_SECONDS   | 120             | deadline for a service to become ready               |
 * | JAVA_HOME                     | (unset)         | `$JAVA_HOME/bin/java` instead of `java` on PATH      |
 */
import path from 'node:path';
import { InfraConfigError } from './errors';

/** Defaults in one place; exported for the docs and tests. */
export const DEFAULTS = {
  kafkaVersion: '4.1.2',
  kafkaPort: 29092,
  kafkaControllerPort: 29093,
  s3mockVersion: '5.2.0',
  s3Port: 29090,
  s3HttpsPort: 29091,
  bucket: 'ticks-local',
  region: 'us-east-1',
  startTimeoutSeconds: 120,
} as const;

/** The environment variable behind each port, for messages that tell the user what to change. */
export const PORT_VARIABLES = {
  kafkaPort: 'LOCAL_KAFKA_PORT',
  kafkaControllerPort: 'LOCAL_KAFKA_CONTROLLER_PORT',
  s3Port: 'LOCAL_S3_PORT',
  s3HttpsPort: 'LOCAL_S3_HTTPS_PORT',
} as const;

export type KafkaConfig =
  | { mode: 'external'; brokers: string[] }
  | { mode: 'local'; version: string; port: number; controllerPort: number };

export type S3Config =
  | { mode: 'aws'; bucket: string; region: string }
  | { mode: 'external'; endpoint: string; bucket: string; region: string }
  | { mode: 'local'; version: string; port: number; httpsPort: number; bucket: string; region: string };

export interface InfraConfig {
  kafka: KafkaConfig;
  s3: S3Config;
  /** Root of everything the module writes: `jars/`, `kafka/`, `s3/`, the state and lock files. */
  localDir: string;
  startTimeoutMs: number;
  /** The `java` executable to run. */
  java: string;
}

type Env = Record<string, string | undefined>;

const VERSION = /^\d+\.\d+\.\d+([.-][0-9A-Za-z.-]+)?$/;
// S3 bucket naming rules (general purpose buckets), without the rarely relevant reserved prefixes.
const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/;

/** The repository root, two levels above this file (local/infra/). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1024 || value > 65535) {
    throw new InfraConfigError(name, raw, 'a TCP port number from 1024 to 65535');
  }
  return value;
}

function version(env: Env, name: string, fallback: string): string {
  const raw = read(env, name) ?? fallback;
  if (!VERSION.test(raw)) throw new InfraConfigError(name, raw, 'a release version such as 4.1.2');
  return raw;
}

/** Parses `KAFKA_BROKERS` (`host:port[,host:port...]`). */
export function parseBrokers(raw: string): string[] {
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers.length === 0 || !brokers.every((b) => HOST_PORT.test(b))) {
    throw new InfraConfigError('KAFKA_BROKERS', raw, 'a comma-separated list of host:port');
  }
  return brokers;
}

function s3Endpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new InfraConfigError('S3_ENDPOINT', raw, '`aws` or an http(s) URL such as http://127.0.0.1:9000', {
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InfraConfigError('S3_ENDPOINT', raw, '`aws` or an http(s) URL such as http://127.0.0.1:9000');
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Reads and validates the configuration from an environment (defaults to `process.env`).
 *
 * @example
 * const config = readInfraConfig({ LOCAL_KAFKA_PORT: '39092' });
 * config.kafka; // { mode: 'local', version: '4.1.2', port: 39092, controllerPort: 29093 }
 */
export function readInfraConfig(env: Env = process.env): InfraConfig {
  const region = read(env, 'AWS_REGION') ?? read(env, 'AWS_DEFAULT_REGION') ?? DEFAULTS.region;
  const bucket = read(env, 'TICKS_BUCKET') ?? DEFAULTS.bucket;
  if (!BUCKET.test(bucket)) {
    throw new InfraConfigError('TICKS_BUCKET', bucket, 'an S3 bucket name (3-63 of a-z, 0-9, dot, hyphen)');
  }

  const brokers = read(env, 'KAFKA_BROKERS');
  const kafka: KafkaConfig =
    brokers !== undefined
      ? { mode: 'external', brokers: parseBrokers(brokers) }
      : {
          mode: 'local',
          version: version(env, 'LOCAL_KAFKA_VERSION', DEFAULTS.kafkaVersion),
          port: port(env, PORT_VARIABLES.kafkaPort, DEFAULTS.kafkaPort),
          controllerPort: port(env, PORT_VARIABLES.kafkaControllerPort, DEFAULTS.kafkaControllerPort),
        };

  const endpoint = read(env, 'S3_ENDPOINT');
  const s3: S3Config =
    endpoint === undefined
      ? {
          mode: 'local',
          version: version(env, 'LOCAL_S3MOCK_VERSION', DEFAULTS.s3mockVersion),
          port: port(env, PORT_VARIABLES.s3Port, DEFAULTS.s3Port),
          httpsPort: port(env, PORT_VARIABLES.s3HttpsPort, DEFAULTS.s3HttpsPort),
          bucket,
          region,
        }
      : endpoint.toLowerCase() === 'aws'
        ? { mode: 'aws', bucket, region }
        : { mode: 'external', endpoint: s3Endpoint(endpoint), bucket, region };

  // Every local port must be distinct, or the second service would fail to bind.
  const ports: [string, number][] = [];
  if (kafka.mode === 'local') {
    ports.push(
      [PORT_VARIABLES.kafkaPort, kafka.port],
      [PORT_VARIABLES.kafkaControllerPort, kafka.controllerPort],
    );
  }
  if (s3.mode === 'local') {
    ports.push([PORT_VARIABLES.s3Port, s3.port], [PORT_VARIABLES.s3HttpsPort, s3.httpsPort]);
  }
  for (const [i, [name, value]] of ports.entries()) {
    const clash = ports.slice(0, i).find(([, other]) => other === value);
    if (clash) throw new InfraConfigError(name, String(value), `a port different from ${clash[0]}`);
  }

  const rawTimeout = read(env, 'LOCAL_START_TIMEOUT_SECONDS');
  const timeoutSeconds = rawTimeout === undefined ? DEFAULTS.startTimeoutSeconds : Number(rawTimeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new InfraConfigError(
      'LOCAL_START_TIMEOUT_SECONDS',
      rawTimeout ?? '',
      'a positive number of seconds',
    );
  }

  const javaHome = read(env, 'JAVA_HOME');
  return {
    kafka,
    s3,
    localDir: path.resolve(REPO_ROOT, read(env, 'LOCAL_DIR') ?? '.local'),
    startTimeoutMs: timeoutSeconds * 1000,
    java: javaHome === undefined ? 'java' : path.join(javaHome, 'bin', 'java'),
  };
}
