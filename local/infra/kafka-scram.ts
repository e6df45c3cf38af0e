/**
 * The SASL_SSL driver: the EC2 broker's own boot script (resources/ec2/kafka-broker.sh) run on
 * 127.0.0.1 with the jar cache of the plaintext broker. Its install step downloads a tarball in
 * the Apache release's shape built from those jars and checks its SHA-512; configure, run and
 * provision are the very steps the instance runs. Started only when asked for (`kafkaScram`).
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PORT_VARIABLES } from './config';
import type { LocalSettings, ServiceDriver, StartContext, Started } from './driver';
import { probeKafka } from './kafka';
import {
  BROKER_SCRIPT,
  type KafkaScramPaths,
  kafkaScramEnvFile,
  kafkaScramMarker,
  kafkaScramPaths,
  LOCAL_SCRAM_USER,
} from './kafka-scram-launch';
import { launchUntilReady, seconds, startFailed } from './launch';
import { lastLines } from './proc';
import type { LocalKafka } from './types';

/** `localDir` among the options: the probe reads the credentials and CA kept there. */
type KafkaScramSettings = LocalSettings<
  'client' | 'internal' | 'controller',
  'topic' | 'partitions' | 'localDir'
>;

/** The topic the boot script provisions, as serverless.yml's defaults name it. */
export const LOCAL_SCRAM_TOPIC = { topic: 'ticks', partitions: 3 } as const;

