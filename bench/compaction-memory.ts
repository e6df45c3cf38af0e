/**
 * Peak memory of the compaction function on one full-rate partition-day, run as Lambda runs it:
 * the stack packaged with `sls package` (the self-managed plaintext mode, whose brokers are plain
 * addresses; every mode bundles the same code), the `compactTicks` zip unpacked alone and loaded
 * by the Lambda runtime's Node.js 22 (installed from the npm registry by
 * local/tools/lambda-node.ts) with only the AWS SDK clients the runtime provides, the template's
 * environment, and the V8 heap limits the runtime derives from MemorySize.
 * It is invoked once with `{"dt": day}` on a day that holds one partition's objects at the default
 * rate (one object a minute, 1,440 a day), written with the sink's own writer into the local S3.
 *
 * The peak is the function's process's resident set (the kernel's high-water mark, read in the
 * process by a preloaded probe, bench/support/peak-memory.cjs), set against the template's
 * MemorySize. Lambda counts everything in the execution environment against MemorySize; the
 * Node.js process is nearly all of it.
 *
 * The compaction is checked in S3, not only by the function's answer: afterwards the day must be
 * one compacted file holding every tick written. When the template gives the function Kafka
 * brokers (to audit a day before sealing it), the local broker stands in for them; the bench has
 * no sink group there, so a day may stay unsealed, which is reported but does not fail the figure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { parquetMetadata } from 'hyparquet';
import * as infra from '../local/infra';
import { ensureTopic } from '../local/run/topic';
import { ensureLambdaNode, LAMBDA_NODE_VERSION } from '../local/tools/lambda-node';
import { compactionPrefixes, s3CompactionStore } from '../shared/compaction';
import { s3ObjectStore } from '../shared/sink';
import { DEFAULT_SYMBOLS } from '../shared/sources';
import { documentedResolution, resolveIntrinsics } from '../test/stack/support/intrinsics';
import { invokePackaged, type PackagedFunction } from '../test/stack/support/lambda-runtime';
import { type Cfn, ROOT, readTemplate, slsPackage } from '../test/stack/support/package';
import { VARIANTS } from '../test/stack/support/variants';
import {
  type DayLayout,
  minuteBatch,
  modelPartitionOf,
  PARTITIONS,
  producerPartitionOf,
  removeUnder,
  TICKS_A_DAY,
  TOPIC,
  writeDay,
} from './sink-day';

const PROBE = fileURLToPath(new URL('./support/peak-memory.cjs', import.meta.url));
const VARIANT = 'self-managed-plaintext';
const LOGICAL_ID = 'CompactTicksLambdaFunction';
const ZIP = 'compactTicks.zip';
const DAY_MS = 86_400_000;

/**
 * Which partition-day is measured: `model`, partition 0 of the week model (symbols i mod 3: 5 of
 * the 14, 432,000 ticks, the model's largest); `producer`, partition 0 as the producer's key hash
 * fills it (7 of the 14 symbols, 604,800 ticks: the largest partition-day of the real pipeline).
 */
export type MemoryLayout = 'model' | 'producer';
export const MEMORY_LAYOUTS: readonly MemoryLayout[] = ['model', 'producer'];

export interface MemoryResult {
  readonly layout: MemoryLayout;
  readonly dt: string;
  readonly symbols: readonly string[];
  readonly partition: number;
  readonly ticks: number;
  readonly objects: number;
  readonly inputBytes: number;
  readonly writeMs: number;
  readonly packageMs: number;
  readonly zipBytes: number;
  readonly memorySizeMb: number;
  readonly architectures: readonly string[];
  readonly heapFlags: readonly string[];
  readonly invokeMs: number;
  /** The day is one compacted file in S3 holding every tick written. */
  readonly ok: boolean;
  /** The handler's error, or the runtime's, when the invocation failed. */
  readonly error: string | undefined;
  /** Whether the local Kafka broker stood in for the template's brokers. */
  readonly kafka: boolean;
  /** The day's seal as the function's answer gives it (`written`, `withheld`, …), when it answered. */
  readonly seal: string | undefined;
  /** The compacted files left in the day's folder, with their rows (from the Parquet footer). */
  readonly outputs: readonly { key: string; rows: number; bytes: number }[];
  /** Objects of the day other than compacted files left after the run. */
  readonly leftovers: number;
  readonly peakRssMiB: number;
  /** false when the process died before its exit handlers ran: the peak is its last report. */
  readonly peakAtExit: boolean;
  readonly sampledPeaksMiB: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}

