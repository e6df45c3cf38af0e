/**
 * The IAM statements of each function's own role (serverless-iam-roles-per-function). No
 * wildcard actions; every resource is scoped as far as the service allows, and where it cannot be
 * (actions with no resource type) the statement says so in its Sid.
 */
import { mskResourceArn } from '../../shared/rules';
import { type Cfn, type Statement, sub } from './types';

/** The cluster as IAM and the `msk` event see it: an ARN, or the created cluster's Ref. */
export interface ClusterRef {
  readonly arn: string | { readonly Ref: string };
  /** What the framework puts in the mapping's logical id: the cluster name, or the logical id. */
  readonly token: string;
}

export interface ScramSecret {
  /** An ARN, or the Ref of a secret the stack creates (kafkaMode=ec2). */
  readonly secretArn: Cfn;
  readonly kmsKeyArn?: string | undefined;
  /** The broker's root CA certificate (`{"certificate"}`), read by the producer and the mapping. */
  readonly rootCaSecretArn?: Cfn;
}

/** ARNs of an MSK cluster, its topic and the sink's consumer group, for kafka-cluster: actions. */
export function mskArns(
  cluster: ClusterRef,
  topic: string,
  groupId: string,
): { cluster: Cfn; topic: Cfn; group: Cfn } {
  if (typeof cluster.arn === 'string') {
    return {
      cluster: cluster.arn,
      topic: mskResourceArn(cluster.arn, 'topic', topic),
      group: mskResourceArn(cluster.arn, 'group', groupId),
    };
  }
  // A cluster this stack creates: split its ARN (Ref) into name and id, under topic/ and group/.
  const part = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': ['/', cluster.arn] }] });
  const under = (kind: string, leaf: string) => ({
    'Fn::Sub': [
      `arn:\${AWS::Partition}:kafka:\${AWS::Region}:\${AWS::AccountId}:${kind}/\${Name}/\${Uuid}/${leaf}`,
      { Name: part(1), Uuid: part(2) },
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
export function getBootstrapBrokersStatement(sid: string): Statement {
  return { Sid: sid, Effect: 'Allow', Action: ['kafka:GetBootstrapBrokers'], Resource: '*' };
}

/**
 * Network-interface actions Lambda needs to attach a function, or a Kafka mapping's pollers, to a
 * VPC. Describe* calls support no resource-level permissions; the others are kept to the resource
 * types the Service Authorization Reference lists for them (CreateNetworkInterface: network
 * interface, subnet and security group; the rest: network interface) in this account and region.
 */
function networkInterfaceStatements({ forMapping }: { forMapping: boolean }): Statement[] {
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

function scramSecretStatements({ secretArn, kmsKeyArn, rootCaSecretArn }: ScramSecret): Statement[] {
  const statements: Statement[] = [
    {
      Sid: rootCaSecretArn ? 'ReadScramAndRootCaSecrets' : 'ReadScramSecret',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: rootCaSecretArn ? [secretArn, rootCaSecretArn] : secretArn,
    },
  ];
  if (kmsKeyArn) {
    statements.push({
      Sid: 'DecryptScramSecret',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: kmsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': sub('secretsmanager.${AWS::Region}.amazonaws.com') } },
    });
  }
  return statements;
}

/**
 * The producer: connect, describe and (idempotently) write its topic; discover brokers when it
 * must; read its SCRAM secret or replay CSV when configured; ENIs when in a VPC.
 */
export function producerStatements(options: {
  readonly cluster?: ClusterRef | undefined;
  readonly topic: string;
  readonly discoverBrokers: boolean;
  readonly scram?: ScramSecret | undefined;
  readonly replayObjectArn?: Cfn;
  readonly inVpc: boolean;
}): Statement[] {
  const { cluster, topic, discoverBrokers, scram, replayObjectArn, inVpc } = options;
  const statements: Statement[] = [];
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
  if (scram) statements.push(...scramSecretStatements(scram));
  if (replayObjectArn)
    statements.push({
      Sid: 'ReadReplayCsv',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: replayObjectArn,
    });
  if (inVpc) statements.push(...networkInterfaceStatements({ forMapping: false }));
  return statements;
}

/**
 * The sink: put objects under ticks/ and quarantine/ (delete and list only under them, for
 * compaction and overlap cleanup), plus exactly what its event source mapping needs: read its
 * topic and group, find the cluster, put failed batches in the on-failure bucket, ENIs in the
 * cluster's VPC, and the SCRAM secret of a self-managed cluster.
 */
export function sinkStatements(options: {
  readonly ticksPrefix: string;
  readonly quarantinePrefix: string;
  readonly cluster?: ClusterRef | undefined;
  readonly topic: string;
  readonly groupId: string;
  readonly scram?: ScramSecret | undefined;
  readonly mappingInVpc: boolean;
}): Statement[] {
  const { ticksPrefix, quarantinePrefix, cluster, topic, groupId, scram, mappingInVpc } = options;
  const bucketArn = { 'Fn::GetAtt': ['TicksBucket', 'Arn'] };
  const objects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
  const failedBatches = { 'Fn::GetAtt': ['FailedBatchesBucket', 'Arn'] };
  const statements: Statement[] = [
    {
      Sid: 'WriteTicksAndQuarantine',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [objects(ticksPrefix), objects(quarantinePrefix)],
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
      Resource: { 'Fn::Join': ['', [failedBatches, '/*']] },
    },
    {
      Sid: 'MappingOnFailureDestinationList',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: failedBatches,
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
  if (scram) statements.push(...scramSecretStatements(scram));
  if (mappingInVpc) statements.push(...networkInterfaceStatements({ forMapping: true }));
  return statements;
}

/**
 * The compaction function: read the day's tick and quarantine objects and the seals, write the
 * compacted files and the seals, delete only under the ticks prefix (the code deletes only the
 * objects a verified file replaces), list only those three prefixes. Before sealing a day it
 * audits it against the cluster: with IAM auth that is Connect, DescribeTopic (Kafka's METADATA
 * and LIST_OFFSETS need DESCRIBE on the topic) and DescribeGroup on the sink's group (OFFSET_FETCH
 * and FIND_COORDINATOR need DESCRIBE on the group, OFFSET_FETCH also on the topic): Apache Kafka's
 * "Operations and Resources on Protocols" table (https://kafka.apache.org/documentation/#operations_resources_and_protocols)
 * mapped to IAM by the MSK Developer Guide's "Semantics of IAM authorization policy actions and
 * resources" (https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html). Nothing
 * that reads records or moves the group's offsets.
 */
export function compactionStatements(options: {
  readonly ticksPrefix: string;
  readonly quarantinePrefix: string;
  readonly sealsPrefix: string;
  readonly cluster?: ClusterRef | undefined;
  readonly topic: string;
  readonly groupId: string;
  readonly discoverBrokers: boolean;
  readonly scram?: ScramSecret | undefined;
  readonly inVpc: boolean;
}): Statement[] {
  const {
    ticksPrefix,
    quarantinePrefix,
    sealsPrefix,
    cluster,
    topic,
    groupId,
    discoverBrokers,
    scram,
    inVpc,
  } = options;
  const bucketArn = { 'Fn::GetAtt': ['TicksBucket', 'Arn'] };
  const objects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
  const statements: Statement[] = [
    {
      Sid: 'ListTicksQuarantineAndSeals',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: bucketArn,
      Condition: {
        StringLike: { 's3:prefix': [`${ticksPrefix}*`, `${quarantinePrefix}*`, `${sealsPrefix}*`] },
      },
    },
    {
      Sid: 'ReadTicksQuarantineAndSeals',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [objects(ticksPrefix), objects(quarantinePrefix), objects(sealsPrefix)],
    },
    {
      Sid: 'WriteCompactedTicksAndSeals',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [objects(ticksPrefix), objects(sealsPrefix)],
    },
    {
      Sid: 'DeleteOnlyUnderTicks',
      Effect: 'Allow',
      Action: ['s3:DeleteObject'],
      Resource: objects(ticksPrefix),
    },
  ];
  if (cluster) {
    const arns = mskArns(cluster, topic, groupId);
    statements.push(
      { Sid: 'AuditConnect', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: arns.cluster },
      {
        Sid: 'AuditTicksTopicOffsets',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic'],
        Resource: arns.topic,
      },
      {
        Sid: 'AuditSinkGroupOffsets',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeGroup'],
        Resource: arns.group,
      },
    );
    if (discoverBrokers) statements.push(getBootstrapBrokersStatement('DiscoverBootstrapBrokers'));
  }
  if (scram) statements.push(...scramSecretStatements(scram));
  if (inVpc) statements.push(...networkInterfaceStatements({ forMapping: false }));
  return statements;
}

/** The create-mode custom resource that makes the topic: connect, create, describe or grow it. */
export function ensureTopicStatements({
  cluster,
  topic,
}: {
  cluster: ClusterRef;
  topic: string;
}): Statement[] {
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
