import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readInfraConfig } from '../../local/infra';
import { BROKER_SCRIPT, kafkaScramEnvFile, kafkaScramPaths } from '../../local/infra/kafka-scram-launch';
import { type LocalSecretsManager, startLocalSecretsManager } from '../../local/run/secrets-manager';
import {
  createKafka,
  createTickPublisher,
  type KafkaConnectionConfig,
  type TickPublisher,
} from '../../shared/kafka';
import { unique } from '../integration/support';
import { awsSecretFormat, pemArmour } from '../support/aws-fixtures';
import { aTick } from '../support/builders';

/**
 * The broker of kafkaMode=ec2 as its boot script makes it (resources/ec2/kafka-broker.sh), run on
 * 127.0.0.1 by the stack project's setup (the `kafkaScram` service): the producer's own Kafka code
 * against it, and each way a client or the boot gets it wrong failing at once with what to fix.
 */

const SCRAM_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ec2-broker-scram';
const CA_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ec2-broker-ca';
const WRONG_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ec2-broker-wrong-password';

/**
 * The secret Lambda's SERVER_ROOT_CA_CERTIFICATE names: one field holding the CA's PEM (Lambda
 * Developer Guide, test/fixtures/aws/secret-formats.json). The broker publishes its CA this way.
 */
const CA_SECRET_FORMAT = awsSecretFormat('lambda-kafka-server-root-ca-certificate');
const caSecretString = (pem: string) =>
  JSON.stringify(Object.fromEntries(CA_SECRET_FORMAT.fields.map((field) => [field, pem])));

const broker = () => {
  const scram = inject('localEnv').kafkaScram;
  if (!scram?.sasl || !scram.ssl) throw new Error('the stack setup did not start the SASL_SSL broker');
  return { brokers: scram.brokers, sasl: scram.sasl, ca: scram.ssl.ca };
};

let secretsManager: LocalSecretsManager;
let secrets: SecretsManagerClient;
beforeAll(async () => {
  const { sasl, ca } = broker();
  secretsManager = await startLocalSecretsManager({
    [SCRAM_ARN]: JSON.stringify(sasl),
    [CA_ARN]: caSecretString(ca),
    [WRONG_ARN]: JSON.stringify({ username: sasl.username, password: `${sasl.password}-wrong` }),
  });
  secrets = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: secretsManager.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  secrets?.destroy();
  await secretsManager?.close();
});

/** The producer's connection as its environment would give it; `scram` with the stack's CA by default. */
function connection(overrides: Partial<KafkaConnectionConfig> = {}): KafkaConnectionConfig {
  return {
    clientId: 'ec2-broker-test',
    auth: 'scram',
    brokers: broker().brokers,
    clusterArn: undefined,
    scramSecretArn: SCRAM_ARN,
    rootCaSecretArn: CA_ARN,
    region: 'us-east-1',
    connectionTimeoutMs: 3_000,
    requestTimeoutMs: 10_000,
    ...overrides,
  };
}

/** A publisher exactly as the producer builds it, over the given connection. */
function publisher(config: KafkaConnectionConfig, topic: string): TickPublisher {
  return createTickPublisher(() => createKafka(config, { secrets }), topic, config.auth);
}

/** What publishing three ticks with this connection ends in, and how long it took. */
async function publishWith(config: KafkaConnectionConfig, topic = 'ticks') {
  const p = publisher(config, topic);
  const started = Date.now();
  try {
    const result = await p.publish([aTick(), aTick({ symbol: 'N225' }), aTick({ symbol: 'HSI' })]);
    return { ok: true as const, result, ms: Date.now() - started };
  } catch (error) {
    return { ok: false as const, message: (error as Error).message, ms: Date.now() - started };
  } finally {
    await p.close();
  }
}

