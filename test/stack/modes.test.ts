// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected values are CloudFormation Fn::Sub text.
import { describe, expect, it } from 'vitest';
import { mapping, render, resource, resourcesOfType, template } from './support/template';
import {
  CLUSTER_ARN,
  KMS_KEY,
  PLAINTEXT_BROKERS,
  SCRAM_SECRET,
  SECURITY_GROUPS,
  SELF_MANAGED_BROKERS,
  SUBNETS,
} from './support/variants';

const ON_FAILURE = { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedBatchesBucket', 'Arn'] } } };
const RETRY_PROPERTIES = ['MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError'];

describe('the sink event source mapping', () => {
  it('reads an existing MSK cluster with the default batch, window, position and group', () => {
    // Prepare / Act: packaged by the global setup.
    const [id, esm] = mapping(template('msk'));

    // Assess
    // The framework's id: function, "EventSourceMappingMSK", the cluster name, the topic.
    expect(id).toBe('SinkTicksEventSourceMappingMSKVpc2priv2pubTicks');
    expect(esm.Properties).toMatchObject({
      EventSourceArn: CLUSTER_ARN,
      FunctionName: { 'Fn::GetAtt': ['SinkTicksLambdaFunction', 'Arn'] },
      Topics: ['ticks'],
      BatchSize: 10000,
      MaximumBatchingWindowInSeconds: 10,
      StartingPosition: 'TRIM_HORIZON',
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'stock-ticks-sink' },
      DestinationConfig: ON_FAILURE,
    });
    // On-demand pollers: AWS supports no retry or record-age limits there.
    for (const property of [...RETRY_PROPERTIES, 'ProvisionedPollerConfig']) {
      expect(esm.Properties).not.toHaveProperty(property);
    }
  });

  it('takes batch size, window (even 0), position and group id from parameters', () => {
    const [, esm] = mapping(template('msk-replay'));

    expect(esm.Properties).toMatchObject({
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 0,
      StartingPosition: 'LATEST',
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'ticks-prod-sink' },
    });
  });

  it('reads the created MSK Serverless cluster once its topic and endpoints exist', () => {
    const [id, esm] = mapping(template('create'));

    expect(id).toBe('SinkTicksEventSourceMappingMSKMskClusterTicks');
    expect(esm.Properties.EventSourceArn).toEqual({ Ref: 'MskCluster' });
    expect(esm.Properties.DestinationConfig).toEqual(ON_FAILURE);
    expect(esm.DependsOn).toEqual(
      expect.arrayContaining(['TicksTopic', 'S3GatewayEndpoint', 'LambdaEndpoint', 'StsEndpoint']),
    );
  });

  it('gets retry and record-age limits and batch splitting only with provisioned pollers', () => {
    const [, esm] = mapping(template('create-provisioned'));

    expect(esm.Properties).toMatchObject({
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2 },
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      DestinationConfig: ON_FAILURE,
    });
  });

  it('reads self-managed Kafka with SASL/SCRAM-512 over TLS, outside any VPC', () => {
    const [id, esm] = mapping(template('self-managed-scram'));

    expect(id).toBe('SinkTicksEventSourceMappingKafkaTicks');
    expect(esm.Properties).toMatchObject({
      SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: SELF_MANAGED_BROKERS.split(',') } },
      SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: 'stock-ticks-sink' },
      Topics: ['ticks'],
      BatchSize: 10000,
      MaximumBatchingWindowInSeconds: 10,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: ON_FAILURE,
    });
    expect(esm.Properties.SourceAccessConfigurations).toEqual([
      { Type: 'SASL_SCRAM_512_AUTH', URI: SCRAM_SECRET },
    ]);
  });

  it('reads plaintext self-managed Kafka through the given VPC subnets and security groups', () => {
    const [, esm] = mapping(template('self-managed-plaintext'));

    expect(esm.Properties.SelfManagedEventSource.Endpoints.KafkaBootstrapServers).toEqual(
      PLAINTEXT_BROKERS.split(','),
    );
    expect(esm.Properties.SourceAccessConfigurations).toEqual([
      ...SUBNETS.split(',').map((id) => ({ Type: 'VPC_SUBNET', URI: `subnet:${id}` })),
      { Type: 'VPC_SECURITY_GROUP', URI: `security_group:${SECURITY_GROUPS}` },
    ]);
    expect(esm.Properties.DestinationConfig).toEqual(ON_FAILURE);
  });
});

