/** The producer function of each Kafka mode: its environment, VPC placement and IAM statements. */
import { BROKER_ADDRESS } from './ec2-broker';
import { type ClusterRef, producerStatements, type ScramSecret } from './iam';
import type { StackParams } from './parameters';
import type { Cfn, Statement } from './types';

export interface ProducerParts {
  readonly environment: Record<string, Cfn>;
  readonly vpc: { subnetIds: Cfn[]; securityGroupIds: Cfn[] } | null;
  readonly timeout: number;
  readonly statements: Statement[];
}

/**
 * How a function reaches the stage's cluster: the variables shared/kafka's readKafkaConnection
 * reads, the same for every function that talks to Kafka (the producer, and compaction's audit).
 */
export function kafkaConnectionEnvironment(
  p: StackParams,
  scram: ScramSecret | undefined,
): Record<string, Cfn> {
  const environment: Record<string, Cfn> = {
    KAFKA_AUTH: p.kafkaMode === 'self-managed' ? p.kafkaAuth : p.kafkaMode === 'ec2' ? 'scram' : 'iam',
  };
  if (p.kafkaMode === 'msk') {
    environment.MSK_CLUSTER_ARN = p.mskClusterArn;
    if (p.kafkaBrokers) environment.KAFKA_BROKERS = p.kafkaBrokers.join(',');
  } else if (p.kafkaMode === 'create') {
    environment.MSK_CLUSTER_ARN = { Ref: 'MskCluster' };
    environment.KAFKA_BROKERS = { 'Fn::GetAtt': ['BootstrapBrokers', 'SaslIam'] };
  } else if (p.kafkaMode === 'ec2') {
    environment.KAFKA_BROKERS = BROKER_ADDRESS;
  } else {
    environment.KAFKA_BROKERS = (p.kafkaBrokers ?? []).join(',');
  }
  if (scram) environment.KAFKA_SCRAM_SECRET_ARN = scram.secretArn;
  if (scram?.rootCaSecretArn) environment.KAFKA_ROOT_CA_SECRET_ARN = scram.rootCaSecretArn;
  return environment;
}

/** Where the functions that talk to Kafka run: the created VPC, the given subnets, or outside any VPC. */
export function kafkaClientVpc(p: StackParams): ProducerParts['vpc'] {
  if (p.kafkaMode === 'create')
    return {
      subnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
      securityGroupIds: [{ Ref: 'ClientSecurityGroup' }],
    };
  if (p.vpcSubnetIds && p.vpcSecurityGroupIds)
    return { subnetIds: p.vpcSubnetIds, securityGroupIds: p.vpcSecurityGroupIds };
  return null;
}

/** What the producer Lambda gets in the stage's mode. */
export function producerParts(
  p: StackParams,
  cluster: ClusterRef | undefined,
  scram: ScramSecret | undefined,
): ProducerParts {
  const environment: Record<string, Cfn> = {
    ...kafkaConnectionEnvironment(p, scram),
    KAFKA_TOPIC: p.topic,
    TICK_SOURCE: p.tickSource,
    TICKS_PER_SECOND: String(p.ticksPerSecond),
    TICK_INTERVAL_SECONDS: String(p.tickIntervalSeconds),
    REPLAY_ORDER: p.replayOrder,
    POWERTOOLS_SERVICE_NAME: 'produce-ticks',
    POWERTOOLS_LOG_LEVEL: p.logLevel,
  };
  if (p.tickSymbols) environment.TICK_SYMBOLS = p.tickSymbols.join(',');
  if (p.replayCsvUri) environment.REPLAY_CSV_URI = p.replayCsvUri;

  const vpc = kafkaClientVpc(p);

  const replayObjectArn = p.replayCsvUri
    ? { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${p.replayCsvUri.slice('s3://'.length)}` }
    : undefined;

  return {
    environment,
    vpc,
    // One interval per run; the run must fit in it (and in Lambda's 15 minutes).
    timeout: Math.min(900, Math.max(30, p.tickIntervalSeconds ?? 60)),
    statements: producerStatements({
      cluster,
      topic: p.topic as string,
      discoverBrokers: p.kafkaMode === 'msk' && !p.kafkaBrokers,
      scram,
      replayObjectArn,
      inVpc: vpc !== null,
    }),
  };
}
