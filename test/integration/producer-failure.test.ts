import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createProducerHandler } from '../../shared/producer';
import { producerConfig, publisherFor, silentLogger } from './support';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a producer that cannot reach Kafka', () => {
  it('fails the invocation quickly with a clear error instead of hanging', async () => {
    const port = await closedPort();
    const config = producerConfig('ticks', { KAFKA_BROKERS: `127.0.0.1:${port}` });
    const produce = createProducerHandler(config, silentLogger, publisherFor(config));
    const started = Date.now();
    await expect(produce({ time: new Date().toISOString() })).rejects.toThrow(
      /Producing 140 ticks to topic ticks failed after 0 batches: .*ECONNREFUSED|Connection error/,
    );
    // A few quick retries, far below a Lambda timeout; the schedule's retry takes it from there.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
