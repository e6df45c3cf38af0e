import type { S3Client } from '@aws-sdk/client-s3';
import type { LocalKafka } from '../../local/infra';
import type { SinkPrefixes } from '../../shared/sink';
import { kafkaPartitionStates } from './kafka-state';
import { type AuditReport, reconcile } from './reconcile';
import { collectS3Offsets } from './s3-offsets';

export type { AuditReport, KafkaPartitionState, PartitionReport } from './reconcile';
export { formatAudit, reconcile } from './reconcile';

/** Reconciles a topic's partitions in Kafka with the objects the sink wrote to S3. */
export async function auditTopic(options: {
  /** The cluster: its brokers, and TLS and SCRAM when it has them. */
  readonly kafka: LocalKafka;
  readonly topic: string;
  readonly groupId: string | undefined;
  readonly s3: Pick<S3Client, 'send'>;
  readonly bucket: string;
  readonly prefixes: SinkPrefixes;
}): Promise<AuditReport> {
  const kafka = await kafkaPartitionStates(options.kafka, options.topic, options.groupId);
  const stored = await collectS3Offsets(options.s3, options.bucket, options.prefixes, options.topic);
  return reconcile(options.topic, kafka, stored.offsets, stored.unreadable);
}
