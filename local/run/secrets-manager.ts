/**
 * Secrets Manager's GetSecretValue on 127.0.0.1, serving the secrets the local harness generated
 * (the SASL_SSL broker's SCRAM credentials and CA). The functions and the event-source-mapping
 * emulator reach it through the SDK's own endpoint override (AWS_ENDPOINT_URL_SECRETS_MANAGER), so
 * they read their secrets with the code that runs in AWS. It speaks the wire format of the API
 * reference (JSON 1.1, `X-Amz-Target: secretsmanager.GetSecretValue`,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html) and
 * answers an unknown secret with ResourceNotFoundException, as AWS does.
 */
import { createServer, type IncomingMessage } from 'node:http';

export interface LocalSecretsManager {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The SecretId of every GetSecretValue received, in order. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };

const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

/**
 * Serves `secrets` (SecretId, i.e. an ARN, to SecretString) until `close()`.
 *
 * @example
 * const sm = await startLocalSecretsManager({ [arn]: '{"username":"u","password":"p"}' });
 * process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
 */
export async function startLocalSecretsManager(
  secrets: Readonly<Record<string, string>>,
): Promise<LocalSecretsManager> {
  const calls: string[] = [];
  const server = createServer(async (req, res) => {
    let request: { SecretId?: unknown } = {};
    try {
      request = JSON.parse((await bodyOf(req)) || '{}');
    } catch {
      // answered below as a validation error
    }
    const id = typeof request.SecretId === 'string' ? request.SecretId : undefined;
    if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue' || id === undefined) {
      res
        .writeHead(400, JSON_11)
        .end(
          JSON.stringify({ __type: 'ValidationException', message: 'only GetSecretValue with a SecretId' }),
        );
      return;
    }
    calls.push(id);
    const value = secrets[id];
    if (value === undefined) {
      res.writeHead(400, JSON_11).end(
        JSON.stringify({
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        }),
      );
      return;
    }
    res.writeHead(200, JSON_11).end(
      JSON.stringify({
        ARN: id,
        Name: id.split(':secret:')[1] ?? id,
        SecretString: value,
        VersionId: '00000000-0000-0000-0000-000000000001',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Math.floor(Date.now() / 1000),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
