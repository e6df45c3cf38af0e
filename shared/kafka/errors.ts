/** Base error of the Kafka client code. */
export class KafkaClientError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaClientError';
  }
}

/** The brokers could not be found (MSK discovery failed or returned none for the auth mode). */
export class BrokerDiscoveryError extends KafkaClientError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BrokerDiscoveryError';
  }
}

/** Credentials for SASL could not be read. */
export class KafkaCredentialsError extends KafkaClientError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaCredentialsError';
  }
}

/** Producing to Kafka failed; the invocation fails so the schedule's retry applies. */
export class PublishError extends KafkaClientError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PublishError';
  }
}