describe('the producer', () => {
  const env = (name: Parameters<typeof template>[0]) =>
    resource(template(name), 'ProduceTicksLambdaFunction').Properties.Environment.Variables;
  const common = {
    KAFKA_TOPIC: 'ticks',
    TICK_SOURCE: 'synthetic',
    TICKS_PER_SECOND: '1',
    TICK_INTERVAL_SECONDS: '60',
    REPLAY_ORDER: 'random',
    POWERTOOLS_SERVICE_NAME: 'produce-ticks',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_NAMESPACE: 'stock-ticks-test',
  };

  it('gets exactly the environment the code reads, per mode', () => {
    expect(env('msk')).toEqual({ ...common, KAFKA_AUTH: 'iam', MSK_CLUSTER_ARN: CLUSTER_ARN });
    expect(env('create')).toEqual({
      ...common,
      KAFKA_AUTH: 'iam',
      MSK_CLUSTER_ARN: { Ref: 'MskCluster' },
      KAFKA_BROKERS: { 'Fn::GetAtt': ['BootstrapBrokers', 'SaslIam'] },
    });
    expect(env('self-managed-scram')).toEqual({
      ...common,
      KAFKA_AUTH: 'scram',
      KAFKA_BROKERS: SELF_MANAGED_BROKERS,
      KAFKA_SCRAM_SECRET_ARN: SCRAM_SECRET,
    });
    expect(env('ec2')).toEqual({
      ...common,
      KAFKA_AUTH: 'scram',
      KAFKA_BROKERS: { 'Fn::Sub': '${BrokerIp.PublicIp}:9096' },
      KAFKA_SCRAM_SECRET_ARN: { Ref: 'BrokerScramSecret' },
      KAFKA_ROOT_CA_SECRET_ARN: { Ref: 'BrokerCaSecret' },
    });
    expect(env('self-managed-plaintext')).toEqual({
      ...common,
      KAFKA_AUTH: 'plaintext',
      KAFKA_BROKERS: PLAINTEXT_BROKERS,
    });
    expect(env('msk-replay')).toEqual({
      ...common,
      KAFKA_AUTH: 'iam',
      MSK_CLUSTER_ARN: CLUSTER_ARN,
      KAFKA_BROKERS: 'b-1.ticks.abc123.c2.kafka.us-east-1.amazonaws.com:9098',
      TICK_SOURCE: 'replay',
      REPLAY_CSV_URI: 's3://my-data-bucket/tutorial/indexProcessed.csv',
      REPLAY_ORDER: 'sequential',
      TICK_SYMBOLS: 'NYA,N225',
      TICK_INTERVAL_SECONDS: '300',
    });
  });

  it("runs in the cluster's VPC for MSK, in the created VPC, and outside any VPC for Kafka over TLS", () => {
    const vpc = (name: Parameters<typeof template>[0]) =>
      resource(template(name), 'ProduceTicksLambdaFunction').Properties.VpcConfig;

    expect(vpc('msk')).toEqual({ SubnetIds: SUBNETS.split(','), SecurityGroupIds: [SECURITY_GROUPS] });
    expect(vpc('create')).toEqual({
      SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
      SecurityGroupIds: [{ Ref: 'ClientSecurityGroup' }],
    });
    expect(vpc('self-managed-plaintext')).toEqual({
      SubnetIds: SUBNETS.split(','),
      SecurityGroupIds: [SECURITY_GROUPS],
    });
    expect(vpc('self-managed-scram')).toBeUndefined();
  });

  it('runs on the schedule whose rate equals its tick interval, on nodejs22.x arm64', () => {
    const rule = (name: Parameters<typeof template>[0]) =>
      resource(template(name), 'ProduceTicksEventsRuleSchedule1').Properties.ScheduleExpression;

    expect(rule('msk')).toBe('rate(1 minute)');
    expect(rule('msk-replay')).toBe('rate(5 minutes)');
    const state = (name: Parameters<typeof template>[0]) =>
      resource(template(name), 'ProduceTicksEventsRuleSchedule1').Properties.State;
    expect(state('msk')).toBe('ENABLED');
    expect(state('msk-replay')).toBe('DISABLED');
    for (const [, fn] of resourcesOfType(template('create'), 'AWS::Lambda::Function')) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
    // One interval per run: the timeout never lets a run overlap the next.
    expect(resource(template('msk'), 'ProduceTicksLambdaFunction').Properties.Timeout).toBe(60);
    // The created cluster's topic exists before the first run.
    expect(resource(template('create'), 'ProduceTicksEventsRuleSchedule1').DependsOn).toEqual(['TicksTopic']);
  });
});

