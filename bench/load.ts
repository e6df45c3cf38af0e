/**
 * The local pipeline under sustained load: the producer at `rate` ticks/s for `seconds`, sunk
 * through the ESM emulator, then audited. Prints throughput, lag, audit and peak RSS of every
 * process (this Node process runs producer, emulator and sink; Kafka and S3Mock are JVMs).
 */
import { readFileSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import * as infra from '../local/infra';
import { startLocalPipeline } from '../local/run/pipeline';
import { auditTopic, formatAudit } from '../ops/audit';
import { DEFAULT_SYMBOLS } from '../shared/sources';

export interface LoadOptions {
  readonly rate: number;
  readonly seconds: number;
  readonly everySeconds: number;
  readonly log: (line: string) => void;
}

/** A memory figure of a process in MiB from /proc: VmRSS (now) or VmHWM (peak, the high-water mark). */
function procMiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | undefined {
  if (!pid) return undefined;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function benchLoad(options: LoadOptions): Promise<boolean> {
  const { log } = options;
  const env = await infra.up({ log });
  const status = await infra.status();
  const pids = { node: process.pid, kafka: status.kafka.pid, s3mock: status.s3.pid };
  const id = `load-${Date.now().toString(36)}`;
  const ticksPerSecond = Math.ceil(options.rate / DEFAULT_SYMBOLS.length);
  const prefixes = { ticks: `${id}/ticks/`, quarantine: `${id}/quarantine/` };
  const pipeline = await startLocalPipeline({
    env,
    everySeconds: options.everySeconds,
    topic: id,
    groupId: `${id}-sink`,
    overrides: {
      TICKS_PER_SECOND: String(ticksPerSecond),
      TICKS_PREFIX: prefixes.ticks,
      QUARANTINE_PREFIX: prefixes.quarantine,
    },
    onError: (what, error) => log(`! ${what}: ${(error as Error).message}`),
  });
  log(`load: ${ticksPerSecond * DEFAULT_SYMBOLS.length} ticks/s for ${options.seconds} s into topic ${id}`);
  const started = Date.now();
  const samples: { t: number; node?: number; kafka?: number; s3mock?: number; lag: number }[] = [];
  while (Date.now() - started < options.seconds * 1000) {
    await new Promise((r) => setTimeout(r, 15_000));
    const lag = await pipeline.lag().catch(() => Number.NaN);
    const sample = {
      t: Math.round((Date.now() - started) / 1000),
      node: procMiB(pids.node, 'VmRSS'),
      kafka: procMiB(pids.kafka, 'VmRSS'),
      s3mock: procMiB(pids.s3mock, 'VmRSS'),
      lag,
    };
    samples.push(sample);
    const p = pipeline.progress;
    log(
      `t=${sample.t}s produced ${p.produced} delivered ${p.delivered} lag ${lag} · RSS node ${sample.node?.toFixed(0)} ` +
        `kafka ${sample.kafka?.toFixed(0)} s3mock ${sample.s3mock?.toFixed(0)} MiB`,
    );
  }
  const producedIn = pipeline.progress.produced;
  const elapsed = (Date.now() - started) / 1000;
  log('load: stopping the schedule and draining…');
  const drainStart = Date.now();
  await pipeline.stop(120_000);
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const p = pipeline.progress;
  const s3 = new S3Client(infra.s3ClientConfig(env.s3));
  const report = await auditTopic({
    kafka: { brokers: env.kafkaBrokers },
    topic: id,
    groupId: `${id}-sink`,
    s3,
    bucket: env.s3.bucket,
    prefixes,
  });
  const stored = report.partitions.reduce((n, x) => n + x.ticks, 0);
  const duplicated = report.partitions.reduce((n, x) => n + x.duplicated, 0);
  const mid = samples.filter((s) => s.t <= options.seconds / 2);
  const late = samples.filter((s) => s.t > options.seconds / 2);
  const maxOf = (xs: typeof samples, k: 'node' | 'kafka' | 's3mock') =>
    Math.max(...xs.map((s) => s[k] ?? 0)).toFixed(0);
  console.log('\nload benchmark');
  console.log(
    `  offered            ${ticksPerSecond * DEFAULT_SYMBOLS.length} ticks/s for ${elapsed.toFixed(0)} s`,
  );
  console.log(
    `  produced           ${p.produced} ticks (${(producedIn / elapsed).toFixed(0)} ticks/s sustained), ${p.producerFailures} failed runs`,
  );
  console.log(
    `  sunk               ${p.delivered} records in ${p.sinkInvocations} invocations (${p.sinkFailures} failed), ${p.objects} objects, ${(p.bytes / 1048576).toFixed(1)} MiB written`,
  );
  console.log(`  drain after stop   ${drainSeconds.toFixed(1)} s`);
  console.log(
    `  audit              ${report.ok ? 'no gap' : 'GAP'}; ${stored} distinct offsets in S3, ${duplicated} stored twice`,
  );
  console.log(
    `  RSS first half/second half (MiB): node ${maxOf(mid, 'node')}/${maxOf(late, 'node')}, kafka ${maxOf(mid, 'kafka')}/${maxOf(late, 'kafka')}, s3mock ${maxOf(mid, 's3mock')}/${maxOf(late, 's3mock')}`,
  );
  console.log(
    `  peak RSS (MiB)     node ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}, kafka ${procMiB(pids.kafka, 'VmHWM')?.toFixed(0)} (since broker start), s3mock ${procMiB(pids.s3mock, 'VmHWM')?.toFixed(0)} (since start)`,
  );
  if (!report.ok) console.log(formatAudit(report));
  s3.destroy();
  await infra.down({ only: env.started, log });
  return report.ok && stored === p.produced;
}
