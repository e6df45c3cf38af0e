import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import type { OauthbearerProviderResponse } from 'kafkajs';
import { KafkaCredentialsError } from './errors';
import type { ScramCredentials } from './types';

/**
 * An OAUTHBEARER token provider for MSK IAM. Signing is local (SigV4 with the function's role),
 * so kafkajs can call it on every (re)authentication without network cost.
 */
export function mskIamTokenProvider(region: string): () => Promise<OauthbearerProviderResponse> {
  return async () => {
    const { token } = await generateAuthToken({ region });
    return { value: token };
  };
}

/** Reads a secret's string; a failure names the secret. */
async function secretString(secrets: Pick<SecretsManagerClient, 'send'>, secretArn: string): Promise<string> {
  try {
    return (await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString ?? '';
  } catch (error) {
    throw new KafkaCredentialsError(`Cannot read secret ${secretArn}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Reads the PEM of a root CA from `{"certificate":"-----BEGIN CERTIFICATE-----…"}`, the format
 * Lambda's event source mapping reads for SERVER_ROOT_CA_CERTIFICATE (Lambda Developer Guide,
 * kafka-cluster-auth), so the producer and the mapping trust the broker through one secret.
 */
export async function readRootCaSecret(
  secrets: Pick<SecretsManagerClient, 'send'>,
  secretArn: string,
): Promise<string> {
  const text = await secretString(secrets, secretArn);
  let certificate: unknown;
  try {
    certificate = (JSON.parse(text) as Record<string, unknown> | null)?.certificate;
  } catch {
    certificate = undefined;
  }
  if (typeof certificate !== 'string' || !certificate.includes('-----BEGIN CERTIFICATE-----')) {
    throw new KafkaCredentialsError(
      `Secret ${secretArn} must hold {"certificate":"-----BEGIN CERTIFICATE-----\\n…"}, the PEM of the CA that signed the brokers' certificates`,
    );
  }
  return certificate;
}

/** Reads `{"username","password"}` from a Secrets Manager secret (the format MSK uses for SCRAM). */
export async function readScramSecret(
  secrets: Pick<SecretsManagerClient, 'send'>,
  secretArn: string,
): Promise<ScramCredentials> {
  const text = await secretString(secrets, secretArn);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch (error) {
    throw new KafkaCredentialsError(
      `Secret ${secretArn} is not JSON; expected {"username":"…","password":"…"}`,
      {
        cause: error,
      },
    );
  }
  const { username, password } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
    throw new KafkaCredentialsError(`Secret ${secretArn} must hold {"username":"…","password":"…"} strings`);
  }
  return { username, password };
}
