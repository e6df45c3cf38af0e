export { discoverBrokers, splitBrokers } from './brokers';
export type { KafkaFactoryDeps } from './client';
export { createKafka, kafkaConfig } from './client';
export { mskIamTokenProvider, readScramSecret } from './credentials';
export { BrokerDiscoveryError, KafkaClientError, KafkaCredentialsError, PublishError } from './errors';
export type { PublishResult, TickPublisher } from './publisher';
export { createTickPublisher } from './publisher';
export type { KafkaAuthMode, KafkaConnectionConfig, ScramCredentials } from './types';
export { KAFKA_AUTH_MODES } from './types';
