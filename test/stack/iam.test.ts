// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected values are CloudFormation Fn::Sub text.
import { describe, expect, it } from 'vitest';
import { producerStatements, sinkStatements } from '../../resources/stack/iam';
import { arnsOf, iamResourceTypes, withTwelveDigitAccount } from '../support/aws-fixtures';
import type { Template } from './support/package';
import {
  actions,
  allowedActions,
  allRoleStatements,
  getAtt,
  render,
  resource,
  resources,
  resourcesOfType,
  roleStatements,
  statement,
  template,
} from './support/template';
import { CLUSTER_ARN, KMS_KEY, SCRAM_SECRET, VARIANT_NAMES } from './support/variants';

// Topic and group ARNs sit under topic/ and group/ with the cluster's name and id, then their own
// name (MSK Developer Guide, "Semantics of IAM authorization policy actions and resources").
const TOPIC_ARN = `${CLUSTER_ARN.replace(':cluster/', ':topic/')}/ticks`;
const GROUP_ARN = `${CLUSTER_ARN.replace(':cluster/', ':group/')}/stock-ticks-sink`;
const NETWORK_INTERFACE_RESOURCES = ['network-interface', 'subnet', 'security-group'].map(
  (type) => `arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:${type}/*`,
);
const LOG_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const VPC_FUNCTION_ACTIONS = [
  'ec2:AssignPrivateIpAddresses',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:UnassignPrivateIpAddresses',
];
const MAPPING_NETWORK_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
];
// The sink never deletes: compaction, its own function, does.
const SINK_S3_ACTIONS = ['s3:ListBucket', 's3:ListBucket', 's3:PutObject', 's3:PutObject'];
// Actions the Service Authorization Reference lists with no resource type: the only ones allowed
// on "*" (a statement scoped to an ARN would not allow them at all).
const UNSCOPABLE = new Set([
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'ec2:DescribeSecurityGroups',
  // Documented as taking no resource type (test/fixtures/aws/iam-resource-types.json).
  ...iamResourceTypes()
    .filter((entry) => entry.resourceTypes.length === 0)
    .map((entry) => entry.action),
]);

const sorted = (list: string[]) => [...list].sort();

