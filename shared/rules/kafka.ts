/** Kafka names and the choices of how to reach a cluster, for every reader of them. */

/** A topic name: Kafka's legal characters, at most 249 of them. */
export const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/** A bootstrap broker, `host:port`. */
export const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/**
 * A consumer group id as Lambda's event source mapping takes it (`ConsumerGroupId`: 1–200 of
 * `[a-zA-Z0-9-\/*:_+=.@-]`, Lambda API reference, AmazonManagedKafkaEventSourceConfig).
 */
export const CONSUMER_GROUP = /^[a-zA-Z0-9\-/*:_+=.@]{1,200}$/;

/** How a client authenticates: MSK IAM, SASL/SCRAM-512 over TLS, or none (inside a VPC). */
export const KAFKA_AUTH_MODES = ['iam', 'scram', 'plaintext'] as const;
export type KafkaAuthMode = (typeof KAFKA_AUTH_MODES)[number];

/** Where a new consumer group starts reading (the event source mapping's StartingPosition). */
export const STARTING_POSITIONS = ['TRIM_HORIZON', 'LATEST'] as const;
export type StartingPosition = (typeof STARTING_POSITIONS)[number];
