import { Kafka, logLevel } from 'kafkajs';
import type { KafkaPartitionState } from './reconcile';

/** Low and high watermarks of every partition, and the group's committed offsets. */
export async function kafkaPartitionStates(
  brokers: readonly string[],
  topic: string,
  groupId: string | undefined,
): Promise<KafkaPartitionState[]> {
  const admin = new Kafka({ clientId: 'audit', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const committed = groupId
      ? ((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [])
      : [];
    return offsets
      .map((o) => {
        const c = committed.find((p) => p.partition === o.partition);
        const value = c ? Number(c.offset) : -1;
        return {
          partition: o.partition,
          low: Number(o.low),
          high: Number(o.high),
          committed: value >= 0 ? value : undefined,
        };
      })
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
