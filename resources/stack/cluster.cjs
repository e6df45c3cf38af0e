'use strict';

/**
 * kafkaMode=create: a VPC with two private subnets (MSK Serverless needs two Availability
 * Zones), no NAT gateway, the endpoints the event source mapping needs, security groups, an MSK
 * Serverless cluster (IAM auth only) and two custom resources: one that reads the cluster's
 * bootstrap brokers (outside the VPC, so it needs no endpoint for the MSK API) and one that
 * creates the topic (inside the VPC, as a Kafka client).
 */

const { getBootstrapBrokersStatement } = require('./iam.cjs');

const BROKER_PORT_IAM = 9098;

/** Lambda timeouts of the two custom resources' functions. */
const BOOTSTRAP_BROKERS_TIMEOUT_SECONDS = 60;
const ENSURE_TOPIC_TIMEOUT_SECONDS = 120;

/**
 * How long CloudFormation waits for a custom resource's answer before failing it. Without
 * ServiceTimeout it waits 3600 s, so a handler that dies before answering holds the stack for an
 * hour; the value must be a whole number of seconds from 1 to 3600 ("AWS::CloudFormation::CustomResource",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html,
 * read 2026-12-01). The function's own timeout, plus a margin for Lambda's automatic retry of a
 * throttled or failed start.
 */
function serviceTimeoutSeconds(functionTimeoutSeconds) {
  return Math.min(3600, functionTimeoutSeconds * 2 + 60);
}

// Why each checkov finding on these resources does not apply; kept next to the resources.
const skip = (...checks) => ({ checkov: { skip: checks.map(([id, comment]) => ({ id, comment })) } });

/**
 * Inline code of the bootstrap-brokers custom resource: the nodejs22.x runtime ships the AWS SDK
 * v3, so no bundle is needed. It answers CloudFormation itself (no cfn-response dependency) and
 * always answers, so a failure fails the deployment at once instead of after an hour.
 */
const BOOTSTRAP_BROKERS_CODE = [
  "'use strict';",
  "const https = require('node:https');",
  "const { KafkaClient, GetBootstrapBrokersCommand } = require('@aws-sdk/client-kafka');",
  'function respond(event, context, status, data, reason) {',
  '  const body = JSON.stringify({',
  '    Status: status,',
  "    Reason: reason || 'See CloudWatch log stream ' + context.logStreamName,",
  '    PhysicalResourceId: event.ResourceProperties.ClusterArn,',
  '    StackId: event.StackId,',
  '    RequestId: event.RequestId,',
  '    LogicalResourceId: event.LogicalResourceId,',
  '    Data: data,',
  '  });',
  '  return new Promise((resolve) => {',
  "    const request = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => {",
  "      console.log('CloudFormation answered', res.statusCode);",
  '      res.resume();',
  "      res.on('end', resolve);",
  '    });',
  "    request.on('error', (error) => { console.error('Cannot answer CloudFormation', error); resolve(); });",
  '    request.end(body);',
  '  });',
  '}',
  'exports.handler = async (event, context) => {',
  '  console.log(JSON.stringify({ RequestType: event.RequestType, LogicalResourceId: event.LogicalResourceId }));',
  "  if (event.RequestType === 'Delete') return respond(event, context, 'SUCCESS', {});",
  '  try {',
  '    const out = await new KafkaClient({}).send(',
  '      new GetBootstrapBrokersCommand({ ClusterArn: event.ResourceProperties.ClusterArn }),',
  '    );',
  "    if (!out.BootstrapBrokerStringSaslIam) throw new Error('The cluster has no IAM bootstrap brokers');",
  "    return respond(event, context, 'SUCCESS', { SaslIam: out.BootstrapBrokerStringSaslIam });",
  '  } catch (error) {',
  '    console.error(error);',
  "    return respond(event, context, 'FAILED', {}, String(error && error.message).slice(0, 400));",
  '  }',
  '};',
].join('\n');

