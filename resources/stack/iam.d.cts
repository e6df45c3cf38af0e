/** Types of iam.cjs (plain CommonJS, loaded by the framework), for the TypeScript tests. */

type Cfn = unknown;

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: Cfn;
  readonly Condition?: Cfn;
}

/** The cluster as IAM sees it: an ARN string, or the created cluster's Ref. */
export interface ClusterRef {
  readonly arn: string | { readonly Ref: string };
  readonly token: string;
}

export declare function mskArns(
  cluster: ClusterRef,
  topic: string,
  groupId: string,
): { cluster: Cfn; topic: Cfn; group: Cfn };

export declare function producerStatements(options: {
  readonly mode: 'msk' | 'self-managed' | 'create';
  readonly cluster?: ClusterRef;
  readonly topic: string;
  readonly discoverBrokers: boolean;
  readonly scram?: { readonly secretArn: string; readonly kmsKeyArn?: string };
  readonly replayObjectArn?: Cfn;
  readonly inVpc: boolean;
}): Statement[];

export declare function sinkStatements(options: {
  readonly ticksPrefix: string;
  readonly quarantinePrefix: string;
  readonly cluster?: ClusterRef;
  readonly topic: string;
  readonly groupId: string;
  readonly scram?: { readonly secretArn: string; readonly kmsKeyArn?: string };
  readonly mappingInVpc: boolean;
}): Statement[];

export declare function ensureTopicStatements(options: {
  readonly cluster: ClusterRef;
  readonly topic: string;
}): Statement[];

export declare function getBootstrapBrokersStatement(sid: string): Statement;
