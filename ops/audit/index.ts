import type { S3Client } from '@aws-sdk/client-s3';
import type { LocalKafka } from '../../local/infra';
import { checkSeals, compactionPrefixes, s3CompactionStore } from '../../shared/compaction';
import type { SinkPrefixes } from '../../shared/sink';
import { kafkaPartitionStates } from './kafka-state';
import { type AuditReport, reconcile } from './reconcile';
import { collectS3Offsets } from './s3-offsets';

export type { AuditReport, KafkaPartitionState, PartitionReport } from './reconcile';
export { formatAudit, reconcile } from './reconcile';

/**
 * Reconciles a topic's partitions in Kafka with the objects the sink wrote to S3 (compacted files
 * included: they are read like any tick object), and checks every seal of the topic.
 */
export async function auditTopic(options: {
  /** The cluster: its brokers, and TLS and SCRAM when it has them. */
  readonly kafka: LocalKafka;
  readonly topic: string;
  readonly groupId: string | undefined;
  readonly s3: Pick<S3Client, 'send'>;
  readonly bucket: string;
  readonly prefixes: SinkPrefixes;
  /** Where seals are (default: `seals/` beside the ticks prefix, as compaction writes them). */
  readonly sealsPrefix?: string;
}): Promise<AuditReport> {
  const kafka = await kafkaPartitionStates(options.kafka, options.topic, options.groupId);
  const stored = await collectS3Offsets(options.s3, options.bucket, options.prefixes, options.topic);
  const seals = await checkSeals(
    s3CompactionStore(options.s3, options.bucket),
    compactionPrefixes(options.prefixes, options.sealsPrefix),
    options.topic,
  );
  return reconcile(options.topic, kafka, stored.offsets, stored.unreadable, seals);
}
