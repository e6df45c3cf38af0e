/**
 * Everything serverless.yml reads from `custom.stack`, derived from validated parameters: each
 * concern in its own module (producer, mapping, IAM, network and cluster, Athena, extensions),
 * put together here. Pure: tested directly, without the framework.
 */
import { parseMskClusterArn } from '../../shared/rules';
import { athenaResources } from './athena';
import { clusterResources, ENSURE_TOPIC_TIMEOUT_SECONDS } from './cluster';
import { dashboardBody } from './dashboard';
import { brokerOutputs, brokerResources } from './ec2-broker';
import { frameworkExtensions } from './extensions';
import {
  type ClusterRef,
  compactionStatements,
  ensureTopicStatements,
  type ScramSecret,
  sinkStatements,
} from './iam';
import { mappingParts } from './mapping';
import { ATHENA_RESULTS_PREFIX, QUARANTINE_PREFIX, SEALS_PREFIX, stackNames, TICKS_PREFIX } from './names';
import { networkResources } from './network';
import type { KafkaMode, StackParams } from './parameters';
import { kafkaConnectionEnvironment, producerParts } from './producer';
import type { Cfn, Resources, Statement } from './types';

/** What serverless.yml reads from `custom.stack`. */
export interface StackConfig {
  readonly params: StackParams;
  readonly kafkaMode: KafkaMode;
  /** Which framework event the sink gets; `none` when the stack declares the mapping (ec2). */
  readonly sinkEvent: 'msk' | 'kafka' | 'none';
  readonly mskClusterArn: Cfn;
  readonly kafkaBootstrapServers: string[] | null;
  readonly kafkaAccessConfigurations: Record<string, Cfn> | null;
  readonly producerEnvironment: Record<string, Cfn>;
  readonly producerVpc: Cfn;
  readonly producerTimeout: number;
  readonly producerStatements: Statement[];
  readonly sinkStatements: Statement[];
  readonly minEventTime: string;
  readonly ticksPrefix: string;
  readonly quarantinePrefix: string;
  readonly sealsPrefix: string;
  readonly athenaResultsPrefix: string;
  /** The compaction function's statements and its daily EventBridge cron, after the grace period. */
  readonly compactionStatements: Statement[];
  /** Compaction's environment, with how it reaches the cluster for its audit (it runs in the producer's VPC, if any). */
  readonly compactionEnvironment: Record<string, Cfn>;
  readonly compactionSchedule: string;
  readonly glueDatabase: string;
  readonly workGroup: string;
  readonly ensureTopicFunction: Cfn;
  readonly resources: { Resources: Resources; Outputs: Record<string, Cfn> };
  readonly extensions: Record<string, Cfn>;
  /** The CloudWatch dashboard's body (monitoring.yml), an Fn::Sub. */
  readonly dashboardBody: Cfn;
}

/** The cluster as IAM and the `msk` event see it: an ARN string, or the created cluster's Ref. */
function clusterOf(p: StackParams): ClusterRef | undefined {
  if (p.kafkaMode === 'msk' && p.mskClusterArn) {
    return { arn: p.mskClusterArn, token: parseMskClusterArn(p.mskClusterArn)?.clusterName ?? '' };
  }
  if (p.kafkaMode === 'create') return { arn: { Ref: 'MskCluster' }, token: 'MskCluster' };
  return undefined;
}

/** The create mode's network, cluster, custom resources and outputs. */
function createdCluster(
  p: StackParams,
  baseName: string,
): { resources: Resources; outputs: Record<string, Cfn> } {
  return {
    resources: {
      ...networkResources({
        clusterName: baseName,
        vpcCidr: p.vpcCidr!,
        onDemandPollers: p.sinkPollers.kind === 'on-demand',
      }),
      ...clusterResources({
        clusterName: baseName,
        topic: p.topic,
        topicPartitions: p.topicPartitions!,
        logRetentionDays: p.logRetentionDays,
      }),
    },
    outputs: {
      MskClusterArn: { Description: 'The MSK Serverless cluster', Value: { Ref: 'MskCluster' } },
      KafkaBootstrapBrokers: {
        Description: 'Bootstrap brokers (IAM auth, reachable inside the VPC only)',
        Value: { 'Fn::GetAtt': ['BootstrapBrokers', 'SaslIam'] },
      },
    },
  };
}

/**
 * Once a day, `graceMinutes` after midnight UTC: the day just closed has had that long for its
 * last batches to arrive.
 *
 * @example compactionCron(90) // 'cron(30 1 * * ? *)'
 */
export function compactionCron(graceMinutes: number): string {
  return `cron(${graceMinutes % 60} ${Math.floor(graceMinutes / 60)} * * ? *)`;
}

