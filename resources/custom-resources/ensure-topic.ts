import { request } from 'node:https';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import type { Admin } from 'kafkajs';
import { createKafka, splitBrokers } from '../../shared/kafka';

/**
 * CloudFormation custom resource `Custom::KafkaTopic` (kafkaMode=create only): creates the ticks
 * topic on the MSK Serverless cluster the stack creates. MSK Serverless has no topic API and no
 * automatic topic creation, so a Kafka client inside the VPC has to do it; this function is that
 * client (IAM auth, kafka-cluster:CreateTopic on this one topic).
 *
 * Create and Update make sure the topic exists with the asked partitions (adding partitions, never
 * removing them); Delete leaves it alone: the topic goes with the cluster, and a topic holding
 * data is never deleted by a stack update.
 */

export interface TopicResourceProperties {
  readonly ClusterArn: string;
  /** Comma-separated bootstrap brokers (IAM, port 9098). */
  readonly Brokers: string;
  readonly Topic: string;
  /** CloudFormation passes every property as a string. */
  readonly Partitions: string;
}

export interface TopicResourceDeps {
  /** A connected-on-demand Kafka admin client for the brokers. */
  readonly admin: (
    props: TopicResourceProperties,
  ) => Promise<
    Pick<Admin, 'connect' | 'disconnect' | 'createTopics' | 'fetchTopicMetadata' | 'createPartitions'>
  >;
  /** Sends the answer to CloudFormation's pre-signed URL. */
  readonly respond: (url: string, body: string) => Promise<void>;
}

/** What the answer to CloudFormation carries. */
export interface TopicResourceAnswer {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Topic?: string; readonly Partitions?: string };
}

/** What `ensureTopic` found or did. */
export type TopicOutcome =
  | { readonly action: 'created'; readonly partitions: number }
  | { readonly action: 'exists'; readonly partitions: number }
  | { readonly action: 'grown'; readonly partitions: number; readonly from: number };

type TopicAdmin = Pick<Admin, 'createTopics' | 'fetchTopicMetadata' | 'createPartitions'>;

/**
 * Makes sure the topic exists with the asked partitions: creates it, or adds partitions when the
 * stack asks for more than it has (raising `topicPartitions` on a deployed stage). Kafka cannot
 * remove partitions, so asking for fewer fails with what to do rather than reporting a success
 * the topic does not match.
 *
 * @example await ensureTopic(admin, 'ticks', 3) // { action: 'created', partitions: 3 }
 */
export async function ensureTopic(
  admin: TopicAdmin,
  topic: string,
  partitions: number,
): Promise<TopicOutcome> {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: partitions }],
    waitForLeaders: true,
    timeout: 30_000,
  });
  if (created) return { action: 'created', partitions };
  // createTopics answers false when the topic already exists: see what it has.
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const found = topics.find((t) => t.name === topic);
  if (!found) throw new Error(`Topic ${topic} was neither created nor found`);
  const has = found.partitions.length;
  if (has === partitions) return { action: 'exists', partitions };
  if (has > partitions) {
    throw new Error(
      `Topic ${topic} has ${has} partitions and Kafka cannot remove partitions: set topicPartitions to ${has} or more`,
    );
  }
  await admin.createPartitions({ topicPartitions: [{ topic, count: partitions }], timeout: 30_000 });
  return { action: 'grown', partitions, from: has };
}

/**
 * Handles one CloudFormation event and always answers it, so a failure fails the stack at once
 * instead of after CloudFormation's one-hour wait.
 */
export async function handleTopicEvent(
  event: CloudFormationCustomResourceEvent,
  context: Pick<Context, 'logStreamName'>,
  deps: TopicResourceDeps,
): Promise<TopicResourceAnswer> {
  const props = event.ResourceProperties as unknown as TopicResourceProperties & { ServiceToken: string };
  const physicalId = `${props.ClusterArn}/${props.Topic}`;
  let answer: TopicResourceAnswer;
  try {
    if (event.RequestType === 'Delete') {
      answer = {
        Status: 'SUCCESS',
        Reason: 'Topic kept: it goes with its cluster',
        PhysicalResourceId: physicalId,
        Data: {},
      };
    } else {
      const partitions = Number(props.Partitions);
      if (!Number.isSafeInteger(partitions) || partitions < 1)
        throw new Error(`Partitions is "${props.Partitions}": expected a whole number >= 1`);
      const admin = await deps.admin(props);
      await admin.connect();
      try {
        const outcome = await ensureTopic(admin, props.Topic, partitions);
        console.log(JSON.stringify({ message: `topic ${outcome.action}`, topic: props.Topic, ...outcome }));
      } finally {
        await admin.disconnect();
      }
      answer = {
        Status: 'SUCCESS',
        Reason: `Topic ${props.Topic} is there`,
        PhysicalResourceId: physicalId,
        Data: { Topic: props.Topic, Partitions: String(partitions) },
      };
    }
  } catch (error) {
    console.error(
      JSON.stringify({ message: 'cannot ensure topic', error: String(error), topic: props.Topic }),
    );
    answer = {
      Status: 'FAILED',
      Reason: `${String((error as Error).message ?? error).slice(0, 300)} (log stream ${context.logStreamName})`,
      PhysicalResourceId: physicalId,
      Data: {},
    };
  }
  const body = JSON.stringify({
    ...answer,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  await deps.respond(event.ResponseURL, body);
  return answer;
}

/** PUTs the answer to the pre-signed S3 URL (reached through the VPC's S3 gateway endpoint). */
function respondToCloudFormation(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      // The URL is signed for an empty content type.
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const productionDeps: TopicResourceDeps = {
  admin: async (props) => {
    const kafka = await createKafka({
      clientId: 'stack-ensure-topic',
      auth: 'iam',
      brokers: splitBrokers(props.Brokers),
      clusterArn: props.ClusterArn,
      scramSecretArn: undefined,
      rootCaSecretArn: undefined,
      region: process.env.AWS_REGION ?? 'us-east-1',
      connectionTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
    });
    return kafka.admin();
  },
  respond: respondToCloudFormation,
};

export const handler = async (event: CloudFormationCustomResourceEvent, context: Context): Promise<void> => {
  await handleTopicEvent(event, context, productionDeps);
};