/** The symbols of partition 0 and the partition-day's layout at the default rate. */
export function memoryLayout(layout: MemoryLayout): DayLayout & { partition: number } {
  const partitionOf = layout === 'model' ? modelPartitionOf : producerPartitionOf;
  const symbols = DEFAULT_SYMBOLS.filter((s) => partitionOf(s) === 0);
  return { symbols, partitionOf, scale: 1, batch: minuteBatch(symbols), partition: 0 };
}

/**
 * The V8 limits the Lambda Node.js runtime starts node with, from the function's memory
 * (its /var/runtime/bootstrap: a tenth for the young generation, half of that per semi-space, the
 * rest for the old generation; seen in the public nodejs18.x image and assumed unchanged in 22).
 */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

const toMiB = (bytes: number) => bytes / 1048576;

/**
 * Writes a full-rate partition-day under `<id>/`, packages the stack, runs the packaged
 * compaction on it in a child process, and returns what it used. Everything it wrote to S3 and
 * to disk is removed before it returns.
 */
export async function measureCompactionMemory(options: {
  readonly env: infra.LocalEnv;
  readonly s3: S3Client;
  readonly id: string;
  readonly layout: MemoryLayout;
  readonly log: (line: string) => void;
}): Promise<MemoryResult> {
  const { env, s3, id, log } = options;
  const bucket = env.s3.bucket;
  const prefixes = compactionPrefixes({ ticks: `${id}/ticks/`, quarantine: `${id}/quarantine/` });
  const store = s3CompactionStore(s3, bucket);
  // Yesterday: a closed day, as the scheduled run compacts.
  const dt = new Date((Math.floor(Date.now() / DAY_MS) - 1) * DAY_MS).toISOString().slice(0, 10);
  const layout = memoryLayout(options.layout);
  // sls's service folder, the unpacked zip and the runtime's module links go to os.tmpdir(): point
  // it at a folder of this run for the measurement, and remove that folder afterwards.
  const work = mkdtempSync(join(tmpdir(), 'stock-ticks-bench-memory-'));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = work;
  let kafkaStarted: infra.LocalEnv['started'] | undefined;
  try {
    log(
      `  memory: packaging the stack (sls package, ${VARIANT}) while writing partition ${layout.partition} of ${dt} ` +
        `at the default rate (${layout.symbols.length} symbols: ${layout.symbols.join(' ')})…`,
    );
    const packageStart = performance.now();
    let packageMs = 0;
    const packaging = slsPackage('bench-compaction', VARIANTS[VARIANT]).then((run) => {
      packageMs = performance.now() - packageStart;
      return run;
    });
    const node = ensureLambdaNode(ROOT, log);
    const writeStart = performance.now();
    const written = await writeDay(
      s3ObjectStore(s3, bucket).put,
      prefixes,
      dt,
      layout,
      Array.from({ length: PARTITIONS }, () => 0),
    );
    const writeMs = performance.now() - writeStart;
    let inputBytes = 0;
    for await (const o of store.list(prefixes.ticks)) inputBytes += o.size;
    log(
      `  memory: wrote ${written.ticks.toLocaleString('en')} ticks in ${written.objects.toLocaleString('en')} objects ` +
        `(${toMiB(inputBytes).toFixed(1)} MiB) in ${(writeMs / 1000).toFixed(1)} s`,
    );

    const run = await packaging;
    if (run.code !== 0)
      throw new Error(
        `sls package failed (exit ${run.code}):\n${`${run.stdout}\n${run.stderr}`.slice(-4000)}`,
      );
    const template = readTemplate(run.dir);
    const props = template.Resources[LOGICAL_ID]?.Properties as Cfn;
    if (!props) throw new Error(`the packaged template has no ${LOGICAL_ID}`);
    const at = documentedResolution(template, { refs: { TicksBucket: bucket } });
    const memorySizeMb = Number(props.MemorySize ?? 1024);
    const heapFlags = lambdaHeapFlags(memorySizeMb);
    const zip = join(run.dir, '.serverless', ZIP);
    const environment: Record<string, string> = {
      ...(resolveIntrinsics(props.Environment?.Variables ?? {}, at) as Record<string, string>),
      // The stack's own variables, pointed at this run's folders of the bucket.
      TICKS_PREFIX: prefixes.ticks,
      QUARANTINE_PREFIX: prefixes.quarantine,
      SEALS_PREFIX: prefixes.seals,
    };
    // A function that audits days against the sink's cluster connects to it: the local broker,
    // with the topic (created empty if missing, so the audit finds nothing to vouch for the day).
    const kafka = 'KAFKA_BROKERS' in environment;
    if (kafka) {
      const local = await infra.up({ services: ['kafka'], log });
      kafkaStarted = local.started;
      environment.KAFKA_BROKERS = local.kafkaBrokers.join(',');
      await ensureTopic({ brokers: local.kafkaBrokers }, environment.KAFKA_TOPIC ?? TOPIC, PARTITIONS);
    }
    const fn: PackagedFunction = {
      code: { zip },
      handler: props.Handler,
      functionName: String(resolveIntrinsics(props.FunctionName ?? LOGICAL_ID, at)),
      memorySize: memorySizeMb,
      environment,
    };
    const memoryFile = join(work, 'peak-memory.json');
    const binary = await node;
    log(
      `  memory: invoking the packaged ${ZIP} (${Math.round(statSync(zip).size / 1024)} KiB) on Node.js ` +
        `${LAMBDA_NODE_VERSION}, MemorySize ${memorySizeMb} MB (${heapFlags.join(' ')})…`,
    );
    const invokeStart = performance.now();
    const { outcome, logs } = await invokePackaged(
      binary,
      fn,
      { dt },
      {
        timeoutMs: Number(props.Timeout ?? 900) * 1000,
        extraEnv: {
          S3_ENDPOINT: env.s3.endpoint!,
          // The runtime's heap limits, and the probe that reports the peak.
          NODE_OPTIONS: [...heapFlags, `--require ${JSON.stringify(PROBE)}`].join(' '),
          BENCH_MEMORY_FILE: memoryFile,
        },
      },
    );
    const invokeMs = performance.now() - invokeStart;
    // Written every second and at exit: a process killed outright (V8 out of heap) leaves its last.
    const peak = existsSync(memoryFile)
      ? (JSON.parse(readFileSync(memoryFile, 'utf8')) as {
          atExit: boolean;
          maxRssKiB: number;
          sampled: Record<'heapUsedBytes' | 'heapTotalBytes' | 'externalBytes' | 'arrayBuffersBytes', number>;
        })
      : undefined;
    if (!peak)
      throw new Error(`the function's process reported no memory figure; its output:\n${logs.slice(-4000)}`);
    if (!outcome.ok) log(`  memory: the function failed; its output:\n${logs.slice(-4000)}`);
    const outputs: { key: string; rows: number; bytes: number }[] = [];
    let leftovers = 0;
    for await (const o of store.list(`${prefixes.ticks}dt=${dt}/`)) {
      if (!o.key.endsWith('.compacted.parquet')) {
        leftovers++;
        continue;
      }
      const bytes = await store.get(o.key);
      const file = bytes!.buffer.slice(
        bytes!.byteOffset,
        bytes!.byteOffset + bytes!.byteLength,
      ) as ArrayBuffer;
      outputs.push({ key: o.key, rows: Number(parquetMetadata(file).num_rows), bytes: o.size });
    }
    return {
      layout: options.layout,
      dt,
      symbols: layout.symbols,
      partition: layout.partition,
      ticks: written.ticks,
      objects: written.objects,
      inputBytes,
      writeMs,
      packageMs,
      zipBytes: statSync(zip).size,
      memorySizeMb,
      architectures: (props.Architectures as string[] | undefined) ?? ['x86_64'],
      heapFlags,
      invokeMs,
      ok: outputs.length === 1 && outputs[0]!.rows === written.ticks && leftovers === 0,
      error: outcome.ok ? undefined : `${outcome.error.name}: ${outcome.error.message}`,
      kafka,
      seal: outcome.ok
        ? (outcome.result as { days?: { seal?: { state?: string } }[] } | null)?.days?.[0]?.seal?.state
        : undefined,
      outputs,
      leftovers,
      peakRssMiB: peak.maxRssKiB / 1024,
      peakAtExit: peak.atExit,
      sampledPeaksMiB: {
        heapUsed: toMiB(peak.sampled.heapUsedBytes),
        heapTotal: toMiB(peak.sampled.heapTotalBytes),
        external: toMiB(peak.sampled.externalBytes),
        arrayBuffers: toMiB(peak.sampled.arrayBuffersBytes),
      },
    };
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    rmSync(work, { recursive: true, force: true });
    await removeUnder(store, [prefixes.ticks, prefixes.seals], log);
    if (kafkaStarted) await infra.down({ only: kafkaStarted, log });
  }
}

