/**
 * The settings of the local infrastructure, read from the environment in one place.
 *
 * Precedence: a variable that is set (and not empty) wins; otherwise the default below. Every
 * variable is checked before anything fails, so one error lists every bad value with what it
 * accepts. `KAFKA_BROKERS` and `S3_ENDPOINT` switch a service to "external": nothing is started.
 *
 * | variable                      | default         | meaning                                              |
 * |-------------------------------|-----------------|------------------------------------------------------|
 * | KAFKA_BROKERS                 | (unset)         | use this cluster (`host:port,...`), start no broker  |
 * | LOCAL_KAFKA_VERSION           | 4.1.2           | Apache Kafka release fetched from Maven Central      |
 * | LOCAL_KAFKA_PORT              | 29092           | broker listener on 127.0.0.1                         |
 * | LOCAL_KAFKA_CONTROLLER_PORT   | 29093           | KRaft controller listener on 127.0.0.1               |
 * | LOCAL_KAFKA_SCRAM_PORT        | 29292           | the EC2 broker's SASL_SSL listener, run locally      |
 * | LOCAL_KAFKA_SCRAM_INTERNAL_PORT | 29293         | its loopback admin listener                          |
 * | LOCAL_KAFKA_SCRAM_CONTROLLER_PORT | 29294       | its KRaft controller listener                        |
 * | S3_ENDPOINT                   | (unset)         | URL of an S3 server to use, or `aws` for real S3     |
 * | LOCAL_S3MOCK_VERSION          | 5.2.0           | Adobe S3Mock 5.x release fetched from Maven Central  |
 * | LOCAL_S3_PORT                 | 29090           | S3Mock http on 127.0.0.1 (the endpoint)              |
 * | LOCAL_S3_HTTPS_PORT           | 29091           | S3Mock https on 127.0.0.1 (cannot be turned off)     |
 * | TICKS_BUCKET                  | ticks-local     | bucket created at start-up                           |
 * | AWS_REGION/AWS_DEFAULT_REGION | us-east-1       | region for clients and S3Mock                        |
 * | TRINO_URL                     | (unset)         | use this Trino (`http://host:port`), start none      |
 * | LOCAL_TRINO_VERSION           | 476             | Trino release fetched from Maven Central             |
 * | LOCAL_TRINO_PORT              | 28080           | Trino coordinator http on 127.0.0.1                  |
 * | TRINO_JAVA_HOME / TRINO_JAVA  | (unset)         | the JDK 24+ (home / `java`) that runs Trino          |
 * | LOCAL_DIR                     | <repo>/.local   | jars, data, logs and the state file                  |
 * | LOCAL_START_TIMEOUT_SECONDS   | 120             | deadline for a service to become ready               |
 * | JAVA_HOME                     | (unset)         | `$JAVA_HOME/bin/java` instead of `java` on PATH      |
 *
 * The SASL_SSL broker (`kafkaScram`, kafka-scram.ts) runs the EC2 broker's boot script on this
 * machine, with the jars of LOCAL_KAFKA_VERSION; like Trino it is started only when asked for.
 *
 * Trino is started only when asked for (`up({ services: [..., 'trino'] })`); without TRINO_JAVA_HOME
 * or TRINO_JAVA it runs on the first Java 24+ of JAVA_HOME, PATH and the usual JDK folders
 * (trino-java.ts).
 */
import path from 'node:path';
import { ConfigError, EnvReader } from '../../shared/config';
import { PROJECT_ROOT } from '../paths';
import { LocalInfraError } from './errors';

/** Defaults in one place; exported for the docs and tests. */
export const DEFAULTS = {
  kafkaVersion: '4.1.2',
  kafkaPort: 29092,
  kafkaControllerPort: 29093,
  kafkaScramPort: 29292,
  kafkaScramInternalPort: 29293,
  kafkaScramControllerPort: 29294,
  s3mockVersion: '5.2.0',
  s3Port: 29090,
  s3HttpsPort: 29091,
  trinoVersion: '476',
  trinoPort: 28080,
  bucket: 'ticks-local',
  region: 'us-east-1',
  startTimeoutSeconds: 120,
} as const;

