/** Types of cluster.cjs (plain CommonJS, loaded by the framework), for the TypeScript tests. */

/** Source of the inline (ZipFile) bootstrap-brokers custom resource handler. */
export declare const BOOTSTRAP_BROKERS_CODE: string;

export declare const BROKER_PORT_IAM: 9098;

export declare function clusterResources(options: {
  readonly clusterName: string;
  readonly vpcCidr: { readonly block: string; readonly prefix: number };
  readonly topic: string;
  readonly topicPartitions: number;
  readonly onDemandPollers: boolean;
  readonly logRetentionDays: number;
}): Record<string, unknown>;
