/**
 * kafkaMode=create, the cluster: an MSK Serverless cluster (IAM auth only) in the created network,
 * and two custom resources: one reads the cluster's bootstrap brokers (outside the VPC, so it needs
 * no endpoint for the MSK API), the other creates the topic (inside the VPC, as a Kafka client).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getBootstrapBrokersStatement } from './iam';
import { checkovSkips, type Resources } from './types';

/** Lambda timeouts of the two custom resources' functions. */
const BOOTSTRAP_BROKERS_TIMEOUT_SECONDS = 60;
export const ENSURE_TOPIC_TIMEOUT_SECONDS = 120;

/** The bootstrap-brokers handler, deployed inline: a real file, linted and tested like the rest. */
export const BOOTSTRAP_BROKERS_FILE = join(
  import.meta.dirname,
  '..',
  'custom-resources',
  'bootstrap-brokers.cjs',
);

/**
 * How long CloudFormation waits for a custom resource's answer before failing it. Without
 * ServiceTimeout it waits 3600 s, so a handler that dies before answering holds the stack for an
 * hour; the value must be a whole number of seconds from 1 to 3600
 * ("AWS::CloudFormation::CustomResource",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html,
 * read 2026-12-01). The function's own timeout twice (Lambda may retry a failed start), plus a
 * minute.
 */
export function serviceTimeoutSeconds(functionTimeoutSeconds: number): number {
  return Math.min(3600, functionTimeoutSeconds * 2 + 60);
}

const logGroupSkip = checkovSkips([
  'CKV_AWS_158',
  'CloudWatch Logs encrypts at rest by default; a customer-managed KMS key adds cost and key-policy work for logs holding no secrets.',
]);

/** The function, role and log group that answer `Custom::MskBootstrapBrokers`. */
function bootstrapBrokers(logRetentionDays: number): Resources {
  return {
    BootstrapBrokersRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        Policies: [
          {
            PolicyName: 'bootstrap-brokers',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                getBootstrapBrokersStatement('ReadBootstrapBrokers'),
                {
                  Effect: 'Allow',
                  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: { 'Fn::GetAtt': ['BootstrapBrokersLogGroup', 'Arn'] },
                },
              ],
            },
          },
        ],
      },
    },
    BootstrapBrokersLogGroup: {
      Type: 'AWS::Logs::LogGroup',
      Metadata: logGroupSkip,
      Properties: { RetentionInDays: logRetentionDays },
    },
    BootstrapBrokersFunction: {
      Type: 'AWS::Lambda::Function',
      Metadata: checkovSkips(
        [
          'CKV_AWS_116',
          'A CloudFormation custom resource handler: CloudFormation invokes it synchronously and sees any failure.',
        ],
        [
          'CKV_AWS_117',
          'Calls the MSK control-plane API only; outside the VPC it needs no NAT gateway or interface endpoint.',
        ],
        [
          'CKV_AWS_115',
          'Runs a few times per deployment; a reserved concurrency would only take from the account pool.',
        ],
        ['CKV_AWS_173', 'The function has no environment variables to encrypt.'],
      ),
      Properties: {
        Description: 'CloudFormation custom resource: bootstrap brokers (IAM) of the MSK Serverless cluster',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 128,
        Timeout: BOOTSTRAP_BROKERS_TIMEOUT_SECONDS,
        Role: { 'Fn::GetAtt': ['BootstrapBrokersRole', 'Arn'] },
        LoggingConfig: { LogGroup: { Ref: 'BootstrapBrokersLogGroup' }, LogFormat: 'JSON' },
        Code: { ZipFile: readFileSync(BOOTSTRAP_BROKERS_FILE, 'utf8') },
      },
    },
    BootstrapBrokers: {
      Type: 'Custom::MskBootstrapBrokers',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['BootstrapBrokersFunction', 'Arn'] },
        ServiceTimeout: String(serviceTimeoutSeconds(BOOTSTRAP_BROKERS_TIMEOUT_SECONDS)),
        ClusterArn: { Ref: 'MskCluster' },
      },
    },
  };
}

/** The created cluster, its brokers and its topic. */
export function clusterResources(options: {
  readonly clusterName: string;
  readonly topic: string;
  readonly topicPartitions: number;
  readonly logRetentionDays: number;
}): Resources {
  const { clusterName, topic, topicPartitions, logRetentionDays } = options;
  return {
    MskCluster: {
      Type: 'AWS::MSK::ServerlessCluster',
      Properties: {
        ClusterName: clusterName,
        ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
        VpcConfigs: [
          {
            SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
            SecurityGroups: [{ Ref: 'ClusterSecurityGroup' }],
          },
        ],
      },
    },
    ...bootstrapBrokers(logRetentionDays),
    TicksTopic: {
      Type: 'Custom::KafkaTopic',
      DependsOn: [
        'S3GatewayEndpoint',
        'PrivateSubnetARouteTable',
        'PrivateSubnetBRouteTable',
        'ClusterIngressFromClients',
      ],
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['EnsureTopicLambdaFunction', 'Arn'] },
        ServiceTimeout: String(serviceTimeoutSeconds(ENSURE_TOPIC_TIMEOUT_SECONDS)),
        ClusterArn: { Ref: 'MskCluster' },
        Brokers: { 'Fn::GetAtt': ['BootstrapBrokers', 'SaslIam'] },
        Topic: topic,
        Partitions: topicPartitions,
      },
    },
  };
}
