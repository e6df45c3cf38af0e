/**
 * The Kafka driver: a single-node Apache Kafka in KRaft mode on 127.0.0.1, run from the Maven
 * Central jars (see kafka-launch.ts for its files and command line), or the cluster named by
 * `KAFKA_BROKERS`, which is only probed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { PORT_VARIABLES } from './config';
import type { LocalSettings, ServiceDriver, StartContext, Started } from './driver';
import {
  type KafkaPaths,
  kafkaJavaArgs,
  kafkaLog4j2Properties,
  kafkaMarker,
  kafkaPaths,
  kafkaServerProperties,
  newClusterId,
} from './kafka-launch';
import { exitedWhileStarting, launchUntilReady, seconds, startFailed } from './launch';
import { lastLines } from './proc';

type KafkaSettings = LocalSettings<'broker' | 'controller', never>;

/**
 * Asks a cluster for its metadata; true when a broker and an active controller answer within the
 * timeout. `login` adds TLS and SASL for a secured listener.
 */
export async function probeKafka(
  brokers: string[],
  timeoutMs: number,
  login: Pick<KafkaConfig, 'ssl' | 'sasl'> = {},
): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'local-infra-probe',
    brokers,
    ...login,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, login.ssl ? 2000 : 1000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  // A hard deadline on top of kafkajs's own timeouts: a stopped JVM accepts connections (the
  // kernel's backlog) and never answers.
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs + 1000);
  });
  const probe = (async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  })().catch(() => false);
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
    void admin.disconnect().catch(() => {});
  }
}

/** Formats the storage directory unless it already holds a formatted log; true when it formatted. */
async function formatStorage(
  java: string,
  jarsDir: string,
  paths: KafkaPaths,
  marker: string,
): Promise<boolean> {
  if (existsSync(path.join(paths.dataDir, 'meta.properties'))) return false;
  const args = kafkaJavaArgs({
    jarsDir,
    paths,
    marker,
    mainClass: 'kafka.tools.StorageTool',
    args: ['format', '-t', newClusterId(), '-c', paths.propsFile],
    logLevel: 'WARN',
  });
  return new Promise<boolean>((resolve, reject) => {
    execFile(java, args, { timeout: 120_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(true);
      const exitCode = typeof error.code === 'number' ? error.code : null;
      const output = lastLines(`${stdout}${stderr}`, 20) || error.message;
      const product = 'Kafka storage format (kafka.tools.StorageTool)';
      reject(startFailed(product, 'its output', output, exitedWhileStarting(exitCode), { cause: error }));
    });
  });
}

/** Removes the lock file a killed broker leaves behind (the JVM's file locks die with it). */
async function removeStaleKafkaLocks(paths: KafkaPaths): Promise<void> {
  await rm(path.join(paths.dataDir, '.lock'), { force: true });
}

/**
 * Writes the configuration, formats the storage on first use, starts the broker and waits until
 * it answers a DescribeCluster request.
 */
async function startKafka(settings: KafkaSettings, context: StartContext): Promise<Started> {
  const { java, jarsDir, localDir } = context;
  const { broker: port, controller: controllerPort } = settings.ports;
  const paths = kafkaPaths(localDir);
  const marker = kafkaMarker(localDir);
  await mkdir(paths.dataDir, { recursive: true });
  await writeFile(paths.propsFile, kafkaServerProperties({ port, controllerPort, dataDir: paths.dataDir }));
  await writeFile(paths.log4jFile, kafkaLog4j2Properties());
  await removeStaleKafkaLocks(paths);

  const formatStarted = Date.now();
  const formatMs = (await formatStorage(java, jarsDir, paths, marker)) ? Date.now() - formatStarted : 0;
  const { readyMs } = await launchUntilReady({
    product: 'Kafka broker',
    command: java,
    args: kafkaJavaArgs({ jarsDir, paths, marker, mainClass: 'kafka.Kafka', args: [paths.propsFile] }),
    logFile: paths.logFile,
    cwd: paths.home,
    timeoutMs: context.timeoutMs,
    probe: (timeoutMs) => probeKafka([`127.0.0.1:${port}`], timeoutMs),
    onSpawn: context.onSpawn,
  });
  return {
    readyMs,
    ...(formatMs > 0 ? { detail: ` after formatting its storage in ${seconds(formatMs)}` } : {}),
  };
}

export const kafkaDriver: ServiceDriver<KafkaSettings, 'kafka'> = {
  name: 'kafka',
  product: 'Kafka broker',
  resolve: ({ kafka }) =>
    kafka.mode === 'local'
      ? {
          mode: 'local',
          settings: {
            version: kafka.version,
            ports: { broker: kafka.port, controller: kafka.controllerPort },
            options: {},
          },
        }
      : {
          mode: 'external',
          address: kafka.brokers.join(','),
          using: `${kafka.brokers.join(',')} (KAFKA_BROKERS)`,
          probe: (timeoutMs) => probeKafka(kafka.brokers, timeoutMs),
        },
  marker: kafkaMarker,
  paths: kafkaPaths,
  ports: {
    broker: { label: 'Kafka broker', variable: PORT_VARIABLES.kafkaPort },
    controller: { label: 'Kafka controller', variable: PORT_VARIABLES.kafkaControllerPort },
  },
  address: (settings) => `127.0.0.1:${settings.ports.broker}`,
  probe: (settings, timeoutMs) => probeKafka([`127.0.0.1:${settings.ports.broker}`], timeoutMs),
  jars: 'kafka',
  start: startKafka,
  afterStop: (localDir) => removeStaleKafkaLocks(kafkaPaths(localDir)),
};