describe('least privilege in every mode', () => {
  it.each(VARIANT_NAMES)(
    '%s: no wildcard action and no "*" resource except for actions that take no resource',
    (name) => {
      for (const { owner, statement: s } of allRoleStatements(template(name))) {
        if (s.Effect !== 'Allow') continue;
        for (const action of actions(s)) {
          expect(action, `${owner} ${s.Sid ?? ''}`).not.toContain('*');
        }
        if (resources(s).includes('*')) {
          expect(
            actions(s).every((a) => UNSCOPABLE.has(a)),
            `${owner} ${s.Sid ?? ''} on *: ${actions(s)}`,
          ).toBe(true);
        }
      }
    },
  );

  it.each(VARIANT_NAMES)('%s: one role per function, no managed policies, no unused shared role', (name) => {
    const t = template(name);
    expect(t.Resources).not.toHaveProperty('IamRoleLambdaExecution');
    const roles = new Set<string>();
    for (const [id, fn] of resourcesOfType(t, 'AWS::Lambda::Function')) {
      const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
      expect(roles.has(role), `${id} shares ${role}`).toBe(false);
      roles.add(role);
    }
    for (const [id, role] of resourcesOfType(t, 'AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns ?? [], id).toEqual([]);
    }
  });
});

describe('the producer role', () => {
  const role = 'ProduceTicksIamRoleLambdaExecution';

  it('on MSK may only connect, describe and write its topic (idempotently), discover brokers and attach to the VPC', () => {
    const t = template('msk');

    expect(allowedActions(t, role)).toEqual(
      sorted([
        ...LOG_ACTIONS,
        'kafka-cluster:Connect',
        'kafka-cluster:WriteDataIdempotently',
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:WriteData',
        'kafka:GetBootstrapBrokers',
        ...VPC_FUNCTION_ACTIONS,
      ]),
    );
    expect(statement(t, role, 'ConnectAndWriteIdempotently').Resource).toBe(CLUSTER_ARN);
    expect(statement(t, role, 'DescribeAndWriteTicksTopic').Resource).toBe(TOPIC_ARN);
    expect(statement(t, role, 'DiscoverBootstrapBrokers').Resource).toBe('*');
    expect(statement(t, role, 'ManageNetworkInterfacesInThisAccountAndRegion').Resource.map(render)).toEqual(
      NETWORK_INTERFACE_RESOURCES,
    );
  });

  it('does not discover brokers when they are given, and reads only its replay CSV', () => {
    const t = template('msk-replay');

    expect(allowedActions(t, role)).not.toContain('kafka:GetBootstrapBrokers');
    expect(render(statement(t, role, 'ReadReplayCsv').Resource)).toBe(
      'arn:${AWS::Partition}:s3:::my-data-bucket/tutorial/indexProcessed.csv',
    );
  });

  it('on the created cluster gets the topic ARN derived from the cluster ARN', () => {
    const t = template('create');
    const topic = statement(t, role, 'DescribeAndWriteTicksTopic').Resource;

    expect(topic['Fn::Sub'][0]).toBe(
      'arn:${AWS::Partition}:kafka:${AWS::Region}:${AWS::AccountId}:topic/${Name}/${Uuid}/ticks',
    );
    expect(topic['Fn::Sub'][1]).toEqual({
      Name: { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'MskCluster' }] }] },
      Uuid: { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'MskCluster' }] }] },
    });
    // Brokers come from the stack (custom resource), so no discovery permission.
    expect(allowedActions(t, role)).not.toContain('kafka:GetBootstrapBrokers');
  });

  it('on self-managed Kafka with SCRAM may only read its secret (through Secrets Manager with the CMK)', () => {
    const t = template('self-managed-scram');

    expect(allowedActions(t, role)).toEqual(
      sorted([...LOG_ACTIONS, 'secretsmanager:GetSecretValue', 'kms:Decrypt']),
    );
    expect(statement(t, role, 'ReadScramSecret').Resource).toBe(SCRAM_SECRET);
    expect(statement(t, role, 'DecryptScramSecret')).toMatchObject({
      Resource: KMS_KEY,
      Condition: {
        StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'secretsmanager.${AWS::Region}.amazonaws.com' } },
      },
    });
  });

  it('on plaintext self-managed Kafka needs nothing but its logs and its VPC attachment', () => {
    expect(allowedActions(template('self-managed-plaintext'), role)).toEqual(
      sorted([...LOG_ACTIONS, ...VPC_FUNCTION_ACTIONS]),
    );
  });

  it('may only write its own log group', () => {
    const logs = roleStatements(template('msk'), role).find((s) => actions(s).includes('logs:PutLogEvents'))!;
    expect(render(resources(logs)[0])).toBe(
      'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/stock-ticks-test-produceTicks:*:*',
    );
  });
});

