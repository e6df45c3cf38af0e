'use strict';

/**
 * `custom.stack` of serverless.yml: validates the stage's parameters and derives what each Kafka
 * mode needs (function environments, VPC placement, IAM statements, the event source mapping's
 * extra properties, the mode's resources). Runs while the framework resolves variables, i.e.
 * before `sls package` or `sls deploy` touch anything: a bad parameter stops there, with a
 * message naming it and a valid example.
 *
 *   serverless.yml:  custom.stack: ${file(resources/stack/config.cjs):stack}
 */

const { validateParams, PARAMETERS } = require('./params.cjs');
const { producerStatements, sinkStatements, ensureTopicStatements } = require('./iam.cjs');
const { clusterResources, ENSURE_TOPIC_TIMEOUT_SECONDS } = require('./cluster.cjs');
const { athenaResources } = require('./athena.cjs');

// Fixed layout of the bucket; the Glue table's location and the sink's IAM follow from it.
const TICKS_PREFIX = 'ticks/';
const QUARANTINE_PREFIX = 'quarantine/';
const ATHENA_RESULTS_PREFIX = 'athena-results/';

const skip = (...checks) => ({ checkov: { skip: checks.map(([id, comment]) => ({ id, comment })) } });

/** Normalises a name the way the framework builds logical ids (naming.getNormalizedFunctionName). */
const normalizedName = (name) =>
  name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
const alphaNumeric = (name) => {
  const clean = name.replace(/[^0-9A-Za-z]/g, '');
  return clean.charAt(0).toUpperCase() + clean.slice(1);
};

/** Logical id the framework gives the sink's event source mapping (see osls naming.js). */
function mappingLogicalId(mode, clusterToken, topic) {
  if (mode === 'self-managed')
    return `${normalizedName('sinkTicks')}EventSourceMappingKafka${alphaNumeric(topic).slice(0, 158)}`;
  return `${normalizedName('sinkTicks')}EventSourceMappingMSK${alphaNumeric(clusterToken).slice(0, 79)}${alphaNumeric(topic).slice(0, 79)}`;
}

/** A user-facing error: the framework prints `error.stack`, so make that the message alone. */
function parameterError(problems) {
  const message = [
    `Invalid stack parameters (${problems.length}). Set them with --param="name=value" or under params.<stage> in serverless.yml:`,
    ...problems.map((p) => `  - ${p}`),
  ].join('\n');
  const error = new Error(message);
  error.stack = message;
  return error;
}

async function readRawParams(resolveVariable) {
  const raw = {};
  for (const name of Object.keys(PARAMETERS)) {
    // `, null`: an unset parameter resolves to null instead of failing the whole configuration.
    raw[name] = await resolveVariable(`param:${name}, null`);
  }
  return raw;
}

/**
 * Parameter names given on the command line or in the deployed stage's params block that the
 * stack does not know (typos). `params.default` is left alone: local tools may keep settings of
 * their own there, and a misspelt stack parameter there shows up as missing anyway.
 */
async function unknownParamNames(options, resolveConfigurationProperty, stage) {
  const names = new Set();
  for (const item of options.param || []) names.add(String(item).split('=')[0]);
  const params = (await resolveConfigurationProperty(['params'])) || {};
  for (const name of Object.keys(params[stage] || {})) names.add(name);
  return [...names].filter((name) => !(name in PARAMETERS));
}

/**
 * Everything serverless.yml reads from `custom.stack`.
 *
 * @param {{ options: Record<string, unknown>, resolveVariable: (v: string) => Promise<unknown>, resolveConfigurationProperty: (path: string[]) => Promise<unknown> }} io
 */
async function stack({ options, resolveVariable, resolveConfigurationProperty }) {
  const service = String(await resolveConfigurationProperty(['service']));
  const stage = String(await resolveVariable('sls:stage'));
  const region = String(await resolveConfigurationProperty(['provider', 'region']));

  const raw = await readRawParams(resolveVariable);
  const unknown = await unknownParamNames(options, resolveConfigurationProperty, stage);
  const { params: p, problems } = validateParams(raw, region, { unknownNames: unknown });
  if (problems.length > 0) throw parameterError(problems);

  return buildStack(p, { service, stage, region });
}

