import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Consumer, type EachBatchPayload, Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import type { EsmEvent } from '../../shared/esm';
import { readRootCaSecret, readScramSecret } from '../../shared/kafka';
import type { StartingPosition } from '../../shared/rules';
import { buildEsmEvent, type ConsumedMessage, type EsmSource } from './event-builder';

export { STARTING_POSITIONS, type StartingPosition } from '../../shared/rules';

export interface EsmEmulatorOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly startingPosition: StartingPosition;
  readonly source: EsmSource;
  /** How it logs in; plaintext when absent. */
  readonly access?: EsmAccess;
  /** The function under test; a rejection makes the emulator redeliver the same batch. */
  readonly invoke: (event: EsmEvent) => Promise<unknown>;
  /** Lambda's synchronous invocation payload limit. */
  readonly maxPayloadBytes?: number;
  /** Delay before redelivering a failed batch (doubles up to 30 s). */
  readonly retryDelayMs?: number;
  readonly onInvoke?: (info: InvocationInfo) => void;
}

/**
 * A self-managed mapping's `SASL_SCRAM_512_AUTH` and `SERVER_ROOT_CA_CERTIFICATE` source access
 * configurations: secrets it reads from Secrets Manager when it starts, as Lambda does.
 */
export interface EsmAccess {
  readonly scramSecretArn: string;
  readonly rootCaSecretArn?: string;
  readonly secrets: Pick<SecretsManagerClient, 'send'>;
}

/** The kafkajs login of an access configuration: TLS (trusting the root CA) with SCRAM-SHA-512. */
async function loginFor(access: EsmAccess | undefined): Promise<Pick<KafkaConfig, 'ssl' | 'sasl'>> {
  if (!access) return {};
  const { username, password } = await readScramSecret(access.secrets, access.scramSecretArn);
  const ca = access.rootCaSecretArn
    ? await readRootCaSecret(access.secrets, access.rootCaSecretArn)
    : undefined;
  return { ssl: ca ? { ca: [ca] } : true, sasl: { mechanism: 'scram-sha-512', username, password } };
}

export interface InvocationInfo {
  readonly records: number;
  readonly bytes: number;
  readonly attempt: number;
  readonly error?: unknown;
}

export interface EsmStats {
  invocations: number;
  failures: number;
  /** Commits refused (e.g. during a rebalance); those records are delivered again. */
  commitFailures: number;
  delivered: number;
  committed: Record<number, number>;
}

export interface EsmEmulator {
  readonly stats: Readonly<EsmStats>;
  /**
   * Stops consuming and delivers what is buffered; a batch that still fails is left uncommitted,
   * so the consumer group redelivers it on the next start. Nothing is lost either way.
   */
  stop(): Promise<void>;
}

const SIX_MB = 6 * 1024 * 1024;
// On stop, a failing batch gets a few more tries before it is left for the next start.
const DRAIN_ATTEMPTS = 3;
// Room for the envelope around the records in the payload.
const ENVELOPE_BYTES = 4 * 1024;

interface Buffered {
  readonly message: ConsumedMessage;
  readonly bytes: number;
}

/**
 * Emulates Lambda's Kafka event source mapping: consumes as a consumer group, gathers records
 * until the batch size, the batching window or the 6 MB payload limit is reached, invokes the
 * function with the exact event shape, commits offsets only after the function succeeds, and on
 * failure redelivers the same batch until it succeeds (the mapping's default retry).
 */
