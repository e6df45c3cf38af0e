import type { EnvReader } from '../config';
import { BROKER, MSK_CLUSTER_ARN, SECRET_ARN } from '../rules';
import { KAFKA_AUTH_MODES, type KafkaConnectionConfig } from './types';

/**
 * Reads how to reach the cluster (`KAFKA_AUTH`, `KAFKA_BROKERS` or `MSK_CLUSTER_ARN`, the SCRAM
 * and CA secrets, timeouts) from a function's environment: the same variables for every function
 * that talks to Kafka, so the stack gives them all one set. Problems go to the reader, which
 * reports them together with the function's others.
 */
export function readKafkaConnection(r: EnvReader, clientId: string): KafkaConnectionConfig {
  const auth = r.oneOf('KAFKA_AUTH', KAFKA_AUTH_MODES);
  const brokers = r.list('KAFKA_BROKERS', {
    default: [],
    item: BROKER,
    example: 'b-1.example:9098,b-2.example:9098',
  });
  const clusterArn = r.optional('MSK_CLUSTER_ARN', {
    pattern: MSK_CLUSTER_ARN,
    example:
      'arn:aws:kafka:us-east-1:123456789012:cluster/msk-serverless-tutorial-cluster/c07c74ea-5146-4a03-add1-9baa787a5b14-s3',
  });
  const scramSecretArn = r.optional('KAFKA_SCRAM_SECRET_ARN', {
    pattern: SECRET_ARN,
    example: 'arn:aws:secretsmanager:us-west-2:123456789019:secret:AmazonMSK_MyClusterSecret',
  });
  const rootCaSecretArn = r.optional('KAFKA_ROOT_CA_SECRET_ARN', {
    pattern: SECRET_ARN,
    example: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:MyBrokerCASecret',
  });
  const region = r.string('AWS_REGION', { default: 'us-east-1' });
  if (brokers.length === 0 && !clusterArn) {
    r.problem('KAFKA_BROKERS', 'or MSK_CLUSTER_ARN is required', '127.0.0.1:29092');
  }
  if (auth === 'scram' && !scramSecretArn)
    r.problem('KAFKA_SCRAM_SECRET_ARN', 'is required when KAFKA_AUTH=scram');
  if (rootCaSecretArn && auth !== 'scram')
    r.problem(
      'KAFKA_ROOT_CA_SECRET_ARN',
      `is set but KAFKA_AUTH=${auth} does not use it: only scram brokers take a private CA`,
    );
  return {
    clientId: r.string('KAFKA_CLIENT_ID', { default: clientId }),
    auth,
    brokers,
    clusterArn,
    scramSecretArn,
    rootCaSecretArn,
    region,
    connectionTimeoutMs: r.int('KAFKA_CONNECTION_TIMEOUT_MS', { default: 3_000, min: 100, max: 60_000 }),
    requestTimeoutMs: r.int('KAFKA_REQUEST_TIMEOUT_MS', { default: 10_000, min: 100, max: 300_000 }),
  };
}
