import type { Kafka, ProducerConfig, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createTickPublisher, KafkaClientError, PublishError } from '../../../shared/kafka';
import { syntheticTicks } from '../../../shared/sources';
import type { Tick } from '../../../shared/tick';
import { aTick } from '../../support/builders';

interface FakeKafkaOptions {
  /** Fail the n-th `send` (0-based, counted over the fake's life). */
  failSendAt?: number;
  failConnect?: boolean;
  failDisconnect?: boolean;
}

/** A kafkajs-like object: records producer configs, connects, sends and disconnects. */
function fakeKafka(options: FakeKafkaOptions = {}) {
  const calls = {
    getKafka: 0,
    producers: [] as ProducerConfig[],
    connects: 0,
    disconnects: 0,
    sends: [] as ProducerRecord[],
  };
  const producer = {
    async connect() {
      calls.connects++;
      if (options.failConnect) throw new Error('Connection timeout');
    },
    async send(record: ProducerRecord) {
      const n = calls.sends.length;
      calls.sends.push(record);
      if (n === options.failSendAt) throw new Error('This server is not the leader for that topic-partition');
      return [];
    },
    async disconnect() {
      calls.disconnects++;
      if (options.failDisconnect) throw new Error('already disconnected');
    },
  };
  const kafka = {
    producer(config: ProducerConfig) {
      calls.producers.push(config);
      return producer;
    },
  } as unknown as Kafka;
  const getKafka = async () => {
    calls.getKafka++;
    return kafka;
  };
  return { getKafka, calls };
}

function ticks(count: number): Tick[] {
  const startMs = Date.parse('2025-07-01T00:00:00.000Z');
  return syntheticTicks({ startMs, endMs: startMs + count * 1000, ticksPerSecond: 1 }, ['NYA']);
}

