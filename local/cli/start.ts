/**
 * `npm start`: the whole pipeline on this machine.
 *
 *   npm start                         run until Ctrl-C
 *   npm start -- --duration 60        run 60 s, drain, print a summary and the last prices, exit 0
 *   npm start -- --every 2            invoke the producer every 2 s (the deployed schedule, compressed)
 *   npm start -- --source replay [--csv data/indexProcessed.sample.csv] [--order sequential]
 *   npm start -- --compact-every 30   compact (and seal) today's objects every 30 s (0: never)
 *   npm start -- --kafka-auth scram   over SASL_SSL/SCRAM-SHA-512: the EC2 broker's boot script,
 *                                     run on 127.0.0.1 with a private CA (kafkaMode=ec2, locally)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatResult } from '../../ops/query/format';
import { LAST_PRICE_SQL, localAthena } from '../../ops/query/local-athena';
import * as infra from '../infra';
import { projectRoot } from '../paths';
import { type LocalCompaction, startLocalCompaction } from '../run/compaction';
import { LOCAL_SCRAM_PIPELINE_TOPIC, startLocalPipeline } from '../run/pipeline';

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    every: { type: 'string', default: '5' },
    source: { type: 'string', default: 'synthetic' },
    csv: { type: 'string' },
    order: { type: 'string', default: 'random' },
    stage: { type: 'string', default: 'local' },
    'kafka-auth': { type: 'string', default: 'plaintext' },
    'compact-every': { type: 'string', default: '60' },
  },
});

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number of seconds (got "${raw}")`);
  return n;
}

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(2);
}

const duration = positive('duration', values.duration);
const every = positive('every', values.every)!;
if (!Number.isInteger(every)) fail('--every must be a whole number of seconds');
if (!['synthetic', 'replay'].includes(values.source!)) fail('--source must be synthetic or replay');
const compactEvery =
  values['compact-every'] === '0' ? 0 : positive('compact-every', values['compact-every'])!;
const KAFKA_AUTHS = ['plaintext', 'scram'] as const;
const kafkaAuth =
  KAFKA_AUTHS.find((auth) => auth === values['kafka-auth']) ??
  fail('--kafka-auth must be plaintext or scram');

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

// The pipeline sets the handlers' variables (S3_ENDPOINT among them) on process.env; the harness
// must keep reading the user's own settings when it starts Trino for the summary.
const launchEnv = { ...process.env };

async function main(): Promise<void> {
  const scram = kafkaAuth === 'scram';
  log(
    scram
      ? 'starting the SASL_SSL Kafka broker (the EC2 boot script) and S3 (first run fetches the jars with Maven)…'
      : 'starting local Kafka and S3 (first run fetches the jars with Maven)…',
  );
  const env = await infra.up({ log, services: scram ? ['kafkaScram', 's3'] : ['kafka', 's3'] });
  const brokers = scram
    ? `${env.kafkaScram?.brokers.join(',')} (SASL_SSL, SCRAM-SHA-512)`
    : env.kafkaBrokers.join(',');
  log(`Kafka ${brokers} · S3 ${env.s3.endpoint ?? 'AWS'} bucket ${env.s3.bucket}`);

  const overrides: Record<string, string> = { TICK_SOURCE: values.source!, REPLAY_ORDER: values.order! };
  if (values.source === 'replay') {
    overrides.REPLAY_CSV_URI = values.csv ?? join(projectRoot(), 'data', 'indexProcessed.sample.csv');
  }
  const pipeline = await startLocalPipeline({
    env,
    everySeconds: every,
    stage: values.stage,
    overrides,
    kafkaAuth,
    ...(scram
      ? { topic: LOCAL_SCRAM_PIPELINE_TOPIC, groupId: `${LOCAL_SCRAM_PIPELINE_TOPIC}-sink-local` }
      : {}),
    onError: (what, error) => log(`! ${what} failed: ${(error as Error).message}`),
  });
  log(`producing to topic "${pipeline.topic}" every ${every}s; sink consumer group "${pipeline.groupId}"`);
  // The deployed function compacts a day once it has closed; here the "day" is a short window.
  const compaction: LocalCompaction | undefined =
    compactEvery > 0
      ? startLocalCompaction({
          env,
          topic: pipeline.topic,
          kafka: pipeline.kafka,
          groupId: pipeline.groupId,
          everySeconds: compactEvery,
          log,
        })
      : undefined;
  if (compaction)
    log(
      `compacting today's objects every ${compactEvery}s (one file per partition, sealed once the audit against Kafka is clean)`,
    );

  const progress = setInterval(async () => {
    const p = pipeline.progress;
    const lag = await pipeline.lag().catch(() => Number.NaN);
    log(
      `produced ${p.produced} · delivered ${p.delivered} · lag ${lag} · quarantined ${p.quarantined} · ` +
        `objects ${p.objects} · ${(p.bytes / 1024).toFixed(1)} KiB`,
    );
  }, 5_000);

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(progress);
    log(`${reason}: stopping the schedule and draining what was produced…`);
    await pipeline.stop();
    if (compaction) {
      const [day] = await compaction.stop();
      if (day) {
        log(`compacted dt=${day.dt}: ${day.partitions.length} partitions, seal ${day.seal?.state ?? 'none'}`);
        if (day.seal?.state === 'withheld')
          for (const reason of day.seal.reasons) log(`  not sealed: ${reason}`);
      }
    }
    const p = pipeline.progress;
    const lag = await pipeline.lag().catch(() => Number.NaN);
    log(
      `summary: ${p.producerRuns} producer runs (${p.producerFailures} failed), ${p.produced} ticks produced, ` +
        `${p.delivered} delivered in ${p.sinkInvocations} sink invocations (${p.sinkFailures} failed), ` +
        `${p.quarantined} quarantined, ${p.objects} objects, ${(p.bytes / 1024).toFixed(1)} KiB, lag ${lag}`,
    );
    // The summary is Athena SQL on Athena's engine: Trino over the objects the sink wrote.
    let sqlEnv: infra.LocalEnv | undefined;
    try {
      log('starting Trino (Athena engine v3) for the summary (first run fetches it, ~450 MB)…');
      sqlEnv = await infra.up({ services: ['s3', 'trino'], log, env: launchEnv });
      const athena = await localAthena(sqlEnv, { stage: values.stage ?? 'local' });
      const result = await athena.run(LAST_PRICE_SQL);
      console.log(
        `\nLast price per symbol (${athena.database}.ticks, on Trino):\n${formatResult(result, 'table')}\n`,
      );
    } catch (error) {
      log(`! the summary query failed: ${(error as Error).message}`);
    }
    if (sqlEnv?.started.trino) await infra.down({ only: { kafka: false, s3: false, trino: true }, log });
    await infra.down({ only: env.started, log });
    log('stopped. Query the data any time: npm run query -- "SELECT * FROM ticks LIMIT 10"');
    process.exit(lag === 0 ? 0 : 1);
  };
  process.once('SIGINT', () => void stop('Ctrl-C'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (duration) setTimeout(() => void stop(`${duration}s elapsed`), duration * 1000);
}

main().catch(async (error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
