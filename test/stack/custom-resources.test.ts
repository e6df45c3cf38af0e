import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ensureTopic,
  handleTopicEvent,
  type TopicResourceDeps,
} from '../../resources/custom-resources/ensure-topic';
import { BOOTSTRAP_BROKERS_CODE } from '../../resources/stack/cluster.cjs';

const CLUSTER =
  'arn:aws:kafka:us-east-1:123456789012:cluster/stock-ticks-dev/0b7c2a1e-9d3f-4e5a-8b6c-1d2e3f4a5b6c-s1';

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, string> = {},
): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/stock-ticks-dev/1',
    RequestId: 'request-1',
    LogicalResourceId: 'TicksTopic',
    ResourceType: 'Custom::KafkaTopic',
    PhysicalResourceId: `${CLUSTER}/ticks`,
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x',
      ClusterArn: CLUSTER,
      Brokers: 'boot-abc.c1.kafka-serverless.us-east-1.amazonaws.com:9098',
      Topic: 'ticks',
      Partitions: '3',
      ...properties,
    },
    OldResourceProperties: {},
  } as CloudFormationCustomResourceEvent;
}

function fakeAdmin(existing: string[] = []) {
  const topics = new Set(existing);
  return {
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(async () => {}),
    createTopics: vi.fn(async ({ topics: asked }: { topics: { topic: string }[] }) => {
      const fresh = asked.filter((t) => !topics.has(t.topic));
      for (const t of fresh) topics.add(t.topic);
      return fresh.length > 0;
    }),
    fetchTopicMetadata: vi.fn(async ({ topics: asked }: { topics: string[] }) => ({
      topics: asked.filter((t) => topics.has(t)).map((name) => ({ name, partitions: [] })),
    })),
  };
}

function deps(admin: ReturnType<typeof fakeAdmin>) {
  const answers: { url: string; body: Record<string, unknown> }[] = [];
  const d: TopicResourceDeps = {
    admin: async () => admin,
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
        url: 'https://cloudformation-custom-resource-response.example/response',
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: `${CLUSTER}/ticks`,
          StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/stock-ticks-dev/1',
          RequestId: 'request-1',
          LogicalResourceId: 'TicksTopic',
          Data: { Topic: 'ticks', Partitions: '3' },
        }),
      },
    ]);
  });

  it('succeeds when the topic already exists (an update, a retried deploy)', async () => {
    const admin = fakeAdmin(['ticks']);

    await expect(ensureTopic(admin, 'ticks', 3)).resolves.toBe('exists');
    const { deps: d, answers } = deps(admin);
    await handleTopicEvent(event('Update'), { logStreamName: 'log' }, d);
    expect(answers[0]!.body.Status).toBe('SUCCESS');
  });

  it('keeps the topic on Delete, without connecting', async () => {
    const admin = fakeAdmin(['ticks']);
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
        return { BootstrapBrokerStringSaslIam: brokers };
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
    const { puts, calls } = await run('Create', 'boot-abc.c1.kafka-serverless.us-east-1.amazonaws.com:9098');

    expect(calls).toEqual([{ ClusterArn: CLUSTER }]);
    expect(puts).toEqual([
      {
        url: 'https://cloudformation-custom-resource-response.example/response',
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: CLUSTER,
          Data: { SaslIam: 'boot-abc.c1.kafka-serverless.us-east-1.amazonaws.com:9098' },
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