describe('the sink role', () => {
  const role = 'SinkTicksIamRoleLambdaExecution';

  const s3Resources = (t: Template, sid: string) => resources(statement(t, role, sid)).map(render);

  it('may put objects only under ticks/ and quarantine/, delete nothing, list only those prefixes', () => {
    const t = template('msk');

    expect(s3Resources(t, 'WriteTicksAndQuarantine')).toEqual([
      '${TicksBucket.Arn}/ticks/*',
      '${TicksBucket.Arn}/quarantine/*',
    ]);
    expect(actions(statement(t, role, 'WriteTicksAndQuarantine'))).toEqual(['s3:PutObject']);
    expect(allowedActions(t, role)).not.toContain('s3:DeleteObject');
    expect(statement(t, role, 'ListOnlyOwnPrefixes')).toMatchObject({
      Action: ['s3:ListBucket'],
      Condition: { StringLike: { 's3:prefix': ['ticks/*', 'quarantine/*'] } },
    });
    expect(getAtt(statement(t, role, 'ListOnlyOwnPrefixes').Resource)).toBe('TicksBucket.Arn');
    // The mapping's on-failure destination: PutObject and ListBucket, as Lambda documents.
    expect(s3Resources(t, 'MappingOnFailureDestination')).toEqual(['${FailedBatchesBucket.Arn}/*']);
    expect(s3Resources(t, 'MappingOnFailureDestinationList')).toEqual(['${FailedBatchesBucket.Arn}']);
  });

  it('on MSK has exactly what the mapping needs: find the cluster, read its topic and group, ENIs', () => {
    const t = template('msk');

    expect(allowedActions(t, role)).toEqual(
      sorted([
        ...LOG_ACTIONS,
        ...SINK_S3_ACTIONS,
        'kafka:DescribeClusterV2',
        'kafka:GetBootstrapBrokers',
        'kafka-cluster:Connect',
        'kafka-cluster:DescribeClusterDynamicConfiguration',
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:ReadData',
        'kafka-cluster:DescribeGroup',
        'kafka-cluster:AlterGroup',
        ...MAPPING_NETWORK_ACTIONS,
      ]),
    );
    expect(statement(t, role, 'MappingFindsCluster').Resource).toBe(CLUSTER_ARN);
    expect(statement(t, role, 'MappingFindsBrokers').Resource).toBe('*');
    expect(statement(t, role, 'MappingConnects').Resource).toBe(CLUSTER_ARN);
    expect(statement(t, role, 'MappingReadsTicksTopic').Resource).toBe(TOPIC_ARN);
    expect(statement(t, role, 'MappingUsesItsConsumerGroup').Resource).toBe(GROUP_ARN);
  });

  it('never writes to Kafka', () => {
    for (const name of VARIANT_NAMES) {
      const granted = allowedActions(template(name), role);
      expect(
        granted.filter((a) => /WriteData|CreateTopic|AlterCluster/.test(a)),
        name,
      ).toEqual([]);
    }
  });

  it('on self-managed Kafka reads its SCRAM secret, and gets ENI actions only when the mapping uses a VPC', () => {
    const scram = template('self-managed-scram');
    expect(allowedActions(scram, role)).toEqual(
      sorted([...LOG_ACTIONS, ...SINK_S3_ACTIONS, 'secretsmanager:GetSecretValue', 'kms:Decrypt']),
    );
    expect(statement(scram, role, 'ReadScramSecret').Resource).toBe(SCRAM_SECRET);

    expect(allowedActions(template('self-managed-plaintext'), role)).toEqual(
      sorted([...LOG_ACTIONS, ...SINK_S3_ACTIONS, ...MAPPING_NETWORK_ACTIONS]),
    );
  });
});

describe('the compaction role', () => {
  const role = 'CompactTicksIamRoleLambdaExecution';
  // Reading a day's place in the log and the sink group's offsets: Kafka's LIST_OFFSETS and
  // METADATA need DESCRIBE on the topic, OFFSET_FETCH and FIND_COORDINATOR DESCRIBE on the group
  // (Apache Kafka documentation, "Operations and Resources on Protocols"), which MSK maps to
  // DescribeTopic and DescribeGroup (test/fixtures/aws/iam-resource-types.json).
  const AUDIT_ACTIONS = [
    'kafka-cluster:Connect',
    'kafka-cluster:DescribeTopic',
    'kafka-cluster:DescribeGroup',
  ];
  const S3_ACTIONS = ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'];
  /** What reaching the cluster takes beside kafka-cluster actions: discovery, secrets, the VPC. */
  const reach = (list: string[]) => list.filter((a) => !/^(kafka-cluster|s3|logs):/.test(a));

  it.each(VARIANT_NAMES)(
    '%s: reads the three prefixes, writes ticks/ and seals/, deletes only under ticks/, nothing else',
    (name) => {
      const t = template(name);
      const s3Resources = (sid: string) => resources(statement(t, role, sid)).map(render);

      expect(allowedActions(t, role).filter((a) => a.startsWith('s3:'))).toEqual(sorted(S3_ACTIONS));
      expect(statement(t, role, 'ListTicksQuarantineAndSeals')).toMatchObject({
        Action: ['s3:ListBucket'],
        Condition: { StringLike: { 's3:prefix': ['ticks/*', 'quarantine/*', 'seals/*'] } },
      });
      expect(s3Resources('ReadTicksQuarantineAndSeals')).toEqual([
        '${TicksBucket.Arn}/ticks/*',
        '${TicksBucket.Arn}/quarantine/*',
        '${TicksBucket.Arn}/seals/*',
      ]);
      expect(s3Resources('WriteCompactedTicksAndSeals')).toEqual([
        '${TicksBucket.Arn}/ticks/*',
        '${TicksBucket.Arn}/seals/*',
      ]);
      expect(s3Resources('DeleteOnlyUnderTicks')).toEqual(['${TicksBucket.Arn}/ticks/*']);
    },
  );

  it.each(VARIANT_NAMES)(
    '%s: reaches the cluster as the producer does, and may only describe the topic and the sink group there',
    (name) => {
      const t = template(name);
      const producer = allowedActions(t, 'ProduceTicksIamRoleLambdaExecution');
      const compaction = allowedActions(t, role);

      expect(compaction).toEqual(
        sorted([
          ...LOG_ACTIONS,
          ...S3_ACTIONS,
          ...(producer.includes('kafka-cluster:Connect') ? AUDIT_ACTIONS : []),
          ...reach(producer),
        ]),
      );
      expect(compaction).not.toContain('kafka-cluster:ReadData');
      expect(compaction).not.toContain('kafka-cluster:AlterGroup');
    },
  );

  it('on MSK: connect to the cluster, describe the ticks topic and the sink group, by their ARNs', () => {
    const t = template('msk');
    expect(statement(t, role, 'AuditConnect').Resource).toBe(CLUSTER_ARN);
    expect(statement(t, role, 'AuditTicksTopicOffsets').Resource).toBe(TOPIC_ARN);
    expect(statement(t, role, 'AuditSinkGroupOffsets').Resource).toBe(GROUP_ARN);
    for (const action of AUDIT_ACTIONS) {
      const documented = iamResourceTypes().find((e) => e.action === action);
      expect(documented, action).toBeDefined();
    }
  });
});

