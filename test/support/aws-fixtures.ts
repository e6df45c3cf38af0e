import { readFileSync } from 'node:fs';

/** The kinds of example identifiers kept in test/fixtures/aws/arns.json. */
export type ArnKind =
  | 'msk-cluster-provisioned'
  | 'msk-cluster-serverless'
  | 'msk-topic'
  | 'msk-group'
  | 'secretsmanager-secret'
  | 'kms-key'
  | 'ec2-subnet-id'
  | 'ec2-security-group-id'
  | 'ec2-instance-id'
  | 'ec2-volume-id';

/** Names of the event fixtures in test/fixtures/aws/events. */
export type AwsEventName =
  | 'msk-event'
  | 'self-managed-kafka-event'
  | 'eventbridge-scheduled-event'
  | 'cfn-custom-resource-create'
  | 'cfn-custom-resource-update'
  | 'cfn-custom-resource-delete';

/** Names of the API response fixtures in test/fixtures/aws/responses. */
export type AwsResponseName = 'get-bootstrap-brokers' | 'allocate-address' | 'wait-condition-handle';

/** Where a value was copied from: the documentation page, an optional AWS doc-source snapshot, and the date. */
export interface AwsSource {
  source: string;
  sourceSnapshot?: string;
  retrieved: string;
  note?: string;
}

/** One documented identifier (an ARN or a bare resource ID) with its provenance. */
export interface ArnEntry extends AwsSource {
  kind: ArnKind;
  value: string;
}

/** A further documented example stored next to the main one in an event or response fixture. */
export interface AwsVariant<T> {
  note: string;
  source: string;
  sourceSnapshot?: string;
  event?: T;
  response?: T;
}

interface Wrapped<T> extends AwsSource {
  event?: T;
  response?: T;
  variants?: AwsVariant<T>[];
}

const AWS_DIR = new URL('../fixtures/aws/', import.meta.url);

function read<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, AWS_DIR), 'utf8')) as T;
}

/** Every entry of arns.json, parsed afresh on each call. */
export function allArns(): ArnEntry[] {
  return read<{ entries: ArnEntry[] }>('arns.json').entries;
}

/**
 * The documented values of one kind, in file order. Throws when arns.json has none, so a test never runs
 * against an empty list.
 *
 * @example const [clusterArn] = arnsOf('msk-cluster-provisioned');
 */
export function arnsOf(kind: ArnKind): string[] {
  const values = allArns()
    .filter((entry) => entry.kind === kind)
    .map((entry) => entry.value);
  if (values.length === 0) throw new Error(`test/fixtures/aws/arns.json has no entry of kind "${kind}"`);
  return values;
}

/**
 * The main documented event of a fixture, parsed afresh so a test may change it freely. `T` is not checked
 * at run time: pick the type the code under test expects.
 *
 * @example const event = awsEvent<EsmEvent>('msk-event');
 */
export function awsEvent<T = unknown>(name: AwsEventName): T {
  const { event } = read<Wrapped<T>>(`events/${name}.json`);
  if (event === undefined) throw new Error(`events/${name}.json has no "event"`);
  return event;
}

/** The further documented events of a fixture (empty when the docs show only one), parsed afresh. */
export function awsEventVariants<T = unknown>(name: AwsEventName): AwsVariant<T>[] {
  return read<Wrapped<T>>(`events/${name}.json`).variants ?? [];
}

/** The main documented API response of a fixture, parsed afresh; its variants are under `awsResponseVariants`. */
export function awsResponse<T = unknown>(name: AwsResponseName): T {
  const { response } = read<Wrapped<T>>(`responses/${name}.json`);
  if (response === undefined) throw new Error(`responses/${name}.json has no "response"`);
  return response;
}

/** The further documented responses of a fixture (empty when the docs show only one), parsed afresh. */
export function awsResponseVariants<T = unknown>(name: AwsResponseName): AwsVariant<T>[] {
  return read<Wrapped<T>>(`responses/${name}.json`).variants ?? [];
}

// The named transformations a test may apply to a documented value, so the reader sees both.
const ACCOUNT_FIELD = /^(arn:[^:]+:[^:]+:[^:]*:)(\d+)(:.*)$/;

/**
 * The ARN with its account made 12 digits long (left-padded with 0 or cut from the left). AWS's
 * pages print some example accounts with 11 or 13 digits; an account id has 12.
 *
 * @example withTwelveDigitAccount('arn:aws:kafka:us-east-1:0123456789019:cluster/…') // …:123456789019:…
 */
export function withTwelveDigitAccount(arn: string): string {
  return arn.replace(
    ACCOUNT_FIELD,
    (_, head: string, account: string, tail: string) =>
      `${head}${account.padStart(12, '0').slice(-12)}${tail}`,
  );
}

/** The number of digits of an ARN's account field (undefined when it has none). */
export function accountDigits(arn: string): number | undefined {
  return ACCOUNT_FIELD.exec(arn)?.[2]?.length;
}

/** The ARN moved to another region (the fourth field), e.g. to match the stack's region. */
export function inRegion(arn: string, region: string): string {
  const fields = arn.split(':');
  fields[3] = region;
  return fields.join(':');
}

/** A documented limit or range (test/fixtures/aws/limits.json). */
export interface AwsLimit extends AwsSource {
  name: string;
  min?: number;
  max?: number;
  default?: number;
  unlimited?: number;
}

/** One documented limit, by name; throws when limits.json has no such entry. */
export function awsLimit(name: string): AwsLimit {
  const found = read<{ entries: AwsLimit[] }>('limits.json').entries.find((e) => e.name === name);
  if (!found) throw new Error(`test/fixtures/aws/limits.json has no limit "${name}"`);
  return found;
}

/** The resource types an IAM action takes, per the Service Authorization Reference. */
export function iamResourceTypes(): { action: string; resourceTypes: string[] }[] {
  return read<{ entries: { action: string; resourceTypes: string[] }[] }>('iam-resource-types.json').entries;
}

/** The environment variables Lambda defines in every execution environment. */
export function lambdaRuntimeVariables(): string[] {
  return read<{ names: string[] }>('lambda-runtime-environment.json').names;
}
