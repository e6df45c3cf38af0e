import {
  GetBootstrapBrokersCommand,
  type GetBootstrapBrokersResponse,
  type KafkaClient,
} from '@aws-sdk/client-kafka';
import { BrokerDiscoveryError } from './errors';
import type { KafkaAuthMode } from './types';

// Which of MSK's bootstrap strings serves each auth mode (9098 IAM, 9096 SCRAM, 9092 plaintext).
const BROKER_FIELD: Record<KafkaAuthMode, keyof GetBootstrapBrokersResponse> = {
  iam: 'BootstrapBrokerStringSaslIam',
  scram: 'BootstrapBrokerStringSaslScram',
  plaintext: 'BootstrapBrokerString',
};

/**
 * Asks MSK for a cluster's bootstrap brokers for an auth mode. Callers cache the answer per
 * container: brokers rarely change and every call costs latency and API quota.
 */
export async function discoverBrokers(
  kafka: Pick<KafkaClient, 'send'>,
  clusterArn: string,
  auth: KafkaAuthMode,
): Promise<string[]> {
  let response: GetBootstrapBrokersResponse;
  try {
    response = await kafka.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }));
  } catch (error) {
    throw new BrokerDiscoveryError(
      `Cannot get bootstrap brokers of ${clusterArn}: ${(error as Error).message}. ` +
        'Check kafka:GetBootstrapBrokers permission and network access to the MSK API (NAT or VPC endpoint), or set KAFKA_BROKERS.',
      { cause: error },
    );
  }
  const value = response[BROKER_FIELD[auth]];
  const brokers = typeof value === 'string' ? splitBrokers(value) : [];
  if (brokers.length === 0) {
    throw new BrokerDiscoveryError(
      `Cluster ${clusterArn} has no ${BROKER_FIELD[auth]}: is ${auth} authentication enabled on it?`,
    );
  }
  return brokers;
}

/** Splits a comma-separated bootstrap string. */
export function splitBrokers(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
