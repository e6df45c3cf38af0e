import { GetBootstrapBrokersCommand, type KafkaClient } from '@aws-sdk/client-kafka';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  createKafka,
  KafkaCredentialsError,
  type KafkaFactoryDeps,
  kafkaConfig,
} from '../../../shared/kafka';
import { fakeAwsClient, unusedAwsClient } from '../../support/aws';
import { aKafkaConnection } from '../../support/builders';

type MskApi = Pick<KafkaClient, 'send'>;
type Secrets = Pick<SecretsManagerClient, 'send'>;

// AWS's with-msk example cluster (test/fixtures/aws/arns.json), moved to eu-west-1.
const CLUSTER =
  'arn:aws:kafka:eu-west-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2';
// The MSK SASL/SCRAM tutorial's secret (test/fixtures/aws/arns.json), 12-digit account, eu-west-1.
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789019:secret:AmazonMSK_MyClusterSecret';

const noAws: KafkaFactoryDeps = { mskApi: unusedAwsClient<MskApi>(), secrets: unusedAwsClient<Secrets>() };

describe('kafkaConfig', () => {
  it('plaintext with brokers: no TLS, no SASL, and no AWS call', async () => {
    // Act
    const config = await kafkaConfig(aKafkaConnection(), noAws);

    // Assess
    expect(config).toEqual({
      clientId: 'produce-ticks',
      brokers: ['127.0.0.1:29092'],
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
      logLevel: logLevel.WARN,
    });
  });

  it('copies the brokers rather than sharing the configured list', async () => {
    // Prepare
    const brokers = ['a:9092', 'b:9092'];

    // Act
    const config = await kafkaConfig(aKafkaConnection({ brokers }), noAws);

    // Assess
    expect(config.brokers).toEqual(brokers);
    expect(config.brokers).not.toBe(brokers);
  });

  it('plaintext without brokers: discovers the plaintext bootstrap string of the cluster', async () => {
    // Prepare
    const msk = fakeAwsClient<MskApi>(() => ({ BootstrapBrokerString: 'b-1.x:9092,b-2.x:9092' }));

    // Act
    const config = await kafkaConfig(aKafkaConnection({ brokers: [], clusterArn: CLUSTER }), {
      ...noAws,
      mskApi: msk.client,
    });

    // Assess
    expect(config.brokers).toEqual(['b-1.x:9092', 'b-2.x:9092']);
    expect((msk.commands[0] as GetBootstrapBrokersCommand).input).toEqual({ ClusterArn: CLUSTER });
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
  });

  it('iam: TLS and an OAUTHBEARER token provider, brokers from the IAM bootstrap string', async () => {
    // Prepare
    const msk = fakeAwsClient<MskApi>(() => ({ BootstrapBrokerStringSaslIam: 'b-1.x:9098' }));

    // Act
    const config = await kafkaConfig(aKafkaConnection({ auth: 'iam', brokers: [], clusterArn: CLUSTER }), {
      ...noAws,
      mskApi: msk.client,
    });

    // Assess: the provider signs with the role's credentials when kafkajs calls it; not called here.
    expect(config.brokers).toEqual(['b-1.x:9098']);
    expect(msk.commands[0]).toBeInstanceOf(GetBootstrapBrokersCommand);
    expect(config.ssl).toBe(true);
    expect(config.sasl).toMatchObject({ mechanism: 'oauthbearer' });
    expect(typeof (config.sasl as { oauthBearerProvider?: unknown }).oauthBearerProvider).toBe('function');
  });

  it('scram: TLS and SCRAM-SHA-512 with the credentials of the secret', async () => {
    // Prepare
    const secrets = fakeAwsClient<Secrets>(() => ({ SecretString: '{"username":"ticks","password":"pw"}' }));

    // Act
    const config = await kafkaConfig(
      aKafkaConnection({ auth: 'scram', brokers: ['b-1.x:9096'], scramSecretArn: SECRET }),
      { ...noAws, secrets: secrets.client },
    );

    // Assess
    expect(config.ssl).toBe(true);
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'ticks', password: 'pw' });
    expect(config.brokers).toEqual(['b-1.x:9096']);
    expect(secrets.commands).toHaveLength(1);
  });

  it('scram: fails with KafkaCredentialsError when the secret cannot be read', async () => {
    // Prepare
    const secrets = fakeAwsClient<Secrets>(() => {
      throw new Error('AccessDenied');
    });

    // Act
    const result = kafkaConfig(aKafkaConnection({ auth: 'scram', scramSecretArn: SECRET }), {
      ...noAws,
      secrets: secrets.client,
    });

    // Assess
    await expect(result).rejects.toThrow(KafkaCredentialsError);
  });
});

describe('createKafka', () => {
  it('builds a kafkajs client without connecting', async () => {
    await expect(createKafka(aKafkaConnection(), noAws)).resolves.toBeInstanceOf(Kafka);
  });
});