/** The environment variable behind each port, for messages that tell the user what to change. */
export const PORT_VARIABLES = {
  kafkaPort: 'LOCAL_KAFKA_PORT',
  kafkaControllerPort: 'LOCAL_KAFKA_CONTROLLER_PORT',
  kafkaScramPort: 'LOCAL_KAFKA_SCRAM_PORT',
  kafkaScramInternalPort: 'LOCAL_KAFKA_SCRAM_INTERNAL_PORT',
  kafkaScramControllerPort: 'LOCAL_KAFKA_SCRAM_CONTROLLER_PORT',
  s3Port: 'LOCAL_S3_PORT',
  s3HttpsPort: 'LOCAL_S3_HTTPS_PORT',
  trinoPort: 'LOCAL_TRINO_PORT',
} as const;

export type KafkaConfig =
  | { mode: 'external'; brokers: string[] }
  | { mode: 'local'; version: string; port: number; controllerPort: number };

/** The EC2 broker's boot script run locally: SASL_SSL/SCRAM-SHA-512 on loopback. */
export interface KafkaScramConfig {
  mode: 'local';
  version: string;
  port: number;
  internalPort: number;
  controllerPort: number;
}

export type S3Config =
  | { mode: 'aws'; bucket: string; region: string }
  | { mode: 'external'; endpoint: string; bucket: string; region: string }
  | { mode: 'local'; version: string; port: number; httpsPort: number; bucket: string; region: string };

/** The Java that runs Trino when the user names one: an executable and the variable(s) it came from. */
export interface TrinoJavaSetting {
  java: string;
  variable: string;
}

export type TrinoConfig =
  | { mode: 'external'; url: string }
  | { mode: 'local'; version: string; port: number; java: TrinoJavaSetting | undefined };