/** CloudFormation resources of the created cluster and its network. */
function clusterResources({
  clusterName,
  vpcCidr,
  topic,
  topicPartitions,
  onDemandPollers,
  logRetentionDays,
}) {
  const subnetBits = 32 - (vpcCidr.prefix + 1);
  const az = (index) => ({ 'Fn::Select': [index, { 'Fn::GetAZs': '' }] });
  const subnet = (index, name) => ({
    Type: 'AWS::EC2::Subnet',
    Properties: {
      VpcId: { Ref: 'Vpc' },
      AvailabilityZone: az(index),
      CidrBlock: { 'Fn::Select': [index, { 'Fn::Cidr': [vpcCidr.block, 2, String(subnetBits)] }] },
      MapPublicIpOnLaunch: false,
      Tags: [{ Key: 'Name', Value: `${clusterName}-${name}` }],
    },
  });
  const noEgress = [
    { CidrIp: '127.0.0.1/32', IpProtocol: '-1', Description: 'No egress: replaces the allow-all default' },
  ];

  const resources = {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Properties: {
        CidrBlock: vpcCidr.block,
        EnableDnsHostnames: true, // interface endpoints with private DNS need both
        EnableDnsSupport: true,
        Tags: [{ Key: 'Name', Value: clusterName }],
      },
    },
    PrivateSubnetA: subnet(0, 'private-a'),
    PrivateSubnetB: subnet(1, 'private-b'),
    PrivateRouteTable: {
      Type: 'AWS::EC2::RouteTable',
      Properties: { VpcId: { Ref: 'Vpc' }, Tags: [{ Key: 'Name', Value: `${clusterName}-private` }] },
    },
    PrivateSubnetARouteTable: {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: { Ref: 'PrivateSubnetA' }, RouteTableId: { Ref: 'PrivateRouteTable' } },
    },
    PrivateSubnetBRouteTable: {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: { Ref: 'PrivateSubnetB' }, RouteTableId: { Ref: 'PrivateRouteTable' } },
    },

    // The brokers' security group. The mapping's pollers also run with it (Lambda uses the
    // cluster's subnets and security groups), so it must reach the brokers itself. Each direction
    // is declared one way only: egress inline (declaring it replaces the allow-all default), ingress
    // as standalone rules (they reference this group and the clients' group, which inline rules
    // cannot without a circular dependency). An update that rewrites inline rules therefore never
    // drops a standalone one of the same direction.
    ClusterSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'MSK Serverless brokers and the Lambda event source mapping pollers',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupEgress: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            CidrIp: '0.0.0.0/0',
            Description:
              'HTTPS to the Lambda/STS endpoints and to S3 through its gateway endpoint (the subnets have no route to the internet)',
          },
          {
            IpProtocol: 'tcp',
            FromPort: BROKER_PORT_IAM,
            ToPort: BROKER_PORT_IAM,
            CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] },
            Description:
              'Event source mapping pollers to the brokers (Kafka over TLS, IAM auth); only this stack runs in the VPC',
          },
        ],
        Tags: [{ Key: 'Name', Value: `${clusterName}-cluster` }],
      },
    },
    ClusterIngressFromItself: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: { Ref: 'ClusterSecurityGroup' },
        SourceSecurityGroupId: { Ref: 'ClusterSecurityGroup' },
        IpProtocol: 'tcp',
        FromPort: BROKER_PORT_IAM,
        ToPort: BROKER_PORT_IAM,
        Description: 'Event source mapping pollers to brokers (Kafka over TLS, IAM auth)',
      },
    },
    ClusterIngressFromClients: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: { Ref: 'ClusterSecurityGroup' },
        SourceSecurityGroupId: { Ref: 'ClientSecurityGroup' },
        IpProtocol: 'tcp',
        FromPort: BROKER_PORT_IAM,
        ToPort: BROKER_PORT_IAM,
        Description: 'Producer and topic custom resource to brokers',
      },
    },

    // The producer's and the topic custom resource's security group.
    ClientSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'Kafka clients of this stack: the producer and the topic custom resource',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupEgress: [
          {
            IpProtocol: 'tcp',
            FromPort: BROKER_PORT_IAM,
            ToPort: BROKER_PORT_IAM,
            DestinationSecurityGroupId: { Ref: 'ClusterSecurityGroup' },
            Description: 'Kafka over TLS with IAM auth',
          },
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            CidrIp: '0.0.0.0/0',
            Description:
              'HTTPS to S3 through its gateway endpoint: replay CSV, custom resource responses (the subnets have no route to the internet)',
          },
        ],
        Tags: [{ Key: 'Name', Value: `${clusterName}-clients` }],
      },
    },

    // S3 gateway endpoint (free): the mapping's on-failure bucket, the replay CSV and the topic
    // custom resource's response to CloudFormation (a pre-signed S3 URL).
    S3GatewayEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        VpcEndpointType: 'Gateway',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
        ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
        RouteTableIds: [{ Ref: 'PrivateRouteTable' }],
      },
    },

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
      Metadata: skip([
        'CKV_AWS_158',
        'CloudWatch Logs encrypts at rest by default; a customer-managed KMS key adds cost and key-policy work for logs holding no secrets.',
      ]),
      Properties: { RetentionInDays: logRetentionDays },
    },
    BootstrapBrokersFunction: {
      Type: 'AWS::Lambda::Function',
      Metadata: skip(
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
        Code: { ZipFile: BOOTSTRAP_BROKERS_CODE },
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

  if (onDemandPollers) {
    // On-demand pollers reach Lambda and STS through PrivateLink from the cluster's subnets (a
    // NAT gateway would cost more); provisioned pollers need neither.
    resources.EndpointSecurityGroup = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'Interface endpoints for Lambda and STS, used by the event source mapping pollers',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            SourceSecurityGroupId: { Ref: 'ClusterSecurityGroup' },
            Description: 'HTTPS from the event source mapping pollers',
          },
        ],
        SecurityGroupEgress: noEgress,
        Tags: [{ Key: 'Name', Value: `${clusterName}-endpoints` }],
      },
    };
    for (const [logicalId, service] of [
      ['LambdaEndpoint', 'lambda'],
      ['StsEndpoint', 'sts'],
    ]) {
      resources[logicalId] = {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          VpcEndpointType: 'Interface',
          ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
          PrivateDnsEnabled: true,
          SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
          SecurityGroupIds: [{ Ref: 'EndpointSecurityGroup' }],
        },
      };
    }
  }

  return resources;
}

module.exports = {
  clusterResources,
  BOOTSTRAP_BROKERS_CODE,
  BROKER_PORT_IAM,
  ENSURE_TOPIC_TIMEOUT_SECONDS,
};