/** Derives the mode's configuration from validated parameters. */
export function buildStack(
  p: StackParams,
  { service, stage }: { service: string; stage: string },
): StackConfig {
  const { baseName, glueDatabase } = stackNames(service, stage);
  const cluster = clusterOf(p);
  const scram: ScramSecret | undefined =
    p.kafkaMode === 'self-managed' && p.kafkaAuth === 'scram' && p.kafkaScramSecretArn
      ? { secretArn: p.kafkaScramSecretArn, kmsKeyArn: p.kafkaSecretKmsKeyArn }
      : p.kafkaMode === 'ec2'
        ? { secretArn: { Ref: 'BrokerScramSecret' }, rootCaSecretArn: { Ref: 'BrokerCaSecret' } }
        : undefined;

  const producer = producerParts(p, cluster, scram);
  const mapping = mappingParts(p, cluster, scram);
  const sink = sinkStatements({
    ticksPrefix: TICKS_PREFIX,
    quarantinePrefix: QUARANTINE_PREFIX,
    cluster,
    topic: p.topic,
    groupId: p.sinkConsumerGroupId,
    scram,
    mappingInVpc: mapping.inVpc,
  });

  const resources: Resources = {
    ...athenaResources({
      database: glueDatabase,
      databaseRef: { Ref: 'GlueDatabase' },
      bucketRef: { Ref: 'TicksBucket' },
      ticksPrefix: TICKS_PREFIX,
      quarantinePrefix: QUARANTINE_PREFIX,
      minEventDate: p.minEventDate,
      workGroupRef: { Ref: 'AthenaWorkGroup' },
    }).resources,
  };
  const outputs: Record<string, Cfn> = {};
  if (p.kafkaMode === 'create') {
    const created = createdCluster(p, baseName);
    Object.assign(resources, created.resources);
    Object.assign(outputs, created.outputs);
  }
  if (p.kafkaMode === 'ec2') {
    Object.assign(
      resources,
      brokerResources({
        name: baseName,
        vpcCidr: p.vpcCidr!,
        instanceType: p.ec2InstanceType!,
        volumeGiB: p.ec2VolumeGiB!,
        imageId: p.ec2ImageId,
        topic: p.topic,
        partitions: p.topicPartitions!,
      }),
      { [mapping.logicalId]: mapping.resource! },
    );
    Object.assign(outputs, brokerOutputs());
  }
  if (p.alarmEmail) {
    resources.AlarmEmailSubscription = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: p.alarmEmail },
    };
  }

  const ensureTopicFunction =
    p.kafkaMode === 'create' && cluster
      ? {
          handler: 'resources/custom-resources/ensure-topic.handler',
          description:
            'CloudFormation custom resource: creates the ticks topic on the MSK Serverless cluster',
          memorySize: 256,
          timeout: ENSURE_TOPIC_TIMEOUT_SECONDS,
          vpc: producer.vpc,
          iamRoleStatements: ensureTopicStatements({ cluster, topic: p.topic }),
        }
      : null;

  return {
    params: p,
    kafkaMode: p.kafkaMode,
    sinkEvent: p.kafkaMode === 'ec2' ? 'none' : p.kafkaMode === 'self-managed' ? 'kafka' : 'msk',
    mskClusterArn: cluster ? cluster.arn : null,
    kafkaBootstrapServers: p.kafkaMode === 'self-managed' ? (p.kafkaBrokers ?? null) : null,
    kafkaAccessConfigurations: mapping.accessConfigurations,
    producerEnvironment: producer.environment,
    producerVpc: producer.vpc,
    producerTimeout: producer.timeout,
    producerStatements: producer.statements,
    sinkStatements: sink,
    minEventTime: `${p.minEventDate}T00:00:00.000Z`,
    ticksPrefix: TICKS_PREFIX,
    quarantinePrefix: QUARANTINE_PREFIX,
    sealsPrefix: SEALS_PREFIX,
    athenaResultsPrefix: ATHENA_RESULTS_PREFIX,
    compactionStatements: compactionStatements({
      ticksPrefix: TICKS_PREFIX,
      quarantinePrefix: QUARANTINE_PREFIX,
      sealsPrefix: SEALS_PREFIX,
      cluster,
      topic: p.topic,
      groupId: p.sinkConsumerGroupId,
      discoverBrokers: p.kafkaMode === 'msk' && !p.kafkaBrokers,
      scram,
      inVpc: producer.vpc !== null,
    }),
    // Compaction audits each day against the cluster before sealing it: it reaches Kafka as the
    // producer does (same variables, same network).
    compactionEnvironment: {
      TICKS_BUCKET: { Ref: 'TicksBucket' },
      TICKS_PREFIX: TICKS_PREFIX,
      QUARANTINE_PREFIX: QUARANTINE_PREFIX,
      SEALS_PREFIX: SEALS_PREFIX,
      KAFKA_TOPIC: p.topic,
      COMPACTION_LOOKBACK_DAYS: String(p.compactionLookbackDays),
      COMPACTION_GRACE_MINUTES: String(p.compactionGraceMinutes),
      ...kafkaConnectionEnvironment(p, scram),
      KAFKA_CONSUMER_GROUP: p.sinkConsumerGroupId,
      POWERTOOLS_SERVICE_NAME: 'compact-ticks',
      POWERTOOLS_LOG_LEVEL: p.logLevel,
    },
    compactionSchedule: compactionCron(p.compactionGraceMinutes),
    glueDatabase,
    workGroup: baseName,
    ensureTopicFunction,
    dashboardBody: dashboardBody({ namespace: baseName, freshnessAlarmSeconds: p.freshnessAlarmSeconds }),
    resources: { Resources: resources, Outputs: outputs },
    extensions: {
      ...frameworkExtensions(p.kafkaMode, producer.vpc !== null),
      ...(mapping.resource ? {} : { [mapping.logicalId]: mapping.extension }),
    },
  };
}