describe('the stack-created helpers (kafkaMode=create)', () => {
  it('the topic custom resource may only connect and create, describe or grow the ticks topic', () => {
    const t = template('create');
    const role = 'EnsureTopicIamRoleLambdaExecution';

    expect(allowedActions(t, role)).toEqual(
      sorted([
        ...LOG_ACTIONS,
        'kafka-cluster:Connect',
        'kafka-cluster:CreateTopic',
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:AlterTopic',
        ...VPC_FUNCTION_ACTIONS,
      ]),
    );
  });

  it('the bootstrap-brokers custom resource may only read broker addresses and write its log group', () => {
    const t = template('create');
    const statements = roleStatements(t, 'BootstrapBrokersRole');

    expect(statements).toEqual([
      { Sid: 'ReadBootstrapBrokers', Effect: 'Allow', Action: ['kafka:GetBootstrapBrokers'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['BootstrapBrokersLogGroup', 'Arn'] },
      },
    ]);
    expect(resource(t, 'BootstrapBrokersFunction').Properties.VpcConfig).toBeUndefined();
  });
});

describe('the IAM builders with every cluster ARN AWS documents', () => {
  // Provisioned and Serverless, accounts made 12 digits (test/fixtures/aws/arns.json).
  const documented = [...arnsOf('msk-cluster-provisioned'), ...arnsOf('msk-cluster-serverless')].map(
    withTwelveDigitAccount,
  );

  it.each(documented)('%s: kafka-cluster actions on the cluster, its topic and its group', (arn) => {
    // Prepare
    const cluster = { arn, token: arn.split('/')[1]! };

    // Act
    const producer = producerStatements({
      cluster,
      topic: 'ticks',
      discoverBrokers: true,
      inVpc: false,
    });
    const sink = sinkStatements({
      ticksPrefix: 'ticks/',
      quarantinePrefix: 'quarantine/',
      cluster,
      topic: 'ticks',
      groupId: 'stock-ticks-sink',
      mappingInVpc: false,
    });

    // Assess: the topic and group sit under the cluster's name and id, suffix (-<n> or -s<n>) kept.
    const [, name, id] = arn.split('/');
    const under = (kind: string, leaf: string) =>
      `${arn.split(':cluster/')[0]}:${kind}/${name}/${id}/${leaf}`;
    const byId = (list: typeof producer, sid: string) => list.find((s) => s.Sid === sid)?.Resource;
    expect(byId(producer, 'ConnectAndWriteIdempotently')).toBe(arn);
    expect(byId(producer, 'DescribeAndWriteTicksTopic')).toBe(under('topic', 'ticks'));
    expect(byId(producer, 'DiscoverBootstrapBrokers')).toBe('*');
    expect(byId(sink, 'MappingFindsCluster')).toBe(arn);
    expect(byId(sink, 'MappingReadsTicksTopic')).toBe(under('topic', 'ticks'));
    expect(byId(sink, 'MappingUsesItsConsumerGroup')).toBe(under('group', 'stock-ticks-sink'));
  });
});
