import type { LocalKafka } from '../../local/infra';
import { localAdmin } from './admin';
import type { KafkaPartitionState } from './reconcile';

/** Low and high watermarks of every partition, and the group's committed offsets. */
export async function kafkaPartitionStates(
  cluster: LocalKafka,
  topic: string,
  groupId: string | undefined,
): Promise<KafkaPartitionState[]> {
  const admin = localAdmin(cluster, 'audit');
  await admin.connect();
  try {
    const offsets = await whileBrokerSettles(() => admin.fetchTopicOffsets(topic));
    const committed = groupId
      ? ((await whileBrokerSettles(() => admin.fetchOffsets({ groupId, topics: [topic] })))[0]?.partitions ??
        [])
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

// A broker that has just started (npm run audit starts a stopped stack) answers for a few
// seconds with NOT_LEADER_FOR_PARTITION or NOT_COORDINATOR until it has elected partition leaders
// and loaded group state; kafkajs marks those errors retriable but gives up on them too soon.
const SETTLE_MS = 30_000;

async function whileBrokerSettles<T>(request: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    try {
      return await request();
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