describe('the EC2 broker, run locally by its boot script', () => {
  it("published its CA in the secret format Lambda's SERVER_ROOT_CA_CERTIFICATE documents", () => {
    // What provision wrote where the instance would put-secret-value (CA_SECRET_FILE locally).
    const published = JSON.parse(
      readFileSync(kafkaScramPaths(readInfraConfig().localDir).caSecretFile, 'utf8'),
    );
    const { begin, end } = pemArmour(CA_SECRET_FORMAT);

    expect(Object.keys(published)).toEqual(CA_SECRET_FORMAT.fields);
    for (const field of CA_SECRET_FORMAT.fields) {
      const pem = String(published[field]).trim();
      expect(pem.startsWith(`${begin}\n`), field).toBe(true);
      expect(pem.endsWith(`\n${end}`), field).toBe(true);
    }
    // The very CA the clients below trust, as the stack setup read it back from that file.
    expect(published).toEqual(JSON.parse(caSecretString(broker().ca)));
  });

  it("takes the producer's ticks over SASL_SSL with SCRAM-SHA-512, trusting only the generated CA", async () => {
    // Prepare
    const topic = unique('ec2-ticks');
    const { brokers, sasl, ca } = broker();
    const admin = new Kafka({
      brokers,
      ssl: { ca: [ca] },
      sasl: { mechanism: 'scram-sha-512', ...sasl },
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });

    // Act
    const outcome = await publishWith(connection(), topic);
    const [offsets] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();

    // Assess
    expect(outcome).toMatchObject({ ok: true, result: { messages: 3 } });
    expect(offsets?.high).toBe('3');
  });

  it("provisioned the stack's topic with its partitions (the boot's own step)", async () => {
    const { brokers, sasl, ca } = broker();
    const admin = new Kafka({
      brokers,
      ssl: { ca: [ca] },
      sasl: { mechanism: 'scram-sha-512', ...sasl },
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: ['ticks'] });
    await admin.disconnect();
    expect(topics[0]?.partitions).toHaveLength(3);
  });

  it('refuses a wrong password at once, and says the credentials are wrong', async () => {
    const outcome = await publishWith(connection({ scramSecretArn: WRONG_ARN }));
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({
      message: expect.stringContaining('the broker refused the SCRAM-SHA-512 username or password'),
    });
    // kafkajs does not retry an authentication failure.
    expect(outcome.ms).toBeLessThan(15_000);
  });

  it('refuses a client that does not trust its CA, and names the setting that fixes it', async () => {
    const outcome = await publishWith(connection({ rootCaSecretArn: undefined }));
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({
      message: expect.stringMatching(
        /self-signed certificate in certificate chain.*KAFKA_ROOT_CA_SECRET_ARN/,
      ),
    });
    expect(outcome.ms).toBeLessThan(30_000);
  });

  it('drops a plaintext client on its TLS port, and suggests KAFKA_AUTH=scram', async () => {
    const outcome = await publishWith(
      connection({ auth: 'plaintext', scramSecretArn: undefined, rootCaSecretArn: undefined }),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({ message: expect.stringContaining('set KAFKA_AUTH=scram') });
    expect(outcome.ms).toBeLessThan(60_000);
  });

  it('refuses a client that dials a name its certificate does not carry', async () => {
    const port = broker().brokers[0]!.split(':')[1];
    const outcome = await publishWith(connection({ brokers: [`localhost:${port}`] }));
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({
      message: expect.stringContaining("the broker's certificate does not name the address dialled"),
    });
    expect(outcome.ms).toBeLessThan(30_000);
  });
});

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function script(step: string, envFile: string, input?: string) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = execFile(
      'bash',
      [BROKER_SCRIPT, step, envFile],
      { timeout: 180_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
    child.stdin?.end(input ?? '');
  });
}

describe('the boot script, on a broker of its own', () => {
  const { localDir, java } = readInfraConfig();
  const dist = kafkaScramPaths(localDir).distFile;
  const distSha512 = () => readFileSync(`${dist}.sha512`, 'utf8').split(' ')[0]!;
  let home: string;
  let envFileFor: (options: { advertisedHost?: string; sha512?: string }) => string;
  let running: ReturnType<typeof spawn> | undefined;
  let paths: ReturnType<typeof kafkaScramPaths>;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'stock-ticks-ec2-boot-'));
    const ports = { client: await freePort(), internal: await freePort(), controller: await freePort() };
    paths = kafkaScramPaths(home);
    envFileFor = ({ advertisedHost, sha512 }) => {
      const file = path.join(home, `${unique('broker')}.env`);
      writeFileSync(
        file,
        kafkaScramEnvFile({
          version: readInfraConfig().kafkaScram.version,
          distUrl: `file://${dist}`,
          distSha512: sha512 ?? distSha512(),
          paths,
          ports,
          topic: 'ticks',
          partitions: 2,
          marker: `-Dlocal.infra=ec2-boot-test@${home}`,
          java,
          ...(advertisedHost ? { advertisedHost } : {}),
        }),
      );
      return file;
    };
  });
  afterAll(async () => {
    if (running?.pid) {
      running.kill('SIGTERM');
      await new Promise((resolve) => running?.once('exit', resolve));
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('refuses a Kafka release whose SHA-512 is not the pinned one', async () => {
    const { code, output } = await script('install', envFileFor({ sha512: 'f'.repeat(128) }));
    expect(code).not.toBe(0);
    expect(output).toContain('does not match the pinned SHA-512');
  });

  it('fails the boot, naming the address, when clients cannot use the advertised one', async () => {
    // Prepare: a broker that advertises a name nobody can resolve (RFC 6761 reserves .invalid).
    const envFile = envFileFor({ advertisedHost: 'kafka.broker.invalid' });
    expect((await script('install', envFile)).code).toBe(0);
    expect((await script('configure', envFile)).code).toBe(0);
    running = spawn('bash', [BROKER_SCRIPT, 'run', envFile], { stdio: 'ignore' });

    // Act
    const { code, output } = await script(
      'provision',
      envFile,
      JSON.stringify({ username: 'stock-ticks', password: 'a-test-password' }),
    );

    // Assess: the SCRAM user and the topic were made, the client check failed and said why.
    expect(output).toContain('topic ticks created with 2 partitions');
    expect(code).not.toBe(0);
    expect(output).toContain(
      'a SASL_SSL client cannot use the broker at its advertised address kafka.broker.invalid:',
    );
  });

  it('keeps its CA across configure runs, and reissues the certificate for a new address', async () => {
    const ca = () => readFileSync(path.join(paths.stateDir, 'tls', 'ca.pem'), 'utf8');
    const cert = () => readFileSync(path.join(paths.stateDir, 'tls', 'broker.pem'), 'utf8');
    const [caBefore, certBefore] = [ca(), cert()];

    const again = await script('configure', envFileFor({ advertisedHost: 'kafka.broker.invalid' }));
    expect(again.output).not.toContain('issuing');
    expect([ca(), cert()]).toEqual([caBefore, certBefore]);

    const moved = await script('configure', envFileFor({ advertisedHost: '127.0.0.1' }));
    expect(moved.output).toContain('issuing the broker certificate for IP:127.0.0.1');
    expect(ca()).toBe(caBefore);
    expect(cert()).not.toBe(certBefore);
  });
});