/** The lines the benchmark prints for a measurement. */
export function formatMemory(r: MemoryResult): string[] {
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const mib = (x: number) => `${n(x)} MiB`;
  const average = TICKS_A_DAY / PARTITIONS;
  const otherName: MemoryLayout = r.layout === 'model' ? 'producer' : 'model';
  const other = memoryLayout(otherName);
  const s = r.sampledPeaksMiB;
  return [
    `  memory             the packaged compactTicks (sls package, ${Math.round(r.zipBytes / 1024)} KiB zip, packaged in ` +
      `${(r.packageMs / 1000).toFixed(1)} s) on Node.js ${LAMBDA_NODE_VERSION} in its own process, ` +
      `as the Lambda runtime loads it, with ${r.heapFlags.join(' ')}`,
    `    partition-day    ${r.dt} partition ${r.partition} at the default rate (--memory ${r.layout}): ` +
      `${n(r.ticks)} ticks of ${r.symbols.length} symbols in ${n(r.objects)} objects, ${(r.inputBytes / 1048576).toFixed(1)} MiB, ` +
      `written in ${(r.writeMs / 1000).toFixed(1)} s ` +
      `(a partition-day averages ${n(average)}; --memory ${otherName}: ${n(other.symbols.length * 86_400)})`,
    `    run              ${(r.invokeMs / 1000).toFixed(1)} s wall time (cold start included): ` +
      (r.ok
        ? `the day is one file of ${n(r.outputs[0]!.rows)} rows, ${(r.outputs[0]!.bytes / 1048576).toFixed(1)} MiB`
        : `NOT COMPACTED (${r.outputs.length} compacted file(s) of ${n(r.outputs.reduce((x, o) => x + o.rows, 0))} rows, ` +
          `${r.leftovers} other object(s) left)`) +
      `; the function ${r.error ? `failed: ${r.error}` : 'answered ok'}` +
      (r.seal ? `, seal ${r.seal}` : '') +
      (r.kafka ? ' (its Kafka cluster: the local broker, without the sink group)' : ''),
    // MemorySize taken as MiB, like the RSS.
    `    peak RSS         ${mib(r.peakRssMiB)} of MemorySize ${r.memorySizeMb} MB (serverless.yml): ` +
      `${(r.memorySizeMb / r.peakRssMiB).toFixed(2)}x headroom, ${Math.round((100 * r.peakRssMiB) / r.memorySizeMb)}% used` +
      (r.peakAtExit ? '' : ' (the process died before exiting: its last report, up to 1 s before)'),
    `    sampled peaks    V8 heap used ${mib(s.heapUsed)} (of ${mib(s.heapTotal)} reserved), external ${mib(s.external)}, ` +
      `ArrayBuffers ${mib(s.arrayBuffers)}; measured on ${process.arch}, the function runs on ${r.architectures.join(', ')}`,
  ];
}