describe('createTickPublisher', () => {
  it('sends each tick as a JSON message keyed by symbol, acks all, with its event time and no headers', async () => {
    // Prepare
    const { getKafka, calls } = fakeKafka();
    const tick = aTick();
    const publisher = createTickPublisher(getKafka, 'ticks');

    // Act
    const result = await publisher.publish([tick]);

    // Assess
    expect(result).toEqual({ messages: 1, batches: 1 });
    expect(calls.sends).toEqual([
      {
        topic: 'ticks',
        acks: -1,
        messages: [
          {
            key: 'NYA',
            value: JSON.stringify(tick),
            timestamp: String(Date.parse(tick.event_time)),
          },
        ],
      },
    ]);
    expect(JSON.parse(calls.sends[0]!.messages[0]!.value as string)).toEqual(tick);
  });

  it('uses one idempotent producer that cannot create topics', async () => {
    // Prepare
    const { getKafka, calls } = fakeKafka();

    // Act
    await createTickPublisher(getKafka, 'ticks').publish(ticks(1));

    // Assess
    expect(calls.producers).toHaveLength(1);
    expect(calls.producers[0]).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  });

  it('splits large publishes into requests of 1000 messages, in order', async () => {
    // Prepare
    const { getKafka, calls } = fakeKafka();
    const all = ticks(2_500);

    // Act
    const result = await createTickPublisher(getKafka, 'ticks').publish(all);

    // Assess
    expect(result).toEqual({ messages: 2_500, batches: 3 });
    expect(calls.sends.map((s) => s.messages.length)).toEqual([1_000, 1_000, 500]);
    const sentTimes = calls.sends.flatMap((s) => s.messages.map((m) => m.timestamp));
    expect(sentTimes).toEqual(all.map((t) => String(Date.parse(t.event_time))));
  });

  it('sends nothing for no ticks', async () => {
    const { getKafka, calls } = fakeKafka();
    await expect(createTickPublisher(getKafka, 'ticks').publish([])).resolves.toEqual({
      messages: 0,
      batches: 0,
    });
    expect(calls.sends).toEqual([]);
  });

  it('connects once and reuses the producer across publishes', async () => {
    // Prepare
    const { getKafka, calls } = fakeKafka();
    const publisher = createTickPublisher(getKafka, 'ticks');

    // Act
    await publisher.publish(ticks(1));
    await publisher.publish(ticks(1));

    // Assess
    expect(calls.getKafka).toBe(1);
    expect(calls.connects).toBe(1);
    expect(calls.sends).toHaveLength(2);
  });

  it('on a failed send: throws PublishError with the cause and progress, drops the producer, reconnects next time', async () => {
    // Prepare
    const { getKafka, calls } = fakeKafka({ failSendAt: 1 });
    const publisher = createTickPublisher(getKafka, 'ticks');

    // Act
    let thrown: unknown;
    try {
      await publisher.publish(ticks(1_500));
    } catch (error) {
      thrown = error;
    }
    const retry = await publisher.publish(ticks(1));

    // Assess
    expect(thrown).toBeInstanceOf(PublishError);
    expect(thrown).toBeInstanceOf(KafkaClientError);
    const error = thrown as PublishError;
    expect(error.message).toBe(
      'Producing 1500 ticks to topic ticks failed after 1 batches: This server is not the leader for that topic-partition',
    );
    expect((error.cause as Error).message).toContain('not the leader');
    expect(calls.disconnects).toBe(1);
    expect(retry).toEqual({ messages: 1, batches: 1 });
    expect(calls.connects).toBe(2);
  });

  it('on a failed connect: throws PublishError and tries to connect again next time', async () => {
    // Prepare
    const { getKafka, calls } = fakeKafka({ failConnect: true });
    const publisher = createTickPublisher(getKafka, 'ticks');

    // Act
    const first = publisher.publish(ticks(1));
    await expect(first).rejects.toThrow(PublishError);
    const second = publisher.publish(ticks(1));

    // Assess
    await expect(second).rejects.toThrow('failed after 0 batches: Connection timeout');
    expect(calls.connects).toBe(2);
    expect(calls.sends).toEqual([]);
  });

  it('ends a failure with what to check, from the messages of the error and its cause', async () => {
    // Prepare: kafkajs wraps the socket's error (originalError) in its own.
    const socket = new Error('self-signed certificate in certificate chain');
    const wrapped = Object.assign(
      new Error('Connection error: self-signed certificate in certificate chain'),
      {
        originalError: socket,
      },
    );
    const getKafka = async () =>
      ({
        producer: () => ({
          connect: async () => {
            throw Object.assign(new Error('KafkaJSNumberOfRetriesExceeded'), { cause: wrapped });
          },
          disconnect: async () => undefined,
        }),
      }) as unknown as Kafka;

    // Act
    const error = await createTickPublisher(getKafka, 'ticks', 'scram')
      .publish(ticks(1))
      .then(
        () => new Error('published'),
        (e: unknown) => e as Error,
      );

    // Assess
    expect(error.message).toBe(
      'Producing 1 ticks to topic ticks failed after 0 batches: KafkaJSNumberOfRetriesExceeded: ' +
        "Connection error: self-signed certificate in certificate chain (the broker's certificate is not signed by " +
        'a CA this client trusts: set KAFKA_ROOT_CA_SECRET_ARN to the secret holding the broker\'s CA as {"certificate":"<PEM>"})',
    );
  });

  it('reports the send error even when disconnecting fails too', async () => {
    const { getKafka } = fakeKafka({ failSendAt: 0, failDisconnect: true });
    await expect(createTickPublisher(getKafka, 'ticks').publish(ticks(1))).rejects.toThrow(/not the leader/);
  });

  it('close disconnects a connected producer once, and is harmless before use', async () => {
    // Prepare
    const { getKafka, calls } = fakeKafka();
    const publisher = createTickPublisher(getKafka, 'ticks');

    // Act
    await publisher.close();
    await publisher.publish(ticks(1));
    await publisher.close();
    await publisher.close();

    // Assess
    expect(calls.disconnects).toBe(1);
  });
});
