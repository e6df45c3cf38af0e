import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  KafkaClientError,
  KafkaCredentialsError,
  readRootCaSecret,
  readScramSecret,
} from '../../../shared/kafka';
import { fakeAwsClient } from '../../support/aws';
import { awsSecretFormat, pemArmour } from '../../support/aws-fixtures';

type Secrets = Pick<SecretsManagerClient, 'send'>;

// The MSK SASL/SCRAM tutorial's secret (test/fixtures/aws/arns.json), 12-digit account, eu-west-1.
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789019:secret:AmazonMSK_MyClusterSecret';

function secretsHolding(SecretString: string | undefined) {
  return fakeAwsClient<Secrets>(() => ({ SecretString }));
}

/** The KafkaCredentialsError a secret text leads to, failing the test if it was accepted. */
async function errorFor(secretString: string | undefined): Promise<KafkaCredentialsError> {
  try {
    await readScramSecret(secretsHolding(secretString).client, SECRET);
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaCredentialsError);
    expect(error).toBeInstanceOf(KafkaClientError);
    return error as KafkaCredentialsError;
  }
  throw new Error('expected a KafkaCredentialsError');
}

describe('readScramSecret', () => {
  it('reads username and password from the secret it is given', async () => {
    // Prepare
    const { client, commands } = secretsHolding('{"username":"ticks","password":"s3cr3t-Pa55"}');

    // Act
    const credentials = await readScramSecret(client, SECRET);

    // Assess
    expect(credentials).toEqual({ username: 'ticks', password: 's3cr3t-Pa55' });
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(GetSecretValueCommand);
    expect((commands[0] as GetSecretValueCommand).input).toEqual({ SecretId: SECRET });
  });

  it('wraps a Secrets Manager failure with the cause, naming the secret', async () => {
    // Prepare
    const cause = new Error('Secrets Manager can’t find the specified secret.');
    const { client } = fakeAwsClient<Secrets>(() => {
      throw cause;
    });

    // Act
    const result = readScramSecret(client, SECRET);

    // Assess
    await expect(result).rejects.toThrow(KafkaCredentialsError);
    await expect(result).rejects.toMatchObject({
      message: `Cannot read secret ${SECRET}: ${cause.message}`,
      cause,
      name: 'KafkaCredentialsError',
    });
  });

  it('refuses a secret that is not JSON without repeating its text', async () => {
    // Act
    const error = await errorFor('username=ticks password=hunter2');

    // Assess
    expect(error.message).toBe(`Secret ${SECRET} is not JSON; expected {"username":"…","password":"…"}`);
    expect(error.message).not.toContain('hunter2');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses a binary secret (no SecretString)', async () => {
    expect((await errorFor(undefined)).message).toContain('is not JSON');
  });

  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '["ticks","hunter2"]'],
    ['no password', '{"username":"ticks"}'],
    ['no username', '{"password":"hunter2"}'],
    ['an empty username', '{"username":"","password":"hunter2"}'],
    ['an empty password', '{"username":"ticks","password":""}'],
    ['a numeric password', '{"username":"ticks","password":12345}'],
  ])('refuses a secret holding %s, without repeating its text', async (_, text) => {
    // Act
    const error = await errorFor(text);

    // Assess
    expect(error.message).toBe(`Secret ${SECRET} must hold {"username":"…","password":"…"} strings`);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('readRootCaSecret', () => {
  // Lambda's SERVER_ROOT_CA_CERTIFICATE secret as its developer guide shows it
  // (test/fixtures/aws/secret-formats.json): one field, the CA's PEM.
  const FORMAT = awsSecretFormat('lambda-kafka-server-root-ca-certificate');
  const { begin, end } = pemArmour(FORMAT);
  const PEM = `${begin}\nMIIBszCCAVmgAwIBAgIU\n${end}\n`;

  it('reads the PEM from {"certificate"}, the format of Lambda\'s SERVER_ROOT_CA_CERTIFICATE', async () => {
    expect(FORMAT.fields).toEqual(['certificate']);
    const { client, commands } = secretsHolding(JSON.stringify({ [FORMAT.fields[0]!]: PEM }));
    await expect(readRootCaSecret(client, SECRET)).resolves.toBe(PEM);
    expect((commands[0] as GetSecretValueCommand).input).toEqual({ SecretId: SECRET });
  });

  it.each([
    [
      'the placeholder the stack creates before the broker publishes',
      '{"certificate":"published by the broker at first boot"}',
    ],
    ['another key', JSON.stringify({ cert: PEM })],
    ['not JSON', PEM],
    ['no string', undefined],
  ])('refuses %s, naming the secret and the format', async (_, text) => {
    const error = await readRootCaSecret(secretsHolding(text).client, SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaCredentialsError);
    expect((error as Error).message).toBe(
      `Secret ${SECRET} must hold {"certificate":"-----BEGIN CERTIFICATE-----\\n…"}, the PEM of the CA that signed the brokers' certificates`,
    );
  });

  it('names the secret when it cannot be read', async () => {
    const failing = fakeAwsClient<Secrets>(() => {
      throw new Error('AccessDeniedException: not authorized');
    });
    await expect(readRootCaSecret(failing.client, SECRET)).rejects.toThrow(
      `Cannot read secret ${SECRET}: AccessDeniedException: not authorized`,
    );
  });
});
