import { GetBootstrapBrokersCommand, type KafkaClient } from '@aws-sdk/client-kafka';
import { describe, expect, it } from 'vitest';
import {
  BrokerDiscoveryError,
  discoverBrokers,
  type KafkaAuthMode,
  KafkaClientError,
  splitBrokers,
} from '../../../shared/kafka';
import { fakeAwsClient } from '../../support/aws';

type MskApi = Pick<KafkaClient, 'send'>;

// AWS's with-msk example cluster (test/fixtures/aws/arns.json), moved to eu-west-1.
const CLUSTER =
  'arn:aws:kafka:eu-west-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2';
const RESPONSE = {
  BootstrapBrokerString: 'b-1.x:9092,b-2.x:9092',
  BootstrapBrokerStringSaslIam: 'b-1.x:9098,b-2.x:9098',
  BootstrapBrokerStringSaslScram: 'b-1.x:9096,b-2.x:9096',
  BootstrapBrokerStringTls: 'b-1.x:9094',
};

describe('discoverBrokers', () => {
  it.each<[KafkaAuthMode, string[]]>([
    ['iam', ['b-1.x:9098', 'b-2.x:9098']],
    ['scram', ['b-1.x:9096', 'b-2.x:9096']],
    ['plaintext', ['b-1.x:9092', 'b-2.x:9092']],
  ])('%s: asks MSK for the cluster and picks the bootstrap string of that mode', async (auth, expected) => {
    // Prepare
    const { client, commands } = fakeAwsClient<MskApi>(() => RESPONSE);

    // Act
    const brokers = await discoverBrokers(client, CLUSTER, auth);

    // Assess
    expect(brokers).toEqual(expected);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(GetBootstrapBrokersCommand);
    expect((commands[0] as GetBootstrapBrokersCommand).input).toEqual({ ClusterArn: CLUSTER });
  });

  it('refuses a cluster without brokers for the mode, naming the field and the mode', async () => {
    // Prepare
    const { client } = fakeAwsClient<MskApi>(() => ({ BootstrapBrokerString: 'b-1.x:9092' }));

    // Act
    const result = discoverBrokers(client, CLUSTER, 'iam');

    // Assess
    await expect(result).rejects.toThrow(BrokerDiscoveryError);
    await expect(result).rejects.toThrow(
      `Cluster ${CLUSTER} has no BootstrapBrokerStringSaslIam: is iam authentication enabled on it?`,
    );
  });

  it('refuses a bootstrap string of only commas and blanks', async () => {
    const { client } = fakeAwsClient<MskApi>(() => ({ BootstrapBrokerStringSaslScram: ' , ' }));
    await expect(discoverBrokers(client, CLUSTER, 'scram')).rejects.toThrow(BrokerDiscoveryError);
  });

  it('wraps an API failure with the cause and what to check', async () => {
    // Prepare
    const cause = Object.assign(new Error('User is not authorized to perform: kafka:GetBootstrapBrokers'), {
      name: 'AccessDeniedException',
    });
    const { client } = fakeAwsClient<MskApi>(() => {
      throw cause;
    });

    // Act
    let thrown: unknown;
    try {
      await discoverBrokers(client, CLUSTER, 'iam');
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(BrokerDiscoveryError);
    expect(thrown).toBeInstanceOf(KafkaClientError);
    const error = thrown as BrokerDiscoveryError;
    expect(error.name).toBe('BrokerDiscoveryError');
    expect(error.cause).toBe(cause);
    expect(error.message).toContain(`Cannot get bootstrap brokers of ${CLUSTER}: User is not authorized`);
    expect(error.message).toContain('kafka:GetBootstrapBrokers');
    expect(error.message).toContain('KAFKA_BROKERS');
  });
});

describe('splitBrokers', () => {
  it('splits on commas, trimming and dropping empty items', () => {
    expect(splitBrokers(' b-1:9098 ,, b-2:9098,')).toEqual(['b-1:9098', 'b-2:9098']);
    expect(splitBrokers('')).toEqual([]);
  });
});
