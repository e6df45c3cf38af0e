import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig, type LocalKafka } from '../infra';

/** Creates the topic with its partitions if it does not exist yet; an existing topic is kept as is. */
export async function ensureTopic(kafka: LocalKafka, topic: string, partitions: number): Promise<void> {
  const admin = new Kafka({
    clientId: 'local-admin',
    ...kafkaClientConfig(kafka),
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
        waitForLeaders: true,
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Records in the topic not yet committed by the group: the consumer lag. */
export async function consumerLag(kafka: LocalKafka, topic: string, groupId: string): Promise<number> {
  const admin = new Kafka({
    clientId: 'local-lag',
    ...kafkaClientConfig(kafka),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    let lag = 0;
    for (const end of ends) {
      const done = committed?.partitions.find((p) => p.partition === end.partition);
      const from = done && Number(done.offset) >= 0 ? Number(done.offset) : Number(end.low);
      lag += Math.max(0, Number(end.high) - from);
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
