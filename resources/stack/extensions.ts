/**
 * What the stack adds to resources the framework generates (`resources.extensions`): checkov
 * suppressions with their reasons, no managed policies on the per-function roles, and the
 * create mode's ordering.
 */
import type { KafkaMode } from './parameters';
import { type Cfn, checkovSkips } from './types';

const logGroupSkip = checkovSkips([
  'CKV_AWS_158',
  'CloudWatch Logs encrypts at rest by default; a customer-managed KMS key adds cost and key-policy work for logs that hold no secrets.',
]);

const functionSkips = (...extra: (readonly [string, string])[]) =>
  checkovSkips(
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

/** Extensions of the framework's resources (the mapping's own extension is added by the caller). */
export function frameworkExtensions(mode: KafkaMode, producerInVpc: boolean): Record<string, Cfn> {
  const extensions: Record<string, Cfn> = {
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
        ...(producerInVpc
          ? []
          : [
              [
                'CKV_AWS_117',
                'Self-managed Kafka reachable over TLS with SCRAM: the producer needs no VPC to reach it.',
              ] as const,
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
    CompactTicksIamRoleLambdaExecution: { Properties: { ManagedPolicyArns: [] } },
    CompactTicksLambdaFunction: {
      Metadata: functionSkips(
        [
          'CKV_AWS_116',
          'Invoked by its daily schedule: a failed run is retried twice by Lambda, raises the compaction alarm, and the next run resumes it; a dead-letter queue would hold nothing to replay.',
        ],
        ...(producerInVpc
          ? []
          : [
              [
                'CKV_AWS_117',
                'Placed like the producer: it reaches the cluster (its audit before a seal) where the producer does, and S3; outside a VPC here, since the cluster answers over TLS with SCRAM.',
              ] as const,
            ]),
      ),
    },
    CompactTicksLogGroup: { Metadata: logGroupSkip },
    ProduceTicksLogGroup: { Metadata: logGroupSkip },
    SinkTicksLogGroup: { Metadata: logGroupSkip },
    ServerlessDeploymentBucket: {
      Metadata: checkovSkips(
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
  };
  if (mode === 'ec2') {
    // The schedule starts producing once the broker answers and the topic exists.
    extensions.ProduceTicksEventsRuleSchedule1 = { DependsOn: ['BrokerReady'] };
  }
  if (mode === 'create') {
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
  return extensions;
}
