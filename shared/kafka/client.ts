import { KafkaClient } from '@aws-sdk/client-kafka';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { discoverBrokers } from './brokers';
import { mskIamTokenProvider, readRootCaSecret, readScramSecret } from './credentials';
import { type KafkaLogTarget, kafkaLogCreator } from './log';
import type { KafkaConnectionConfig } from './types';

/** AWS clients the Kafka factory may need; injectable so unit tests need no module mocks. */
export interface KafkaFactoryDeps {
  readonly mskApi?: Pick<KafkaClient, 'send'>;
  readonly secrets?: Pick<SecretsManagerClient, 'send'>;
  /** Where kafkajs logs go (the function's structured logger); kafkajs's own console logger if unset. */
  readonly log?: KafkaLogTarget;
}

/**
 * Builds the kafkajs configuration for an auth mode, discovering brokers and reading SCRAM
 * credentials as needed. Call once per container and keep the result.
 *
 * @example const kafka = new Kafka(await kafkaConfig({ auth: 'plaintext', brokers: ['127.0.0.1:29092'], … }));
 */
export async function kafkaConfig(
  config: KafkaConnectionConfig,
  deps: KafkaFactoryDeps = {},
): Promise<KafkaConfig> {
  const brokers =
    config.brokers.length > 0
      ? [...config.brokers]
      : await discoverBrokers(
          deps.mskApi ?? new KafkaClient({ region: config.region }),
          config.clusterArn!,
          config.auth,
        );
  const base: KafkaConfig = {
    clientId: config.clientId,
    brokers,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    // A handful of quick retries: a scheduled producer that cannot reach Kafka should fail and let
    // the schedule retry, not spend its whole timeout reconnecting.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    ...(deps.log ? { logCreator: kafkaLogCreator(deps.log) } : {}),
  };
  switch (config.auth) {
    case 'plaintext':
      return base;
    case 'iam':
      return {
        ...base,
        ssl: true,
        sasl: { mechanism: 'oauthbearer', oauthBearerProvider: mskIamTokenProvider(config.region) },
      };
    case 'scram': {
      const secrets = deps.secrets ?? new SecretsManagerClient({ region: config.region });
      const { username, password } = await readScramSecret(secrets, config.scramSecretArn!);
      const ssl = config.rootCaSecretArn
        ? { ca: [await readRootCaSecret(secrets, config.rootCaSecretArn)] }
        : true;
      return { ...base, ssl, sasl: { mechanism: 'scram-sha-512', username, password } };
    }
  }
}

/** A kafkajs client for the configuration. */
export async function createKafka(
  config: KafkaConnectionConfig,
  deps: KafkaFactoryDeps = {},
): Promise<Kafka> {
  return new Kafka(await kafkaConfig(config, deps));
}
