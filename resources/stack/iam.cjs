'use strict';

/**
 * The IAM statements of each function's own role (serverless-iam-roles-per-function). No
 * wildcard actions; every resource is scoped as far as the service allows, and where it cannot be
 * (EC2 Describe* calls) the statement says so in its Sid.
 */

const { mskResourceArn } = require('./rules.cjs');

const sub = (text) => ({ 'Fn::Sub': text });

/** ARNs of an MSK cluster, its topic and the sink's consumer group, for kafka-cluster: actions. */
function mskArns(cluster, topic, groupId) {
  // A cluster ARN is arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>; topics and groups
  // live under topic/<name>/<uuid>/ and group/<name>/<uuid>/.
  if (typeof cluster.arn === 'string') {
    return {
      cluster: cluster.arn,
      topic: mskResourceArn(cluster.arn, 'topic', topic),
      group: mskResourceArn(cluster.arn, 'group', groupId),
    };
  }
  // A cluster this stack creates: split its ARN (Ref) into name and uuid.
  const name = { 'Fn::Select': [1, { 'Fn::Split': ['/', cluster.arn] }] };
  const uuid = { 'Fn::Select': [2, { 'Fn::Split': ['/', cluster.arn] }] };
  const under = (kind, leaf) => ({
    'Fn::Sub': [
      `arn:\${AWS::Partition}:kafka:\${AWS::Region}:\${AWS::AccountId}:${kind}/\${Name}/\${Uuid}/${leaf}`,
      { Name: name, Uuid: uuid },
    ],
  });
  return { cluster: cluster.arn, topic: under('topic', topic), group: under('group', groupId) };
}

/**
 * `kafka:GetBootstrapBrokers` lists no resource type in the Service Authorization Reference
 * ("Actions, resources, and condition keys for Amazon Managed Streaming for Apache Kafka",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmanagedstreamingforapachekafka.html,
 * read 2026-12-01): an action with none must be granted on "*", and a statement scoped to the
 * cluster ARN would not allow it. AWS's managed policy AWSLambdaMSKExecutionRole grants it on "*"
 * too. It only reads broker addresses.
 */
function getBootstrapBrokersStatement(sid) {
  return { Sid: sid, Effect: 'Allow', Action: ['kafka:GetBootstrapBrokers'], Resource: '*' };
}

/**
 * Network-interface actions Lambda needs to attach a function, or a Kafka mapping's pollers, to a
 * VPC. Describe* calls support no resource-level permissions; the others are kept to the resource
 * types the Service Authorization Reference lists for them (CreateNetworkInterface: network
 * interface, subnet and security group; the rest: network interface) in this account and region.
 */
function networkInterfaceStatements({ forMapping }) {
  return [
    {
      Sid: 'DescribeNetworkNoResourceLevelPermissions',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        ...(forMapping ? ['ec2:DescribeVpcs', 'ec2:DescribeSecurityGroups'] : []),
      ],
      Resource: '*',
    },
    {
      Sid: 'ManageNetworkInterfacesInThisAccountAndRegion',
      Effect: 'Allow',
      Action: [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        ...(forMapping ? [] : ['ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses']),
      ],
      Resource: ['network-interface', 'subnet', 'security-group'].map((type) =>
        sub(`arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:${type}/*`),
      ),
    },
  ];
}

function scramSecretStatements(secretArn, kmsKeyArn) {
  const statements = [
    {
      Sid: 'ReadScramSecret',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secretArn,
    },
  ];
  if (kmsKeyArn) {
    statements.push({
      Sid: 'DecryptScramSecret',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: kmsKeyArn,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      Condition: { StringEquals: { 'kms:ViaService': sub('secretsmanager.${AWS::Region}.amazonaws.com') } },
    });
  }
  return statements;
}

/**
 * The producer: connect, describe and (idempotently) write its topic; discover brokers when it
 * must; read its SCRAM secret or replay CSV when configured; ENIs when in a VPC.
 */