/** Derives the mode's configuration from validated parameters (pure; tested directly). */
function buildStack(p, { service, stage }) {
  const baseName = `${service}-${stage}`;
  const glueDatabase = baseName.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const onDemandPollers = p.provisionedPollers === undefined;

  // The cluster as IAM and the msk event see it: an ARN string, or the created cluster's Ref.
  let cluster;
  if (p.kafkaMode === 'msk') cluster = { arn: p.mskClusterArn, token: p.mskClusterArn.split('/')[1] };
  if (p.kafkaMode === 'create') cluster = { arn: { Ref: 'MskCluster' }, token: 'MskCluster' };

  const scram =
    p.kafkaMode === 'self-managed' && p.kafkaAuth === 'scram'
      ? { secretArn: p.kafkaScramSecretArn, kmsKeyArn: p.kafkaSecretKmsKeyArn }
      : undefined;

  // --- producer --------------------------------------------------------------------------------
  const producerEnvironment = {
    KAFKA_AUTH: p.kafkaMode === 'self-managed' ? p.kafkaAuth : 'iam',
    KAFKA_TOPIC: p.topic,
    TICK_SOURCE: p.tickSource,
    TICKS_PER_SECOND: String(p.ticksPerSecond),
    TICK_INTERVAL_SECONDS: String(p.tickIntervalSeconds),
    REPLAY_ORDER: p.replayOrder,
    POWERTOOLS_SERVICE_NAME: 'produce-ticks',
    POWERTOOLS_LOG_LEVEL: p.logLevel,
  };
  if (p.kafkaMode === 'msk') {
    producerEnvironment.MSK_CLUSTER_ARN = p.mskClusterArn;
    if (p.kafkaBrokers) producerEnvironment.KAFKA_BROKERS = p.kafkaBrokers.join(',');
  } else if (p.kafkaMode === 'create') {
    producerEnvironment.MSK_CLUSTER_ARN = { Ref: 'MskCluster' };
    producerEnvironment.KAFKA_BROKERS = { 'Fn::GetAtt': ['BootstrapBrokers', 'SaslIam'] };
  } else {
    producerEnvironment.KAFKA_BROKERS = p.kafkaBrokers.join(',');
    if (scram) producerEnvironment.KAFKA_SCRAM_SECRET_ARN = scram.secretArn;
  }
  if (p.tickSymbols) producerEnvironment.TICK_SYMBOLS = p.tickSymbols.join(',');
  if (p.replayCsvUri) producerEnvironment.REPLAY_CSV_URI = p.replayCsvUri;

  let producerVpc = null;
  if (p.kafkaMode === 'create') {
    producerVpc = {
      subnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
      securityGroupIds: [{ Ref: 'ClientSecurityGroup' }],
    };
  } else if (p.vpcSubnetIds && p.vpcSecurityGroupIds) {
    producerVpc = { subnetIds: p.vpcSubnetIds, securityGroupIds: p.vpcSecurityGroupIds };
  }

  const replayObjectArn = p.replayCsvUri
    ? { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${p.replayCsvUri.slice('s3://'.length)}` }
    : undefined;

  const producer = producerStatements({
    mode: p.kafkaMode,
    cluster,
    topic: p.topic,
    discoverBrokers: p.kafkaMode === 'msk' && !p.kafkaBrokers,
    scram,
    replayObjectArn,
    inVpc: producerVpc !== null,
  });

  // --- sink and its event source mapping -------------------------------------------------------
  // An MSK mapping always runs in the cluster's VPC; a self-managed one when subnets are given.
  const mappingInVpc = p.kafkaMode !== 'self-managed' || Boolean(p.vpcSubnetIds);
  const sink = sinkStatements({
    ticksPrefix: TICKS_PREFIX,
    quarantinePrefix: QUARANTINE_PREFIX,
    cluster,
    topic: p.topic,
    groupId: p.sinkConsumerGroupId,
    scram,
    mappingInVpc,
  });

  const kafkaAccessConfigurations = {};
  if (p.kafkaMode === 'self-managed') {
    if (scram) kafkaAccessConfigurations.saslScram512Auth = [scram.secretArn];
    if (p.vpcSubnetIds) {
      kafkaAccessConfigurations.vpcSubnet = p.vpcSubnetIds;
      kafkaAccessConfigurations.vpcSecurityGroup = p.vpcSecurityGroupIds;
    }
  }

  const mappingId = mappingLogicalId(p.kafkaMode, cluster ? cluster.token : '', p.topic);
  const mappingProperties = {
    // Set here as well as on the event: the framework drops a batching window of 0 (falsy).
    MaximumBatchingWindowInSeconds: p.sinkBatchingWindowSeconds,
    // The framework's msk event has no on-failure destination; S3 receives the whole batch.
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedBatchesBucket', 'Arn'] } } },
  };
  if (!onDemandPollers) {
    // Retry and record-age limits and batch splitting exist for Kafka mappings only in
    // provisioned mode; in on-demand mode Lambda retries a failed batch until it succeeds.
    Object.assign(mappingProperties, {
      ProvisionedPollerConfig: {
        MinimumPollers: p.provisionedPollers.min,
        MaximumPollers: p.provisionedPollers.max,
      },
      MaximumRetryAttempts: p.sinkMaxRetryAttempts,
      MaximumRecordAgeInSeconds: p.sinkMaxRecordAgeSeconds,
      BisectBatchOnFunctionError: true,
    });
  }
  const mappingDependsOn = [];
  if (p.kafkaMode === 'create') {
    mappingDependsOn.push('TicksTopic', 'S3GatewayEndpoint');
    if (onDemandPollers) mappingDependsOn.push('LambdaEndpoint', 'StsEndpoint');
  }

  // --- resources of the mode, generated tables and queries -------------------------------------
  const athena = athenaResources({
    database: glueDatabase,
    databaseRef: { Ref: 'GlueDatabase' },
    bucketRef: { Ref: 'TicksBucket' },
    ticksPrefix: TICKS_PREFIX,
    minEventDate: p.minEventDate,
    workGroupRef: { Ref: 'AthenaWorkGroup' },
  });
  const resources = { ...athena.resources };
  const outputs = {};
  if (p.kafkaMode === 'create') {
    Object.assign(
      resources,
      clusterResources({
        clusterName: baseName,
        vpcCidr: p.vpcCidr,
        topic: p.topic,
        topicPartitions: p.topicPartitions,
        onDemandPollers,
        logRetentionDays: p.logRetentionDays,
      }),
    );
    outputs.MskClusterArn = { Description: 'The MSK Serverless cluster', Value: { Ref: 'MskCluster' } };
    outputs.KafkaBootstrapBrokers = {
      Description: 'Bootstrap brokers (IAM auth, reachable inside the VPC only)',
      Value: { 'Fn::GetAtt': ['BootstrapBrokers', 'SaslIam'] },
    };
  }
  if (p.alarmEmail) {
    resources.AlarmEmailSubscription = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: p.alarmEmail },
    };
  }

  // --- extensions of framework-generated resources ---------------------------------------------
  const logGroupSkip = skip([
    'CKV_AWS_158',
    'CloudWatch Logs encrypts at rest by default; a customer-managed KMS key adds cost and key-policy work for logs that hold no secrets.',
  ]);
  const functionSkips = (...extra) =>
    skip(
      [
        'CKV_AWS_115',
        'No reserved concurrency: new accounts have a concurrency quota of 10, and reserving would fail the deployment there.',
      ],
      [
        'CKV_AWS_173',
        'The environment holds names and ARNs only, no secrets; Lambda encrypts it at rest with an AWS-managed key.',
      ],
      ...extra,
    );
  const extensions = {
    [mappingId]: { Properties: mappingProperties },
    // serverless-iam-roles-per-function attaches AWSLambdaVPCAccessExecutionRole to a VPC
    // function's role (logs and ENIs on *): the roles get scoped statements instead.
    ProduceTicksIamRoleLambdaExecution: { Properties: { ManagedPolicyArns: [] } },
    SinkTicksIamRoleLambdaExecution: { Properties: { ManagedPolicyArns: [] } },
    ProduceTicksLambdaFunction: {
      Metadata: functionSkips(
        [
          'CKV_AWS_116',
          'Invoked by the schedule: a failed run is retried twice by Lambda and raises the producer-errors alarm; the next run covers the next interval, so a dead-letter queue would hold nothing to replay.',
        ],
        ...(producerVpc
          ? []
          : [
              [
                'CKV_AWS_117',
                'Self-managed Kafka reachable over TLS with SCRAM: the producer needs no VPC to reach it.',
              ],
            ]),
      ),
    },
    SinkTicksLambdaFunction: {
      Metadata: functionSkips(
        [
          'CKV_AWS_116',
          'Invoked synchronously by its event source mapping, whose on-failure destination (an S3 bucket) keeps discarded batches; a function DLQ applies to asynchronous invocations only.',
        ],
        [
          'CKV_AWS_117',
          'Reads nothing in a VPC itself: the event source mapping polls Kafka from the cluster VPC and the function only writes to S3.',
        ],
      ),
    },
    ProduceTicksLogGroup: { Metadata: logGroupSkip },
    ServerlessDeploymentBucket: {
      Metadata: skip(
        [
          'CKV_AWS_18',
          "The framework's artifact bucket: it holds deployment packages only, re-uploaded by every deploy.",
        ],
        [
          'CKV_AWS_21',
          'The framework keeps its own deployment history under dated keys; versions would only keep deleted artifacts.',
        ],
      ),
    },
    SinkTicksLogGroup: { Metadata: logGroupSkip },
  };
  if (mappingDependsOn.length > 0) extensions[mappingId].DependsOn = mappingDependsOn;
  if (p.kafkaMode === 'create') {
    // The schedule starts producing once the topic exists, not before.
    extensions.ProduceTicksEventsRuleSchedule1 = { DependsOn: ['TicksTopic'] };
    extensions.EnsureTopicIamRoleLambdaExecution = { Properties: { ManagedPolicyArns: [] } };
    extensions.EnsureTopicLambdaFunction = {
      Metadata: functionSkips([
        'CKV_AWS_116',
        'A CloudFormation custom resource handler: CloudFormation invokes it and sees any failure.',
      ]),
    };
    extensions.EnsureTopicLogGroup = { Metadata: logGroupSkip };
  }

  const ensureTopicFunction =
    p.kafkaMode === 'create'
      ? {
          handler: 'resources/custom-resources/ensure-topic.handler',
          description:
            'CloudFormation custom resource: creates the ticks topic on the MSK Serverless cluster',
          memorySize: 256,
          timeout: ENSURE_TOPIC_TIMEOUT_SECONDS,
          vpc: producerVpc,
          iamRoleStatements: ensureTopicStatements({ cluster, topic: p.topic }),
        }
      : null;

  return {
    params: p,
    kafkaMode: p.kafkaMode,
    sinkEvent: p.kafkaMode === 'self-managed' ? 'kafka' : 'msk',
    mskClusterArn: cluster ? cluster.arn : null,
    kafkaBootstrapServers: p.kafkaMode === 'self-managed' ? p.kafkaBrokers : null,
    kafkaAccessConfigurations: p.kafkaMode === 'self-managed' ? kafkaAccessConfigurations : null,
    producerEnvironment,
    producerVpc,
    producerTimeout: Math.min(900, Math.max(30, p.tickIntervalSeconds)),
    producerStatements: producer,
    sinkStatements: sink,
    minEventTime: `${p.minEventDate}T00:00:00.000Z`,
    ticksPrefix: TICKS_PREFIX,
    quarantinePrefix: QUARANTINE_PREFIX,
    athenaResultsPrefix: ATHENA_RESULTS_PREFIX,
    glueDatabase,
    workGroup: baseName,
    ensureTopicFunction,
    resources: { Resources: resources, Outputs: outputs },
    extensions,
  };
}

module.exports = {
  stack,
  buildStack,
  mappingLogicalId,
  TICKS_PREFIX,
  QUARANTINE_PREFIX,
  ATHENA_RESULTS_PREFIX,
};
