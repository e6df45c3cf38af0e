import { type Admin, Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig, type LocalKafka } from '../../local/infra';

/** A quiet kafkajs admin on a local cluster (or one KAFKA_BROKERS names), not yet connected. */
export function localAdmin(cluster: LocalKafka, clientId: string): Admin {
  return new Kafka({ clientId, ...kafkaClientConfig(cluster), logLevel: logLevel.NOTHING }).admin();
}
