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

/** Reads `{"username","password"}` from a Secrets Manager secret (the format MSK uses for SCRAM). */
export async function readScramSecret(
  secrets: Pick<SecretsManagerClient, 'send'>,
  secretArn: string,
): Promise<ScramCredentials> {
  let text: string | undefined;
  try {
    text = (await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    throw new KafkaCredentialsError(`Cannot read secret ${secretArn}: ${(error as Error).message}`, {
      cause: error,
    });
  }
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