describe('the sink', () => {
  it('writes to the ticks bucket under ticks/ and quarantine/, accepting ticks from the first projected day', () => {
    const fn = resource(template('msk'), 'SinkTicksLambdaFunction');

    expect(fn.Properties.Environment.Variables).toEqual({
      TICKS_BUCKET: { Ref: 'TicksBucket' },
      TICKS_PREFIX: 'ticks/',
      QUARANTINE_PREFIX: 'quarantine/',
      MIN_EVENT_TIME: '2024-01-01T00:00:00.000Z',
      POWERTOOLS_SERVICE_NAME: 'sink-ticks',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'stock-ticks-test',
    });
    // The mapping's pollers use the cluster's VPC; the function itself needs none.
    expect(fn.Properties.VpcConfig).toBeUndefined();
  });
});

describe('kafkaMode=create', () => {
  const t = () => template('create');

  it('creates a private VPC without NAT, the endpoints the mapping needs, an MSK Serverless cluster and the topic', () => {
    const types = Object.values(t().Resources).map((r) => r.Type);
    expect(types).not.toContain('AWS::EC2::NatGateway');
    expect(types).not.toContain('AWS::EC2::InternetGateway');
    expect(resource(t(), 'MskCluster').Properties).toMatchObject({
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      VpcConfigs: [
        {
          SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
          SecurityGroups: [{ Ref: 'ClusterSecurityGroup' }],
        },
      ],
    });
    expect(resource(t(), 'MskCluster').Type).toBe('AWS::MSK::ServerlessCluster');
    const endpoints = resourcesOfType(t(), 'AWS::EC2::VPCEndpoint').map(([, r]) => [
      render(r.Properties.ServiceName),
      r.Properties.VpcEndpointType,
    ]);
    expect(endpoints).toEqual(
      expect.arrayContaining([
        ['com.amazonaws.${AWS::Region}.lambda', 'Interface'],
        ['com.amazonaws.${AWS::Region}.sts', 'Interface'],
        ['com.amazonaws.${AWS::Region}.s3', 'Gateway'],
      ]),
    );
    expect(resource(t(), 'TicksTopic').Properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': ['EnsureTopicLambdaFunction', 'Arn'] },
      ClusterArn: { Ref: 'MskCluster' },
      Brokers: { 'Fn::GetAtt': ['BootstrapBrokers', 'SaslIam'] },
      Topic: 'ticks',
      Partitions: 3,
    });
  });

  it('skips the interface endpoints when provisioned pollers make them unnecessary', () => {
    const endpoints = resourcesOfType(template('create-provisioned'), 'AWS::EC2::VPCEndpoint');
    expect(endpoints.map(([id]) => id)).toEqual(['S3GatewayEndpoint']);
  });

  it('admits the pollers and the clients to the brokers on 9098 only', () => {
    const ingress = resourcesOfType(t(), 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({
        GroupId: { Ref: 'ClusterSecurityGroup' },
        IpProtocol: 'tcp',
        FromPort: 9098,
        ToPort: 9098,
      });
    }
    expect(ingress.map((r) => r.SourceSecurityGroupId.Ref).sort()).toEqual([
      'ClientSecurityGroup',
      'ClusterSecurityGroup',
    ]);
  });

  it('has no resources of the other modes, and other modes none of it', () => {
    expect(t().Resources).toHaveProperty('EnsureTopicLambdaFunction');
    for (const name of ['msk', 'self-managed-scram', 'self-managed-plaintext'] as const) {
      const ids = Object.keys(template(name).Resources);
      expect(ids).not.toContain('MskCluster');
      expect(ids).not.toContain('Vpc');
      expect(ids).not.toContain('EnsureTopicLambdaFunction');
    }
  });
});

describe('self-managed Kafka with a secret encrypted by a customer-managed key', () => {
  it('passes the key only to the statements that decrypt the secret', () => {
    const text = JSON.stringify(template('self-managed-scram'));
    expect(text).toContain(KMS_KEY);
    expect(JSON.stringify(template('self-managed-plaintext'))).not.toContain('secretsmanager');
  });
});
