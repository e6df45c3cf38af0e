/**
 * ARN shapes this project accepts, written once for the functions' configuration and the stack's
 * parameter validation (resources/stack loads this file through tsx). Each pattern follows the
 * resource-type ARN format in AWS's Service Authorization Reference and is tested against the
 * examples of AWS's own documentation in test/fixtures/aws/arns.json.
 */

/**
 * An MSK cluster: `arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${Uuid}`.
 * The "Uuid" AWS prints ends in a suffix: `-<n>` for a provisioned cluster (`…-9876543210ab-4`),
 * `-s<n>` for MSK Serverless (`…-9baa787a5b14-s3`, MSK Developer Guide, "Create an IAM role for
 * topics on MSK Serverless cluster"). Missing the `s` once made every Serverless cluster fail the
 * producer's cold start. The id itself is only required to be hex groups: AWS's own pages show
 * ones that are no UUID (`abcd1234-0123-abcd-5678-1234abcd-1`), and refusing a real ARN costs a
 * user far more than accepting an odd one, which MSK itself then refuses by name. The account is
 * always 12 digits.
 */
export const MSK_CLUSTER_ARN =
  /^arn:(aws[a-z-]*):kafka:([a-z]+(?:-[a-z]+)+-\d+):(\d{12}):cluster\/([A-Za-z0-9][A-Za-z0-9-]{0,63})\/([0-9a-f]+(?:-[0-9a-f]+)*(?:-s\d+)?)$/;

/**
 * A Secrets Manager secret: `arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}`,
 * where the id is the name plus the 6-character suffix Secrets Manager appends.
 */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/**
 * A KMS key: `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`, the id a UUID or, for a
 * multi-Region key, `mrk-` and 32 hex digits.
 */
export const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** The parts of an MSK cluster ARN that IAM and the event source mapping need. */
export interface MskClusterArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  /** As AWS prints it, suffix included: topic and group ARNs repeat it. */
  readonly clusterUuid: string;
  readonly serverless: boolean;
}

/**
 * Splits an MSK cluster ARN, or answers undefined when it is not one.
 *
 * @example
 * parseMskClusterArn('arn:aws:kafka:us-east-1:123456789012:cluster/demo/c07c74ea-5146-4a03-add1-9baa787a5b14-s3')
 * // { partition: 'aws', region: 'us-east-1', …, clusterUuid: 'c07c74ea-…-s3', serverless: true }
 */
export function parseMskClusterArn(arn: string): MskClusterArnParts | undefined {
  const match = MSK_CLUSTER_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, clusterName, clusterUuid] = match as unknown as [string, ...string[]];
  return {
    partition: partition as string,
    region: region as string,
    account: account as string,
    clusterName: clusterName as string,
    clusterUuid: clusterUuid as string,
    serverless: /-s\d+$/.test(clusterUuid as string),
  };
}

/**
 * The ARN of a topic or consumer group of a cluster, as `kafka-cluster:` actions take them:
 * `arn:${Partition}:kafka:${Region}:${Account}:topic/${ClusterName}/${ClusterUuid}/${TopicName}`
 * (and `group/…/${GroupName}`).
 *
 * @example mskResourceArn(clusterArn, 'topic', 'ticks')
 */
export function mskResourceArn(clusterArn: string, kind: 'topic' | 'group', name: string): string {
  if (!MSK_CLUSTER_ARN.test(clusterArn)) throw new Error(`Not an MSK cluster ARN: ${clusterArn}`);
  return `${clusterArn.replace(':cluster/', `:${kind}/`)}/${name}`;
}
