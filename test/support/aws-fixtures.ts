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
export type AwsResponseName =
  | 'get-bootstrap-brokers'
  | 'allocate-address'
  | 'wait-condition-handle'
  | 's3-conditional-request-refusals';

/** The kinds of AWS public Systems Manager parameters kept in test/fixtures/aws/ssm-public-parameters.json. */
export type PublicParameterKind = 'ami-al2023-arm64-latest';

/** Names of the secret formats kept in test/fixtures/aws/secret-formats.json. */
export type SecretFormatName = 'lambda-kafka-server-root-ca-certificate';

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

/**
 * The resource types an IAM action takes, per the Service Authorization Reference, and where given,
 * the ARN format of each type as its "Resource types defined by" table prints it.
 */
export interface IamResourceTypes {
  action: string;
  resourceTypes: string[];
  arnFormats?: Record<string, string>;
}

/** Every entry of iam-resource-types.json, parsed afresh on each call. */
export function iamResourceTypes(): IamResourceTypes[] {
  return read<{ entries: IamResourceTypes[] }>('iam-resource-types.json').entries;
}

/** The documented resource types of one IAM action; throws when iam-resource-types.json has none. */
export function iamResourceTypesOf(action: string): IamResourceTypes {
  const found = iamResourceTypes().find((entry) => entry.action === action);
  if (!found) throw new Error(`test/fixtures/aws/iam-resource-types.json has no action "${action}"`);
  return found;
}

/** The documented names of one kind of public Systems Manager parameter, in file order; throws when none. */
export function publicParametersOf(kind: PublicParameterKind): string[] {
  const values = read<{ entries: { kind: PublicParameterKind; value: string }[] }>(
    'ssm-public-parameters.json',
  )
    .entries.filter((entry) => entry.kind === kind)
    .map((entry) => entry.value);
  if (values.length === 0)
    throw new Error(`test/fixtures/aws/ssm-public-parameters.json has no entry of kind "${kind}"`);
  return values;
}

/** A secret's documented JSON shape: its field names and the example as the page prints it. */
export interface AwsSecretFormat extends AwsSource {
  name: SecretFormatName;
  fields: string[];
  example: string;
}

/** One documented secret format, by name; throws when secret-formats.json has no such entry. */
export function awsSecretFormat(name: SecretFormatName): AwsSecretFormat {
  const found = read<{ entries: AwsSecretFormat[] }>('secret-formats.json').entries.find(
    (e) => e.name === name,
  );
  if (!found) throw new Error(`test/fixtures/aws/secret-formats.json has no format "${name}"`);
  return found;
}

/**
 * The first and last line of the PEM in a documented secret example (`-----BEGIN …-----` and
 * `-----END …-----`), for checking that a secret holds a PEM of the documented kind.
 */
export function pemArmour(format: AwsSecretFormat): { begin: string; end: string } {
  const begin = /-----BEGIN [A-Z ]+-----/.exec(format.example)?.[0];
  const end = /-----END [A-Z ]+-----/.exec(format.example)?.[0];
  if (!begin || !end) throw new Error(`the example of secret format "${format.name}" shows no PEM`);
  return { begin, end };
}

/** The environment variables Lambda defines in every execution environment. */
export function lambdaRuntimeVariables(): string[] {
  return read<{ names: string[] }>('lambda-runtime-environment.json').names;
}
