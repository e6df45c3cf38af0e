/**
 * The stack configurations the tests package: every Kafka mode, plus the options that change the
 * template's shape (provisioned pollers, SCRAM vs plaintext, a replay source, an alarm e-mail).
 */
import { SECURITY_GROUP_ID, SUBNET_ID } from '../../../shared/rules';
import { arnsOf, inRegion, withTwelveDigitAccount } from '../../support/aws-fixtures';

// Every AWS-shaped value comes from AWS's documentation (test/fixtures/aws), moved where needed
// into the stack's account length and region by the named transformations of aws-fixtures.
const provisioned = arnsOf('msk-cluster-provisioned').find((arn) => arn.includes(':us-east-1:123456789012:'));
/** A provisioned cluster (Lambda Developer Guide, with-msk). */
export const CLUSTER_ARN = provisioned!;
/** An MSK Serverless cluster (MSK Developer Guide, create-iam-role). */
export const SERVERLESS_CLUSTER_ARN = arnsOf('msk-cluster-serverless')[0]!;
// CloudFormation accepts ids of 8 or 17 hex digits only; some of AWS's examples have 10.
export const SUBNETS = arnsOf('ec2-subnet-id')
  .filter((id) => SUBNET_ID.test(id))
  .join(',');
export const SECURITY_GROUPS = arnsOf('ec2-security-group-id').find((id) => SECURITY_GROUP_ID.test(id))!;
export const SCRAM_SECRET = withTwelveDigitAccount(
  arnsOf('secretsmanager-secret').find((arn) => arn.includes(':us-east-1:'))!,
);
export const KMS_KEY = inRegion(arnsOf('kms-key')[0]!, 'us-east-1');
export const SELF_MANAGED_BROKERS = 'kafka-1.example.com:9096,kafka-2.example.com:9096';
export const PLAINTEXT_BROKERS = '10.0.1.10:9092,10.0.2.10:9092';
export const STAGE = 'test';

export const VARIANTS = {
  /** kafkaMode=ec2: Kafka on one instance the stack creates, SASL_SSL/SCRAM with a private CA. */
  ec2: { kafkaMode: 'ec2', maxDailyCost: '1' },
  /** kafkaMode=create with every default: on-demand pollers, interface endpoints. */
  create: { kafkaMode: 'create', alarmEmail: 'ops@example.com' },
  /** kafkaMode=create with provisioned pollers: retry limits, no interface endpoints. */
  'create-provisioned': {
    kafkaMode: 'create',
    sinkPollers: '1-2',
    sinkMaxRetryAttempts: '5',
    sinkMaxRecordAgeSeconds: '3600',
  },
  /** An existing MSK cluster; brokers discovered at run time. */
  msk: {
    kafkaMode: 'msk',
    mskClusterArn: CLUSTER_ARN,
    vpcSubnetIds: SUBNETS,
    vpcSecurityGroupIds: SECURITY_GROUPS,
  },
  /** An existing MSK Serverless cluster (IAM only); brokers discovered at run time. */
  'msk-serverless': {
    kafkaMode: 'msk',
    mskClusterArn: SERVERLESS_CLUSTER_ARN,
    vpcSubnetIds: SUBNETS,
    vpcSecurityGroupIds: SECURITY_GROUPS,
  },
  /** An existing MSK cluster with explicit brokers, a replayed CSV and non-default sink settings. */
  'msk-replay': {
    kafkaMode: 'msk',
    mskClusterArn: CLUSTER_ARN,
    kafkaBrokers: 'b-1.ticks.abc123.c2.kafka.us-east-1.amazonaws.com:9098',
    vpcSubnetIds: SUBNETS,
    vpcSecurityGroupIds: SECURITY_GROUPS,
    tickSource: 'replay',
    replayCsvUri: 's3://my-data-bucket/tutorial/indexProcessed.csv',
    replayOrder: 'sequential',
    tickSymbols: 'NYA,N225',
    sinkBatchSize: '500',
    sinkBatchingWindowSeconds: '0',
    sinkStartingPosition: 'LATEST',
    sinkConsumerGroupId: 'ticks-prod-sink',
    scheduleRate: 'rate(5 minutes)',
    tickIntervalSeconds: '300',
    scheduleEnabled: 'false',
  },
  /** Self-managed Kafka reachable over TLS with SASL/SCRAM-512 (secret encrypted with a CMK). */
  'self-managed-scram': {
    kafkaMode: 'self-managed',
    kafkaAuth: 'scram',
    kafkaBrokers: SELF_MANAGED_BROKERS,
    kafkaScramSecretArn: SCRAM_SECRET,
    kafkaSecretKmsKeyArn: KMS_KEY,
  },
  /** Self-managed Kafka without auth, inside a VPC. */
  'self-managed-plaintext': {
    kafkaMode: 'self-managed',
    kafkaAuth: 'plaintext',
    kafkaBrokers: PLAINTEXT_BROKERS,
    vpcSubnetIds: SUBNETS,
    vpcSecurityGroupIds: SECURITY_GROUPS,
  },
} as const satisfies Record<string, Record<string, string>>;

export type VariantName = keyof typeof VARIANTS;
export const VARIANT_NAMES = Object.keys(VARIANTS) as VariantName[];
