/**
 * The sink's Kafka event source mapping: what the framework's event lacks, added to it; or, for
 * kafkaMode=ec2, the whole mapping (the framework's `kafka` event takes only literal strings for
 * brokers and secrets, and these are known at deploy time).
 */
import { BROKER_ADDRESS } from './ec2-broker';
import type { ClusterRef, ScramSecret } from './iam';
import { mappingLogicalId } from './names';
import type { StackParams } from './parameters';
import type { Cfn, Resource } from './types';

export interface MappingParts {
  /** The logical id of the mapping the framework generates. */
  readonly logicalId: string;
  /** Merged into the generated mapping through `resources.extensions`. */
  readonly extension: { Properties: Record<string, Cfn>; DependsOn?: string[] };
  /** The self-managed `kafka` event's `accessConfigurations`. */
  readonly accessConfigurations: Record<string, Cfn> | null;
  /** Whether the mapping's pollers run in a VPC (ENI permissions on the sink's role). */
  readonly inVpc: boolean;
  /** kafkaMode=ec2: the mapping itself, declared by the stack (the framework's event is unused). */
  readonly resource?: Resource;
}

/** The logical id of the mapping kafkaMode=ec2 declares. */
export const EC2_MAPPING_ID = 'SinkTicksEventSourceMappingKafkaOnEc2';

export function mappingParts(
  p: StackParams,
  cluster: ClusterRef | undefined,
  scram: ScramSecret | undefined,
): MappingParts {
  const properties: Record<string, Cfn> = {
    // Set here as well as on the event: the framework drops a batching window of 0 (falsy).
    MaximumBatchingWindowInSeconds: p.sinkBatchingWindowSeconds,
    // The framework's msk event has no on-failure destination; S3 receives the whole batch.
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedBatchesBucket', 'Arn'] } } },
  };
  if (p.sinkPollers.kind === 'provisioned') {
    // Retry and record-age limits and batch splitting exist for Kafka mappings only in
    // provisioned mode; in on-demand mode Lambda retries a failed batch until it succeeds or its
    // records expire (Lambda Developer Guide, Kafka event poller scaling modes).
    Object.assign(properties, {
      ProvisionedPollerConfig: { MinimumPollers: p.sinkPollers.min, MaximumPollers: p.sinkPollers.max },
      MaximumRetryAttempts: p.sinkMaxRetryAttempts,
      MaximumRecordAgeInSeconds: p.sinkMaxRecordAgeSeconds,
      BisectBatchOnFunctionError: true,
    });
  }
  const dependsOn: string[] = [];
  if (p.kafkaMode === 'create') {
    dependsOn.push('TicksTopic', 'S3GatewayEndpoint');
    if (p.sinkPollers.kind === 'on-demand') dependsOn.push('LambdaEndpoint', 'StsEndpoint');
  }

  if (p.kafkaMode === 'ec2') {
    return {
      logicalId: EC2_MAPPING_ID,
      extension: { Properties: {} },
      accessConfigurations: null,
      inVpc: false,
      resource: {
        Type: 'AWS::Lambda::EventSourceMapping',
        // The broker answers over SASL_SSL and the topic exists (the boot's signal).
        DependsOn: ['SinkTicksIamRoleLambdaExecution', 'BrokerReady'],
        Properties: {
          FunctionName: { 'Fn::GetAtt': ['SinkTicksLambdaFunction', 'Arn'] },
          SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: [BROKER_ADDRESS] } },
          Topics: [p.topic],
          StartingPosition: p.sinkStartingPosition,
          BatchSize: p.sinkBatchSize,
          SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: p.sinkConsumerGroupId },
          SourceAccessConfigurations: [
            { Type: 'SASL_SCRAM_512_AUTH', URI: { Ref: 'BrokerScramSecret' } },
            { Type: 'SERVER_ROOT_CA_CERTIFICATE', URI: { Ref: 'BrokerCaSecret' } },
          ],
          ...properties,
        },
      },
    };
  }

  let accessConfigurations: Record<string, Cfn> | null = null;
  if (p.kafkaMode === 'self-managed') {
    accessConfigurations = {};
    if (scram) accessConfigurations.saslScram512Auth = [scram.secretArn];
    if (p.vpcSubnetIds) {
      accessConfigurations.vpcSubnet = p.vpcSubnetIds;
      accessConfigurations.vpcSecurityGroup = p.vpcSecurityGroupIds;
    }
  }

  return {
    logicalId: mappingLogicalId(p.kafkaMode, cluster?.token ?? '', p.topic),
    extension: { Properties: properties, ...(dependsOn.length > 0 ? { DependsOn: dependsOn } : {}) },
    accessConfigurations,
    // An MSK mapping always runs in the cluster's VPC; a self-managed one when subnets are given.
    inVpc: p.kafkaMode !== 'self-managed' || Boolean(p.vpcSubnetIds),
  };
}
