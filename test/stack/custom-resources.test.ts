import { readFileSync } from 'node:fs';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ensureTopic,
  handleTopicEvent,
  type TopicResourceDeps,
} from '../../resources/custom-resources/ensure-topic';
import { BOOTSTRAP_BROKERS_FILE } from '../../resources/stack/cluster';
import { arnsOf, awsEvent, awsResponse } from '../support/aws-fixtures';

// The cluster this stack would create: an MSK Serverless ARN as AWS documents one.
const CLUSTER = arnsOf('msk-cluster-serverless')[0]!;
const BROKERS = awsResponse<{ BootstrapBrokerStringSaslIam: string }>(
  'get-bootstrap-brokers',
).BootstrapBrokerStringSaslIam;
const RESPONSE_URL = 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/response';

type RequestType = 'Create' | 'Update' | 'Delete';

/**
 * CloudFormation's request as AWS documents it (test/fixtures/aws/events/cfn-custom-resource-*),
 * carrying this stack's properties instead of the page's placeholders: CloudFormation passes the
 * template's Properties (all as strings) plus ServiceToken, and a pre-signed ResponseURL.
 */
function event(
  requestType: RequestType,
  properties: Record<string, string> = {},
): CloudFormationCustomResourceEvent {
  const documented = awsEvent<Record<string, unknown>>(
    `cfn-custom-resource-${requestType.toLowerCase() as Lowercase<RequestType>}`,
  );
  const props = {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:stock-ticks-test-ensureTopic',
    ClusterArn: CLUSTER,
    Brokers: BROKERS,
    Topic: 'ticks',
    Partitions: '3',
    ...properties,
  };
  return {
    ...documented,
    ResponseURL: RESPONSE_URL,
    ResourceProperties: props,
    ...(requestType === 'Update' ? { OldResourceProperties: { ...props, Partitions: '3' } } : {}),
  } as unknown as CloudFormationCustomResourceEvent;
}

/** A Kafka admin holding topics with their partition counts. */
function fakeAdmin(existing: Record<string, number> = {}) {
  const topics = new Map(Object.entries(existing));
  return {
    topics,
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(async () => {}),
    createTopics: vi.fn(
      async ({ topics: asked }: { topics: { topic: string; numPartitions?: number }[] }) => {
        const fresh = asked.filter((t) => !topics.has(t.topic));
        for (const t of fresh) topics.set(t.topic, t.numPartitions ?? 1);
        return fresh.length > 0;
      },
    ),
    fetchTopicMetadata: vi.fn(async ({ topics: asked }: { topics: string[] }) => ({
      topics: asked
        .filter((t) => topics.has(t))
        .map((name) => ({
          name,
          partitions: Array.from({ length: topics.get(name)! }, (_, partitionId) => ({
            partitionId,
            partitionErrorCode: 0,
            leader: 1,
            replicas: [1],
            isr: [1],
          })),
        })),
    })),
    createPartitions: vi.fn(
      async ({ topicPartitions }: { topicPartitions: { topic: string; count: number }[] }) => {
        for (const { topic, count } of topicPartitions) topics.set(topic, count);
        return true;
      },
    ),
  };
}

function deps(admin: ReturnType<typeof fakeAdmin>) {
  const answers: { url: string; body: Record<string, unknown> }[] = [];
  const d: TopicResourceDeps = {
    admin: async () => admin as unknown as Awaited<ReturnType<TopicResourceDeps['admin']>>,
    respond: async (url, body) => {
      answers.push({ url, body: JSON.parse(body) });
    },
  };
  return { deps: d, answers };
}

