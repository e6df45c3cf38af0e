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
  /**
   * Secrets Manager secret with `{"certificate":"<PEM>"}` (the format of Lambda's
   * SERVER_ROOT_CA_CERTIFICATE), for `scram` brokers whose certificate a private CA signed; the
   * system's trust store when unset.
   */
  readonly rootCaSecretArn: string | undefined;
  readonly region: string;
  /** Per-connection timeout; kept short so an unreachable cluster fails the invocation quickly. */
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface ScramCredentials {
  readonly username: string;
  readonly password: string;
}