/** The generated credentials, made once per `.local` and kept (mode 0600). */
async function credentials(paths: KafkaScramPaths): Promise<{ username: string; password: string }> {
  if (existsSync(paths.credentialsFile)) return JSON.parse(await readFile(paths.credentialsFile, 'utf8'));
  const value = { username: LOCAL_SCRAM_USER, password: randomBytes(24).toString('base64url') };
  await mkdir(paths.home, { recursive: true });
  await writeFile(paths.credentialsFile, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  return value;
}

/** What a client needs to reach the local SASL_SSL broker, once it has been provisioned. */
export async function localScramConnection(localDir: string, port: number): Promise<LocalKafka> {
  const paths = kafkaScramPaths(localDir);
  const { username, password } = await credentials(paths);
  const ca = existsSync(paths.caSecretFile)
    ? (JSON.parse(await readFile(paths.caSecretFile, 'utf8')) as { certificate: string }).certificate
    : undefined;
  return {
    brokers: [`127.0.0.1:${port}`],
    ...(ca === undefined ? {} : { ssl: { ca } }),
    sasl: { username, password },
  };
}

async function sha512(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { timeout: 180_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error) reject(Object.assign(error, { output }));
        else resolve(output);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * The tarball the install step downloads: `kafka_2.13-<version>/libs/*.jar`, like the Apache
 * release, from the jar cache (hard links where the file system allows, copies elsewhere).
 */
async function buildDist(jarsDir: string, version: string, paths: KafkaScramPaths): Promise<string> {
  const sumFile = `${paths.distFile}.sha512`;
  const recorded = existsSync(sumFile) ? (await readFile(sumFile, 'utf8')).trim().split(' ') : [];
  if (recorded[1] === version && existsSync(paths.distFile)) return recorded[0]!;
  const stage = path.join(path.dirname(paths.distFile), 'stage');
  const top = `kafka_2.13-${version}`;
  await rm(stage, { recursive: true, force: true });
  await mkdir(path.join(stage, top, 'libs'), { recursive: true });
  for (const jar of (await readdir(jarsDir)).filter((name) => name.endsWith('.jar'))) {
    const [from, to] = [path.join(jarsDir, jar), path.join(stage, top, 'libs', jar)];
    await link(from, to).catch(() => copyFile(from, to));
  }
  await run('tar', ['-czf', paths.distFile, '-C', stage, top]);
  await rm(stage, { recursive: true, force: true });
  const sum = await sha512(paths.distFile);
  await writeFile(sumFile, `${sum} ${version}\n`);
  return sum;
}

/** Runs a step of the boot script; a failure quotes what the script printed. */
async function step(name: string, envFile: string, input?: string): Promise<string> {
  try {
    return await run('bash', [BROKER_SCRIPT, name, envFile], input);
  } catch (error) {
    const output = (error as { output?: string }).output ?? '';
    throw startFailed(
      `SASL_SSL Kafka broker (${path.basename(BROKER_SCRIPT)} ${name})`,
      'its output',
      lastLines(output, 20) || (error as Error).message,
      'failed',
      { cause: error },
    );
  }
}

/** Whether a SCRAM client that trusts only the local CA gets the cluster's metadata. */
async function probeScram(localDir: string, port: number, timeoutMs: number): Promise<boolean> {
  const connection = await localScramConnection(localDir, port);
  if (!connection.ssl || !connection.sasl) return false;
  return probeKafka(connection.brokers, timeoutMs, {
    ssl: { ca: [connection.ssl.ca] },
    sasl: { mechanism: 'scram-sha-512', ...connection.sasl },
  });
}

/**
 * install, configure, run (detached) until the loopback admin listener answers, then provision
 * with the generated credentials on stdin: the instance's boot, minus the OS and AWS steps.
 */
async function startKafkaScram(settings: KafkaScramSettings, context: StartContext): Promise<Started> {
  const { localDir, jarsDir, java } = context;
  const paths = kafkaScramPaths(localDir);
  await mkdir(path.dirname(paths.distFile), { recursive: true });
  const distSha512 = await buildDist(jarsDir, settings.version, paths);
  await writeFile(
    paths.envFile,
    kafkaScramEnvFile({
      version: settings.version,
      distUrl: pathToFileURL(paths.distFile).href,
      distSha512,
      paths,
      ports: settings.ports,
      topic: settings.options.topic,
      partitions: Number(settings.options.partitions),
      marker: kafkaScramMarker(localDir),
      java,
    }),
  );
  const secret = await credentials(paths);
  await step('install', paths.envFile);
  await step('configure', paths.envFile);
  await rm(path.join(paths.dataDir, '.lock'), { force: true });
  const { readyMs } = await launchUntilReady({
    product: 'SASL_SSL Kafka broker',
    command: 'bash',
    args: [BROKER_SCRIPT, 'run', paths.envFile],
    logFile: paths.logFile,
    cwd: paths.home,
    timeoutMs: context.timeoutMs,
    probe: (timeoutMs) => probeKafka([`127.0.0.1:${settings.ports.internal}`], timeoutMs),
    onSpawn: context.onSpawn,
  });
  const provisioned = Date.now();
  await step('provision', paths.envFile, JSON.stringify(secret));
  await chmod(paths.caSecretFile, 0o644);
  return {
    readyMs,
    detail: `, provisioned (SCRAM user, topic, TLS check) in ${seconds(Date.now() - provisioned)}`,
  };
}

export const kafkaScramDriver: ServiceDriver<KafkaScramSettings, 'kafkaScram'> = {
  name: 'kafkaScram',
  product: 'SASL_SSL Kafka broker (the EC2 boot script)',
  resolve: ({ kafkaScram, localDir }) => ({
    mode: 'local',
    settings: {
      version: kafkaScram.version,
      ports: {
        client: kafkaScram.port,
        internal: kafkaScram.internalPort,
        controller: kafkaScram.controllerPort,
      },
      options: {
        topic: LOCAL_SCRAM_TOPIC.topic,
        partitions: String(LOCAL_SCRAM_TOPIC.partitions),
        localDir,
      },
    },
  }),
  marker: kafkaScramMarker,
  paths: (localDir) => {
    const { dataDir, logFile } = kafkaScramPaths(localDir);
    return { dataDir, logFile };
  },
  ports: {
    client: { label: 'SASL_SSL Kafka broker', variable: PORT_VARIABLES.kafkaScramPort },
    internal: { label: 'SASL_SSL Kafka broker (admin)', variable: PORT_VARIABLES.kafkaScramInternalPort },
    controller: { label: 'SASL_SSL Kafka controller', variable: PORT_VARIABLES.kafkaScramControllerPort },
  },
  address: (settings) => `127.0.0.1:${settings.ports.client} (SASL_SSL)`,
  probe: (settings, timeoutMs) => probeScram(settings.options.localDir, settings.ports.client, timeoutMs),
  jars: 'kafka',
  start: startKafkaScram,
  afterStop: (localDir) => rm(path.join(kafkaScramPaths(localDir).dataDir, '.lock'), { force: true }),
};