describe('the topic custom resource (kafkaMode=create)', () => {
  beforeEach(() => {
    // The handler logs JSON lines for CloudWatch; keep them out of the test output.
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    return () => vi.restoreAllMocks();
  });

  it('creates the topic with the asked partitions and answers SUCCESS to the pre-signed URL', async () => {
    // Prepare
    const admin = fakeAdmin();
    const { deps: d, answers } = deps(admin);

    // Act
    await handleTopicEvent(event('Create'), { logStreamName: 'log' }, d);

    // Assess
    expect(admin.createTopics).toHaveBeenCalledWith(
      expect.objectContaining({ topics: [{ topic: 'ticks', numPartitions: 3 }], waitForLeaders: true }),
    );
    expect(admin.disconnect).toHaveBeenCalled();
    expect(answers).toEqual([
      {
        url: RESPONSE_URL,
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: `${CLUSTER}/ticks`,
          // Echoed from the request, as CloudFormation requires.
          StackId: awsEvent<{ StackId: string }>('cfn-custom-resource-create').StackId,
          RequestId: awsEvent<{ RequestId: string }>('cfn-custom-resource-create').RequestId,
          LogicalResourceId: awsEvent<{ LogicalResourceId: string }>('cfn-custom-resource-create')
            .LogicalResourceId,
          Data: { Topic: 'ticks', Partitions: '3' },
        }),
      },
    ]);
  });

  it('succeeds when the topic already exists with the asked partitions (a retried deploy)', async () => {
    const admin = fakeAdmin({ ticks: 3 });

    await expect(ensureTopic(admin, 'ticks', 3)).resolves.toEqual({ action: 'exists', partitions: 3 });
    const { deps: d, answers } = deps(admin);
    await handleTopicEvent(event('Update'), { logStreamName: 'log' }, d);
    expect(answers[0]!.body.Status).toBe('SUCCESS');
    expect(admin.createPartitions).not.toHaveBeenCalled();
  });

  it('adds partitions when an update raises topicPartitions', async () => {
    // Prepare
    const admin = fakeAdmin({ ticks: 3 });
    const { deps: d, answers } = deps(admin);

    // Act
    await handleTopicEvent(event('Update', { Partitions: '6' }), { logStreamName: 'log' }, d);

    // Assess
    expect(admin.createPartitions).toHaveBeenCalledWith(
      expect.objectContaining({ topicPartitions: [{ topic: 'ticks', count: 6 }] }),
    );
    expect(admin.topics.get('ticks')).toBe(6);
    expect(answers[0]!.body).toMatchObject({ Status: 'SUCCESS', Data: { Topic: 'ticks', Partitions: '6' } });
  });

  it('fails an update that lowers topicPartitions, saying Kafka cannot remove partitions', async () => {
    const admin = fakeAdmin({ ticks: 6 });
    const { deps: d, answers } = deps(admin);

    await handleTopicEvent(event('Update', { Partitions: '3' }), { logStreamName: 'log' }, d);

    expect(answers[0]!.body.Status).toBe('FAILED');
    expect(answers[0]!.body.Reason).toContain('has 6 partitions and Kafka cannot remove partitions');
    expect(answers[0]!.body.Reason).toContain('set topicPartitions to 6 or more');
    expect(admin.topics.get('ticks')).toBe(6);
  });

  it('keeps the topic on Delete, without connecting', async () => {
    const admin = fakeAdmin({ ticks: 3 });
    const { deps: d, answers } = deps(admin);

    await handleTopicEvent(event('Delete'), { logStreamName: 'log' }, d);

    expect(admin.connect).not.toHaveBeenCalled();
    expect(answers[0]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${CLUSTER}/ticks` });
  });

  it('answers FAILED with the reason instead of leaving CloudFormation waiting an hour', async () => {
    const admin = fakeAdmin();
    admin.connect.mockRejectedValueOnce(new Error('Connection timeout'));
    const { deps: d, answers } = deps(admin);

    await handleTopicEvent(event('Create'), { logStreamName: '2026/01/01/[$LATEST]abc' }, d);
    await handleTopicEvent(event('Create', { Partitions: 'three' }), { logStreamName: 'log' }, d);

    expect(answers[0]!.body).toMatchObject({ Status: 'FAILED' });
    expect(answers[0]!.body.Reason).toContain('Connection timeout');
    expect(answers[0]!.body.Reason).toContain('[$LATEST]abc');
    expect(answers[1]!.body.Reason).toContain('Partitions is "three"');
  });
});

describe('the bootstrap-brokers custom resource (inline code)', () => {
  const BOOTSTRAP_BROKERS_CODE = readFileSync(BOOTSTRAP_BROKERS_FILE, 'utf8');

  /** Runs the inline handler with stand-ins for https and the MSK client. */
  async function run(requestType: 'Create' | 'Delete', brokers: string | Error) {
    const puts: { url: string; body: Record<string, unknown> }[] = [];
    const https = {
      request: (url: string, _options: unknown, onResponse: (res: unknown) => void) => {
        let body = '';
        const req = {
          on: () => req,
          end: (text: string) => {
            body = text;
            puts.push({ url, body: JSON.parse(body) });
            onResponse({ statusCode: 200, resume: () => {}, on: (_: string, done: () => void) => done() });
          },
        };
        return req;
      },
    };
    const calls: unknown[] = [];
    class GetBootstrapBrokersCommand {
      constructor(readonly input: unknown) {}
    }
    class KafkaClient {
      async send(command: GetBootstrapBrokersCommand) {
        calls.push(command.input);
        if (brokers instanceof Error) throw brokers;
        // The documented response shape (test/fixtures/aws/responses/get-bootstrap-brokers.json).
        return {
          ...awsResponse<Record<string, string>>('get-bootstrap-brokers'),
          BootstrapBrokerStringSaslIam: brokers,
        };
      }
    }
    const modules: Record<string, unknown> = {
      'node:https': https,
      '@aws-sdk/client-kafka': { KafkaClient, GetBootstrapBrokersCommand },
    };
    const module = { exports: {} as { handler?: (event: unknown, context: unknown) => Promise<void> } };
    new Function('require', 'module', 'exports', 'console', BOOTSTRAP_BROKERS_CODE)(
      (name: string) => modules[name],
      module,
      module.exports,
      { log: () => {}, error: () => {} },
    );
    await module.exports.handler!(
      { ...event(requestType), ResourceProperties: { ClusterArn: CLUSTER } },
      { logStreamName: 'log' },
    );
    return { puts, calls };
  }

  it('answers the IAM bootstrap brokers of the cluster', async () => {
    const { puts, calls } = await run('Create', BROKERS);

    expect(calls).toEqual([{ ClusterArn: CLUSTER }]);
    expect(puts).toEqual([
      {
        url: RESPONSE_URL,
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: CLUSTER,
          Data: { SaslIam: BROKERS },
        }),
      },
    ]);
  });

  it('answers FAILED when MSK says no, and SUCCESS on Delete without calling MSK', async () => {
    const failed = await run('Create', new Error('AccessDenied'));
    expect(failed.puts[0]!.body).toMatchObject({ Status: 'FAILED', Reason: 'AccessDenied' });

    const deleted = await run('Delete', 'unused');
    expect(deleted.calls).toEqual([]);
    expect(deleted.puts[0]!.body).toMatchObject({ Status: 'SUCCESS' });
  });

  it('fits the 4 KB limit of inline Lambda code', () => {
    expect(BOOTSTRAP_BROKERS_CODE.length).toBeLessThan(4096);
  });
});
