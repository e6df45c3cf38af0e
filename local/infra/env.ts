/** Pure mapping from a configuration to the addresses and client settings the callers use. */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { KafkaConfig } from 'kafkajs';
import type { InfraConfig } from './config';
import { S3MOCK_CREDENTIALS } from './s3mock';
import { trinoPaths } from './trino-launch';
import type { LocalEnv, LocalKafka, LocalS3 } from './types';

/**
 * The addresses a configuration points at, whether or not anything runs there; Trino's only when
 * it is external or `started` has an entry for it (the `up()` was asked for it).
 *
 * @example
 * envFor(readInfraConfig(), { kafka: false, s3: false }).kafkaBrokers; // ['127.0.0.1:29092']
 */
export function envFor(
  config: InfraConfig,
  started: LocalEnv['started'],
  env: Record<string, string | undefined> = process.env,
): LocalEnv {
  const kafkaBrokers =
    config.kafka.mode === 'local' ? [`127.0.0.1:${config.kafka.port}`] : config.kafka.brokers;
  let s3: LocalS3;
  switch (config.s3.mode) {
    case 'local':
      s3 = {
        endpoint: `http://127.0.0.1:${config.s3.port}`,
        region: config.s3.region,
        bucket: config.s3.bucket,
        forcePathStyle: true,
        credentials: { ...S3MOCK_CREDENTIALS },
      };
      break;
    case 'external': {
      const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
      s3 = {
        endpoint: config.s3.endpoint,
        region: config.s3.region,
        bucket: config.s3.bucket,
        forcePathStyle: true,
        credentials:
          accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : { ...S3MOCK_CREDENTIALS },
      };
      break;
    }
    case 'aws':
      s3 = { endpoint: undefined, region: config.s3.region, bucket: config.s3.bucket, forcePathStyle: false };
      break;
  }
  const trino =
    config.trino.mode === 'external'
      ? { url: config.trino.url }
      : started.trino === undefined
        ? undefined
        : {
            url: `http://127.0.0.1:${config.trino.port}`,
            metastoreDir: trinoPaths(config.localDir).metastoreDir,
          };
  return { kafkaBrokers, s3, trino, started };
}

/**
 * The kafkajs settings of a cluster: TLS trusting its CA and SCRAM-SHA-512 when it has them.
 *
 * @example
 * new Kafka({ clientId: 'me', ...kafkaClientConfig(env.kafkaScram ?? { brokers: env.kafkaBrokers }) });
 */
export function kafkaClientConfig(kafka: LocalKafka): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  return {
    brokers: [...kafka.brokers],
    ...(kafka.ssl ? { ssl: { ca: [kafka.ssl.ca] } } : {}),
    ...(kafka.sasl ? { sasl: { mechanism: 'scram-sha-512', ...kafka.sasl } } : {}),
  };
}

/**
 * The @aws-sdk/client-s3 configuration for a LocalS3: path-style addressing and static dummy
 * credentials for a local endpoint; only the region for real AWS (default credential chain).
 *
 * @example
 * const s3 = new S3Client(s3ClientConfig(env.s3));
 */
export function s3ClientConfig(s3: LocalS3): S3ClientConfig {
  return {
    region: s3.region,
    ...(s3.endpoint === undefined ? {} : { endpoint: s3.endpoint }),
    forcePathStyle: s3.forcePathStyle,
    ...(s3.credentials === undefined ? {} : { credentials: { ...s3.credentials } }),
  };
}