export async function startEsmEmulator(options: EsmEmulatorOptions): Promise<EsmEmulator> {
  const maxPayload = (options.maxPayloadBytes ?? SIX_MB) - ENVELOPE_BYTES;
  const kafka = new Kafka({
    clientId: 'esm-emulator',
    brokers: [...options.brokers],
    ...(await loginFor(options.access)),
    logLevel: logLevel.NOTHING, // it retries through broker restarts itself; failures surface as redeliveries
  });
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  const stats: EsmStats = { invocations: 0, failures: 0, commitFailures: 0, delivered: 0, committed: {} };
  let buffer: Buffered[] = [];
  let bufferBytes = 0;
  let windowStartedAt = 0;
  let flushing: Promise<void> = Promise.resolve();
  let stopping = false;
  let draining = false;

  const takeBatch = (): Buffered[] => {
    let count = 0;
    let bytes = 0;
    while (count < buffer.length && count < options.batchSize) {
      const next = buffer[count]!;
      if (count > 0 && bytes + next.bytes > maxPayload) break;
      bytes += next.bytes;
      count++;
    }
    const batch = buffer.splice(0, count);
    bufferBytes -= bytes;
    windowStartedAt = buffer.length > 0 ? Date.now() : 0;
    return batch;
  };

  /** Invokes until success (true) or until giving up while stopping (false: nothing committed). */
  const deliver = async (batch: Buffered[]): Promise<boolean> => {
    const event = buildEsmEvent(
      options.source,
      options.brokers,
      batch.map((b) => b.message),
    );
    const bytes = batch.reduce((n, b) => n + b.bytes, 0);
    let delay = options.retryDelayMs ?? 1_000;
    for (let attempt = 1; ; attempt++) {
      stats.invocations++;
      try {
        await options.invoke(event);
        options.onInvoke?.({ records: batch.length, bytes, attempt });
        break;
      } catch (error) {
        stats.failures++;
        options.onInvoke?.({ records: batch.length, bytes, attempt, error });
        // Not committed: the group redelivers it on the next start.
        if (stopping || (draining && attempt >= DRAIN_ATTEMPTS)) return false;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
    stats.delivered += batch.length;
    const next = new Map<number, number>();
    for (const { message } of batch) next.set(message.partition, Number(message.offset) + 1);
    try {
      await consumer.commitOffsets(
        [...next].map(([partition, offset]) => ({ topic: options.topic, partition, offset: String(offset) })),
      );
      for (const [partition, offset] of next) stats.committed[partition] = offset;
    } catch {
      // A commit refused mid-rebalance (or by a restarting broker) loses nothing: the group hands
      // these records out again and the function rewrites the same objects, as after a real
      // mapping's failed commit.
      stats.commitFailures++;
    }
    return true;
  };

  const flush = (force: boolean): Promise<void> => {
    // A failed flush must not poison the chain: later flushes still run.
    flushing = flushing
      .catch(() => undefined)
      .then(async () => {
        while (buffer.length > 0 && (force || isDue())) {
          // A batch given up on must not be followed by later ones, whose commit would skip it.
          if (!(await deliver(takeBatch()))) {
            buffer = [];
            bufferBytes = 0;
            return;
          }
        }
      });
    return flushing;
  };

  const isDue = (): boolean =>
    buffer.length >= options.batchSize ||
    bufferBytes >= maxPayload ||
    (windowStartedAt > 0 && Date.now() - windowStartedAt >= options.batchingWindowMs);

  const add = async (consumed: ConsumedMessage, heartbeat: () => Promise<void>): Promise<void> => {
    const bytes = recordBytes(consumed);
    if (bufferBytes + bytes > maxPayload) await flush(true);
    if (buffer.length === 0) windowStartedAt = Date.now();
    buffer.push({ message: consumed, bytes });
    bufferBytes += bytes;
    if (buffer.length >= options.batchSize) void flush(false);
    // Like the mapping's pollers, keep fetching while a batch is invoked, up to one more batch;
    // beyond that hold the consumer, heartbeating so a slow or failing function does not cost
    // the group its membership.
    while (buffer.length >= options.batchSize * 2 && !stopping) {
      const done = flush(false);
      const beat = setInterval(() => void heartbeat().catch(() => undefined), 3_000);
      await done.finally(() => clearInterval(beat));
    }
  };

  // Whole fetched batches rather than message by message: a tenth of the per-record overhead.
  const onBatch = async ({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      await add(
        {
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          timestamp: message.timestamp,
          key: message.key,
          value: message.value,
          headers: message.headers as ConsumedMessage['headers'],
        },
        heartbeat,
      );
    }
  };

  await consumer.connect();
  await consumer.subscribe({
    topic: options.topic,
    fromBeginning: options.startingPosition === 'TRIM_HORIZON',
  });
  // A rebalance hands uncommitted records out again: drop what was buffered to avoid doubling it.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    buffer = [];
    bufferBytes = 0;
    windowStartedAt = 0;
  });
  // Offsets resolve in memory as batches are handed over; they are committed only after the
  // function succeeds (deliver).
  await consumer.run({ autoCommit: false, eachBatch: onBatch });
  const timer = setInterval(
    () => void flush(false),
    Math.max(50, Math.min(500, options.batchingWindowMs / 4)),
  );

  return {
    stats,
    async stop() {
      clearInterval(timer);
      draining = true;
      await consumer.pause([{ topic: options.topic }]);
      await flush(true).catch(() => undefined);
      stopping = true;
      await consumer.disconnect();
    },
  };
}

function recordBytes(m: ConsumedMessage): number {
  // The record's share of the event JSON: base64 grows bytes by 4/3, plus field names and numbers.
  const base64 = (n: number) => Math.ceil(n / 3) * 4;
  let headers = 0;
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    headers += name.length + 8 + (value ? Buffer.byteLength(String(value)) * 4 : 0);
  }
  return 160 + m.topic.length + base64(m.key?.length ?? 0) + base64(m.value?.length ?? 0) + headers;
}
