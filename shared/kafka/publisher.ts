import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import type { Tick } from '../tick';
import { PublishError } from './errors';
import { connectionHint } from './hints';
import type { KafkaAuthMode } from './types';

export interface PublishResult {
  readonly messages: number;
  readonly batches: number;
}

/** Sends ticks to a topic, keyed by symbol so each symbol's ticks stay ordered in one partition. */
export interface TickPublisher {
  publish(ticks: readonly Tick[]): Promise<PublishResult>;
  close(): Promise<void>;
}

const MESSAGES_PER_REQUEST = 1_000;

/**
 * A publisher over one idempotent producer, connected on first use and reused by later
 * invocations of the same container. On failure the producer is dropped so the next invocation
 * reconnects from scratch (e.g. after a broker restart or credential rotation).
 */
export function createTickPublisher(
  getKafka: () => Promise<Kafka>,
  topic: string,
  /** The auth mode, for the hint that a failure's message ends with. */
  auth?: KafkaAuthMode,
): TickPublisher {
  let producer: Promise<Producer> | undefined;

  const connect = async (): Promise<Producer> => {
    const p = (await getKafka()).producer({
      // Idempotence makes kafkajs' own retries safe: a resent request is not written twice.
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await p.connect();
    return p;
  };

  const drop = async (): Promise<void> => {
    const current = producer;
    producer = undefined;
    await current?.then((p) => p.disconnect()).catch(() => undefined);
  };

  return {
    async publish(ticks) {
      let batches = 0;
      try {
        producer ??= connect();
        const p = await producer;
        for (let i = 0; i < ticks.length; i += MESSAGES_PER_REQUEST) {
          const messages = ticks.slice(i, i + MESSAGES_PER_REQUEST).map(toMessage);
          await p.send({ topic, acks: -1, messages });
          batches++;
        }
      } catch (error) {
        await drop();
        const reason = messagesOf(error);
        const hint = auth === undefined ? undefined : connectionHint(reason, auth);
        throw new PublishError(
          `Producing ${ticks.length} ticks to topic ${topic} failed after ${batches} batches: ${reason}${hint ? ` (${hint})` : ''}`,
          { cause: error },
        );
      }
      return { messages: ticks.length, batches };
    },
    close: drop,
  };
}

/** The error's message and those of its causes (kafkajs keeps the socket's as `originalError`). */
function messagesOf(error: unknown): string {
  const seen: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (!seen.some((m) => m.includes(current instanceof Error ? current.message : '')))
      seen.push(current.message);
    const next: unknown = (current as { originalError?: unknown }).originalError ?? current.cause;
    current = next;
  }
  return seen.join(': ') || String(error);
}

function toMessage(tick: Tick): Message {
  return {
    key: tick.symbol,
    value: JSON.stringify(tick),
    // No headers: each would cost every record ~80 bytes in the sink's event (bytes as JSON numbers).
    timestamp: String(Date.parse(tick.event_time)),
  };
}