export interface InfraConfig {
  kafka: KafkaConfig;
  /** Started only when asked for by name, like Trino. */
  kafkaScram: KafkaScramConfig;
  s3: S3Config;
  /** Started only when asked for by name; see index.ts. */
  trino: TrinoConfig;
  /** Root of everything the module writes: `jars/`, `kafka/`, `s3/`, the state and lock files. */
  localDir: string;
  startTimeoutMs: number;
  /** The `java` executable to run. */
  java: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const VERSION = /^\d+\.\d+\.\d+([.-][0-9A-Za-z.-]+)?$/;
// Trino numbers its releases with one integer (476), sometimes with a patch (476.1).
const TRINO_VERSION = /^\d{3,}(\.\d+)?$/;
// S3 bucket naming rules (general purpose buckets), without the rarely relevant reserved prefixes.
const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/;
const DIGITS = /^\d+$/;

/** The repository root, two levels above this file (local/infra/). */

/** An optional value matching `pattern`; a bad one is recorded as a problem that says what is `expected`. */
function matching(env: EnvReader, name: string, fallback: string, pattern: RegExp, expected: string): string {
  const raw = env.optional(name) ?? fallback;
  if (!pattern.test(raw)) env.problem(name, `is "${raw}": expected ${expected}`);
  return raw;
}

/** A release version such as 4.1.2. */
const version = (env: EnvReader, name: string, fallback: string) =>
  matching(env, name, fallback, VERSION, 'a release version such as 4.1.2');

/** A TCP port from 1024 to 65535, written in digits only ("2e4" is no port). */
function port(env: EnvReader, name: string, fallback: number): number {
  const raw = env.optional(name);
  if (raw !== undefined && !DIGITS.test(raw)) {
    env.problem(name, `is "${raw}": expected a TCP port number from 1024 to 65535`);
    return fallback;
  }
  return env.int(name, { default: fallback, min: 1024, max: 65535 });
}

function readKafka(env: EnvReader): KafkaConfig {
  if (env.optional('KAFKA_BROKERS') !== undefined) {
    const example = 'b-1.example:9092,b-2.example:9092';
    return { mode: 'external', brokers: env.list('KAFKA_BROKERS', { item: HOST_PORT, example }) };
  }
  return {
    mode: 'local',
    version: version(env, 'LOCAL_KAFKA_VERSION', DEFAULTS.kafkaVersion),
    port: port(env, PORT_VARIABLES.kafkaPort, DEFAULTS.kafkaPort),
    controllerPort: port(env, PORT_VARIABLES.kafkaControllerPort, DEFAULTS.kafkaControllerPort),
  };
}

/** The SASL_SSL broker runs the plaintext broker's Kafka version (read once, reported once). */
function readKafkaScram(env: EnvReader, kafka: KafkaConfig): KafkaScramConfig {
  return {
    mode: 'local',
    version:
      kafka.mode === 'local' ? kafka.version : version(env, 'LOCAL_KAFKA_VERSION', DEFAULTS.kafkaVersion),
    port: port(env, PORT_VARIABLES.kafkaScramPort, DEFAULTS.kafkaScramPort),
    internalPort: port(env, PORT_VARIABLES.kafkaScramInternalPort, DEFAULTS.kafkaScramInternalPort),
    controllerPort: port(env, PORT_VARIABLES.kafkaScramControllerPort, DEFAULTS.kafkaScramControllerPort),
  };
}

function readS3(env: EnvReader): S3Config {
  const region = env.optional('AWS_REGION') ?? env.optional('AWS_DEFAULT_REGION') ?? DEFAULTS.region;
  const bucketRule = 'an S3 bucket name (3-63 of a-z, 0-9, dot, hyphen)';
  const bucket = matching(env, 'TICKS_BUCKET', DEFAULTS.bucket, BUCKET, bucketRule);
  const endpoint = env.optional('S3_ENDPOINT');
  if (endpoint?.toLowerCase() === 'aws') return { mode: 'aws', bucket, region };
  if (endpoint !== undefined) {
    const protocol = URL.canParse(endpoint) ? new URL(endpoint).protocol : undefined;
    if (protocol !== 'http:' && protocol !== 'https:') {
      const expected = '`aws` or an http(s) URL such as http://127.0.0.1:9000';
      env.problem('S3_ENDPOINT', `is "${endpoint}": expected ${expected}`);
    }
    return { mode: 'external', endpoint: endpoint.replace(/\/+$/, ''), bucket, region };
  }
  const s3mockVersion = version(env, 'LOCAL_S3MOCK_VERSION', DEFAULTS.s3mockVersion);
  // Only 5.x can keep its http port on loopback (s3mock-launch.ts); 4.x would bind it everywhere.
  if (VERSION.test(s3mockVersion) && Number.parseInt(s3mockVersion, 10) < 5) {
    env.problem('LOCAL_S3MOCK_VERSION', `is "${s3mockVersion}": expected S3Mock 5.0.0 or newer`);
  }
  return {
    mode: 'local',
    version: s3mockVersion,
    port: port(env, PORT_VARIABLES.s3Port, DEFAULTS.s3Port),
    httpsPort: port(env, PORT_VARIABLES.s3HttpsPort, DEFAULTS.s3HttpsPort),
    bucket,
    region,
  };
}

/** An http(s) URL, without trailing slashes; a problem when it is none. */
function httpUrl(env: EnvReader, name: string, raw: string, example: string): string {
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') {
    env.problem(name, `is "${raw}": expected an http(s) URL such as ${example}`);
  }
  return raw.replace(/\/+$/, '');
}