function producerStatements({ mode, cluster, topic, discoverBrokers, scram, replayObjectArn, inVpc }) {
  const statements = [];
  if (cluster) {
    const arns = mskArns(cluster, topic, 'unused');
    statements.push(
      {
        Sid: 'ConnectAndWriteIdempotently',
        Effect: 'Allow',
        Action: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'],
        Resource: arns.cluster,
      },
      {
        Sid: 'DescribeAndWriteTicksTopic',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        Resource: arns.topic,
      },
    );
    if (discoverBrokers) statements.push(getBootstrapBrokersStatement('DiscoverBootstrapBrokers'));
  }
  if (mode === 'self-managed' && scram)
    statements.push(...scramSecretStatements(scram.secretArn, scram.kmsKeyArn));
  if (replayObjectArn) {
    statements.push({
      Sid: 'ReadReplayCsv',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: replayObjectArn,
    });
  }
  if (inVpc) statements.push(...networkInterfaceStatements({ forMapping: false }));
  return statements;
}

/**
 * The sink: put objects under ticks/ and quarantine/ (delete and list only under them, for
 * compaction and overlap cleanup), plus exactly what its event source mapping needs: read its
 * topic and group, find the cluster, put failed batches in the on-failure bucket, ENIs in the
 * cluster's VPC, and the SCRAM secret of a self-managed cluster.
 */
function sinkStatements({ ticksPrefix, quarantinePrefix, cluster, topic, groupId, scram, mappingInVpc }) {
  const bucketArn = { 'Fn::GetAtt': ['TicksBucket', 'Arn'] };
  const objects = (prefix) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
  const statements = [
    {
      Sid: 'WriteTicksAndQuarantine',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [objects(ticksPrefix), objects(quarantinePrefix)],
    },
    {
      Sid: 'DeleteOnlyTicksForCompaction',
      Effect: 'Allow',
      Action: ['s3:DeleteObject'],
      Resource: objects(ticksPrefix),
    },
    {
      Sid: 'ListOnlyOwnPrefixes',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': [`${ticksPrefix}*`, `${quarantinePrefix}*`] } },
    },
    {
      Sid: 'MappingOnFailureDestination',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['FailedBatchesBucket', 'Arn'] }, '/*']] },
    },
    {
      Sid: 'MappingOnFailureDestinationList',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: { 'Fn::GetAtt': ['FailedBatchesBucket', 'Arn'] },
    },
  ];
  if (cluster) {
    const arns = mskArns(cluster, topic, groupId);
    statements.push(
      {
        Sid: 'MappingFindsCluster',
        Effect: 'Allow',
        Action: ['kafka:DescribeClusterV2'],
        Resource: arns.cluster,
      },
      getBootstrapBrokersStatement('MappingFindsBrokers'),
      {
        Sid: 'MappingConnects',
        Effect: 'Allow',
        Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
        Resource: arns.cluster,
      },
      {
        Sid: 'MappingReadsTicksTopic',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        Resource: arns.topic,
      },
      {
        Sid: 'MappingUsesItsConsumerGroup',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
        Resource: arns.group,
      },
    );
  }
  if (scram) statements.push(...scramSecretStatements(scram.secretArn, scram.kmsKeyArn));
  if (mappingInVpc) statements.push(...networkInterfaceStatements({ forMapping: true }));
  return statements;
}

/** The create-mode custom resource that makes the topic: connect, create and describe it. */
function ensureTopicStatements({ cluster, topic }) {
  const arns = mskArns(cluster, topic, 'unused');
  return [
    { Sid: 'Connect', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: arns.cluster },
    {
      // AlterTopic: adding partitions when topicPartitions is raised (Kafka's CreatePartitions is
      // an ALTER on the topic; MSK Developer Guide, "Semantics of IAM authorization policy actions
      // and resources", https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html).
      Sid: 'CreateOrGrowTicksTopic',
      Effect: 'Allow',
      Action: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterTopic'],
      Resource: arns.topic,
    },
    ...networkInterfaceStatements({ forMapping: false }),
  ];
}

module.exports = {
  producerStatements,
  sinkStatements,
  ensureTopicStatements,
  getBootstrapBrokersStatement,
  mskArns,
};
