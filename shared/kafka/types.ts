import type { KafkaAuthMode } from '../rules/kafka';

/** `iam`: MSK IAM over TLS (OAUTHBEARER); `scram`: SASL/SCRAM-SHA-512 over TLS; `plaintext`: no TLS, no auth. */
export { KAFKA_AUTH_MODES, type KafkaAuthMode } from '../rules/kafka';

export interface KafkaConnectionConfig {
  readonly clientId: string;
  readonly auth: KafkaAuthMode;
  /** Bootstrap brokers; when empty they are discovered from `clusterArn`. */
  readonly brokers: readonly string[];
  readonly clusterArn: string | undefined;
  /** Secrets Manager secret with `{"username","password"}`, for `scram`. */
  readonly scramSecretArn: string | undefined;
  readonly region: string;
  /** Per-connection timeout; kept short so an unreachable cluster fails the invocation quickly. */
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface ScramCredentials {
  readonly username: string;
  readonly password: string;
}