function readTrino(env: EnvReader): TrinoConfig {
  const url = env.optional('TRINO_URL');
  if (url !== undefined)
    return { mode: 'external', url: httpUrl(env, 'TRINO_URL', url, 'http://127.0.0.1:8080') };
  const javaHome = env.optional('TRINO_JAVA_HOME');
  const javaExecutable = env.optional('TRINO_JAVA');
  if (javaHome !== undefined && javaExecutable !== undefined) {
    env.problem('TRINO_JAVA', 'is set together with TRINO_JAVA_HOME: expected only one of them');
  }
  let java: TrinoJavaSetting | undefined;
  if (javaExecutable !== undefined) java = { java: javaExecutable, variable: 'TRINO_JAVA' };
  else if (javaHome !== undefined)
    java = { java: path.join(javaHome, 'bin', 'java'), variable: 'TRINO_JAVA_HOME' };
  return {
    mode: 'local',
    version: matching(
      env,
      'LOCAL_TRINO_VERSION',
      DEFAULTS.trinoVersion,
      TRINO_VERSION,
      'a Trino release such as 476',
    ),
    port: port(env, PORT_VARIABLES.trinoPort, DEFAULTS.trinoPort),
    java,
  };
}

/** Every local port must be distinct, or the second service would fail to bind. */
function checkDistinctPorts(
  env: EnvReader,
  { kafka, kafkaScram, s3, trino }: Pick<InfraConfig, 'kafka' | 'kafkaScram' | 's3' | 'trino'>,
): void {
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
  // Trino starts only when asked for: its default port must not make a Kafka or S3 port that
  // happens to equal it an error for everyone else. A port the user chose for it is checked.
  if (trino.mode === 'local' && env.has(PORT_VARIABLES.trinoPort)) {
    ports.push([PORT_VARIABLES.trinoPort, trino.port]);
  }
  // The same for the SASL_SSL broker, also started only when asked for.
  for (const [variable, port] of [
    [PORT_VARIABLES.kafkaScramPort, kafkaScram.port],
    [PORT_VARIABLES.kafkaScramInternalPort, kafkaScram.internalPort],
    [PORT_VARIABLES.kafkaScramControllerPort, kafkaScram.controllerPort],
  ] as const) {
    if (env.has(variable)) ports.push([variable, port]);
  }
  for (const [i, [name, value]] of ports.entries()) {
    const clash = ports.slice(0, i).find(([, other]) => other === value);
    if (clash) env.problem(name, `is "${value}": expected a port different from ${clash[0]}`);
  }
}

/**
 * Reads and validates the configuration from an environment (defaults to `process.env`). A bad
 * configuration throws one LocalInfraError listing every problem; its `cause` is the ConfigError
 * of the shared reader, whose `problems` hold them one by one.
 *
 * @example
 * const config = readInfraConfig({ LOCAL_KAFKA_PORT: '39092' });
 * config.kafka; // { mode: 'local', version: '4.1.2', port: 39092, controllerPort: 29093 }
 */
export function readInfraConfig(env: Env = process.env): InfraConfig {
  const reader = new EnvReader(env);
  const kafka = readKafka(reader);
  const kafkaScram = readKafkaScram(reader, kafka);
  const s3 = readS3(reader);
  const trino = readTrino(reader);
  checkDistinctPorts(reader, { kafka, kafkaScram, s3, trino });
  const rawTimeout = reader.optional('LOCAL_START_TIMEOUT_SECONDS');
  const timeoutSeconds = rawTimeout === undefined ? DEFAULTS.startTimeoutSeconds : Number(rawTimeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    reader.problem(
      'LOCAL_START_TIMEOUT_SECONDS',
      `is "${rawTimeout}": expected a positive number of seconds`,
    );
  }
  const javaHome = reader.optional('JAVA_HOME');
  const localDir = path.resolve(PROJECT_ROOT, reader.optional('LOCAL_DIR') ?? '.local');
  try {
    reader.done();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new LocalInfraError(
      'The local infrastructure settings are invalid; fix these environment variables ' +
        `(documented in local/infra/config.ts):\n  - ${error.problems.join('\n  - ')}`,
      { cause: error },
    );
  }
  return {
    kafka,
    kafkaScram,
    s3,
    trino,
    localDir,
    startTimeoutMs: timeoutSeconds * 1000,
    java: javaHome === undefined ? 'java' : path.join(javaHome, 'bin', 'java'),
  };
}
