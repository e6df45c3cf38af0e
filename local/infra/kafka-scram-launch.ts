/**
 * The files of the local SASL_SSL broker: the EC2 broker's own boot script
 * (resources/ec2/kafka-broker.sh) run on loopback. Pure functions; kafka-scram.ts runs them.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../paths';

/** The boot script and its admin program, exactly as the stack ships them to the instance. */
export const BROKER_SCRIPT = path.join(PROJECT_ROOT, 'resources', 'ec2', 'kafka-broker.sh');

/** The SCRAM user the harness creates; its password is generated once per `.local`. */
export const LOCAL_SCRAM_USER = 'stock-ticks';

export interface KafkaScramPaths {
  /** `<localDir>/kafka-scram` */
  home: string;
  /** The Apache-release-shaped tarball built from the jar cache, for the script's install step. */
  distFile: string;
  installDir: string;
  /** The script's STATE_DIR: CA, certificates, properties and the log (`data/`). */
  stateDir: string;
  dataDir: string;
  envFile: string;
  /** `{"username","password"}`, the SCRAM secret's format (mode 0600). */
  credentialsFile: string;
  /** `{"certificate"}`, what the script publishes for Lambda's SERVER_ROOT_CA_CERTIFICATE. */
  caSecretFile: string;
  logFile: string;
}

export const kafkaScramPaths = (localDir: string): KafkaScramPaths => {
  const home = path.join(localDir, 'kafka-scram');
  const stateDir = path.join(home, 'state');
  return {
    home,
    distFile: path.join(home, 'dist', 'kafka.tgz'),
    installDir: path.join(home, 'kafka'),
    stateDir,
    dataDir: path.join(stateDir, 'data'),
    envFile: path.join(home, 'broker.env'),
    credentialsFile: path.join(home, 'credentials.json'),
    caSecretFile: path.join(home, 'ca-secret.json'),
    logFile: path.join(home, 'broker.log'),
  };
};

export const kafkaScramMarker = (localDir: string) => `-Dlocal.infra=kafka-scram@${localDir}`;

/** A value for the env file, which the script sources: single-quoted, quotes escaped. */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The script's env file for a loopback broker: the client listener on 127.0.0.1, advertised as
 * `advertisedHost` (127.0.0.1 unless a test wants a wrong one), a small heap.
 */
export function kafkaScramEnvFile(options: {
  version: string;
  distUrl: string;
  distSha512: string;
  paths: KafkaScramPaths;
  ports: { client: number; internal: number; controller: number };
  topic: string;
  partitions: number;
  marker: string;
  java: string;
  advertisedHost?: string;
}): string {
  const { paths, ports } = options;
  const values: Record<string, string | number> = {
    KAFKA_VERSION: options.version,
    KAFKA_DIST_URL: options.distUrl,
    KAFKA_DIST_SHA512: options.distSha512,
    KAFKA_INSTALL_DIR: paths.installDir,
    STATE_DIR: paths.stateDir,
    LISTEN_HOST: '127.0.0.1',
    ADVERTISED_HOST: options.advertisedHost ?? '127.0.0.1',
    CLIENT_PORT: ports.client,
    INTERNAL_PORT: ports.internal,
    CONTROLLER_PORT: ports.controller,
    TOPIC: options.topic,
    TOPIC_PARTITIONS: options.partitions,
    JAVA: options.java,
    KAFKA_HEAP_OPTS: '-Xms128m -Xmx512m',
    KAFKA_JVM_MARKER: options.marker,
    CA_SECRET_FILE: paths.caSecretFile,
  };
  const lines = Object.entries(values).map(([key, value]) => `${key}=${shellQuote(String(value))}`);
  return `# Written by local/infra/kafka-scram.ts on each start.\n${lines.join('\n')}\n`;
}
