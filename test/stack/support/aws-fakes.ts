import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalSecretsManager } from '../../../local/run/secrets-manager';

/**
 * Stand-ins for what a packaged function reaches beyond Kafka and S3 (which the tests run for
 * real): the MSK and Secrets Manager control-plane APIs, CloudFormation's pre-signed response URL,
 * and a TCP listener that records who dials a broker address. All on 127.0.0.1; each answers in
 * the wire format AWS's API references document, with values from test/fixtures/aws.
 */

export interface Listening {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const closer = (server: Server | ReturnType<typeof createTcpServer>) => () =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as Server).closeAllConnections?.();
  });

async function listen(
  server: Server | ReturnType<typeof createTcpServer>,
  scheme: string,
): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `${scheme}://127.0.0.1:${port}`, port, close: closer(server) };
}

const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => resolve(body));
  });

/** Records every TCP connection to it and closes it at once: a broker address nobody serves. */
export async function brokerCatcher(): Promise<Listening & { readonly connections: () => number }> {
  let count = 0;
  const server = createTcpServer((socket) => {
    count++;
    socket.destroy();
  });
  const listening = await listen(server, 'tcp');
  return { ...listening, connections: () => count };
}

/**
 * The MSK API's GetBootstrapBrokers (`GET /v1/clusters/{clusterArn}/bootstrap-brokers`), answering
 * the given output. The CLI shows it with PascalCase names; on the wire the REST API uses the
 * lowerCamelCase names of the API reference's GetBootstrapBrokersResponse
 * (https://docs.aws.amazon.com/msk/1.0/apireference/clusters-clusterarn-bootstrap-brokers.html).
 */
export async function mskApi(
  output: Readonly<Record<string, string>>,
): Promise<Listening & { readonly calls: string[] }> {
  const calls: string[] = [];
  const wire = Object.fromEntries(
    Object.entries(output).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), v]),
  );
  const server = createHttpServer((req, res) => {
    const match = /^\/v1\/clusters\/([^/]+)\/bootstrap-brokers$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    calls.push(decodeURIComponent(match[1]!));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(wire));
  });
  return { ...(await listen(server, 'http')), calls };
}

/**
 * Secrets Manager's GetSecretValue answering `secretString` for any secret: the harness's own
 * loopback Secrets Manager (local/run/secrets-manager.ts) with every asked id known.
 */
export async function secretsManagerApi(
  secretString: string,
): Promise<Listening & { readonly calls: readonly string[] }> {
  const every = new Proxy({} as Record<string, string>, { get: () => secretString });
  const server = await startLocalSecretsManager(every);
  return {
    url: server.url,
    port: Number(new URL(server.url).port),
    calls: server.calls,
    close: server.close,
  };
}

/** A self-signed certificate for 127.0.0.1, made with the system's openssl. */
function selfSignedCertificate(): { key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stock-ticks-tls-'));
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/**
 * CloudFormation's pre-signed S3 URL for a custom resource's answer (an HTTPS PUT), on 127.0.0.1
 * with a self-signed certificate; `certFile` is what the function must trust (NODE_EXTRA_CA_CERTS).
 */
export async function cloudFormationResponses(): Promise<
  Listening & { readonly answers: Record<string, unknown>[]; readonly certFile: string }
> {
  const answers: Record<string, unknown>[] = [];
  const { key, cert, certFile } = selfSignedCertificate();
  const server = createHttpsServer({ key, cert }, async (req, res) => {
    const body = await bodyOf(req);
    if (req.method === 'PUT') answers.push(JSON.parse(body) as Record<string, unknown>);
    res.writeHead(200).end();
  });
  return { ...(await listen(server as unknown as Server, 'https')), answers, certFile };
}
