import { arnsOf, awsResponse } from '../../support/aws-fixtures';
import type { Cfn, Template } from './package';
import { SERVERLESS_CLUSTER_ARN } from './variants';

/**
 * Evaluates the CloudFormation intrinsics the stack uses (Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
 * Fn::Select, Fn::Split) into the strings CloudFormation would pass, given what each referenced
 * resource would resolve to. An intrinsic or reference it does not know fails loudly, so a new
 * one in the template makes the test name what realistic value it needs.
 */

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';

export interface Resolution {
  /** Logical id -> what `Ref` returns. */
  readonly refs: Readonly<Record<string, string>>;
  /** `LogicalId.Attribute` -> what `Fn::GetAtt` returns. */
  readonly attrs: Readonly<Record<string, string>>;
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': PARTITION,
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

function lookup(table: Readonly<Record<string, string>>, key: string, what: string): string {
  const value = PSEUDO[key] ?? table[key];
  if (value === undefined)
    throw new Error(`No realistic value for ${what} ${key}: add one to the resolution`);
  return value;
}

/** The value with every intrinsic replaced by a string. */
export function resolveIntrinsics(value: Cfn, at: Resolution): Cfn {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, at));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = value[key];
    switch (key) {
      case 'Ref':
        return lookup(at.refs, arg, 'Ref');
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
        return lookup(at.attrs, `${id}.${attr}`, 'Fn::GetAtt');
      }
      case 'Fn::Join': {
        const [separator, items] = arg;
        return (resolveIntrinsics(items, at) as string[]).join(separator);
      }
      case 'Fn::Select': {
        const [index, items] = arg;
        const list = resolveIntrinsics(items, at) as string[];
        const picked = list[Number(index)];
        if (picked === undefined) throw new Error(`Fn::Select ${index} of ${JSON.stringify(list)}`);
        return picked;
      }
      case 'Fn::Split': {
        const [separator, source] = arg;
        return String(resolveIntrinsics(source, at)).split(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const local = resolveIntrinsics(vars, at) as Record<string, string>;
        return String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) =>
          name in local
            ? String(local[name])
            : name.includes('.')
              ? lookup(at.attrs, name, 'Fn::Sub')
              : lookup(at.refs, name, 'Fn::Sub'),
        );
      }
      default:
        if (key.startsWith('Fn::') || key === 'Condition')
          throw new Error(`Intrinsic ${key} is not evaluated here`);
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, at)]));
}

/**
 * What the template's resources would resolve to in account 123456789012, us-east-1, shaped as the
 * CloudFormation resource reference's "Return values" sections document for each type, plus
 * `extra` for values that come from AWS's documentation examples (test/fixtures/aws).
 */
export function resolutionFor(t: Template, extra: Partial<Resolution> = {}): Resolution {
  const refs: Record<string, string> = {};
  const attrs: Record<string, string> = {};
  const arn = (service: string, resource: string) =>
    `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${resource}`;
  for (const [id, r] of Object.entries(t.Resources)) {
    const name = `stock-ticks-test-${id.toLowerCase()}`.slice(0, 60);
    switch (r.Type) {
      case 'AWS::S3::Bucket': {
        // Ref: the bucket name; Arn: arn:aws:s3:::name (AWS::S3::Bucket, Return values).
        const bucket =
          typeof r.Properties?.BucketName === 'string' ? r.Properties.BucketName : `${name}-1a2b3c4d5e6f`;
        refs[id] = bucket;
        attrs[`${id}.Arn`] = `arn:${PARTITION}:s3:::${bucket}`;
        break;
      }
      case 'AWS::Logs::LogGroup': {
        // Ref: the name; Arn: arn:aws:logs:region:account:log-group:name:* (AWS::Logs::LogGroup).
        const group =
          typeof r.Properties?.LogGroupName === 'string' ? r.Properties.LogGroupName : `/aws/lambda/${name}`;
        refs[id] = group;
        attrs[`${id}.Arn`] = arn('logs', `log-group:${group}:*`);
        break;
      }
      case 'AWS::SNS::Topic':
        refs[id] = arn('sns', name);
        attrs[`${id}.TopicArn`] = refs[id];
        break;
      case 'AWS::Lambda::Function':
        refs[id] = name;
        attrs[`${id}.Arn`] = arn('lambda', `function:${name}`);
        break;
      case 'AWS::IAM::Role':
        refs[id] = name;
        attrs[`${id}.Arn`] = `arn:${PARTITION}:iam::${ACCOUNT}:role/${name}`;
        break;
      case 'AWS::SecretsManager::Secret':
        // Ref: the secret's ARN, whose name Secrets Manager ends with a hyphen and six random
        // characters (AWS::SecretsManager::Secret, Return values).
        refs[id] = arn('secretsmanager', `secret:${name}-a1B2c3`);
        break;
      case 'AWS::EC2::EIP': {
        // Ref and PublicIp: the address; AllocationId (AWS::EC2::EIP, Return values), with the
        // values of AWS's own AllocateAddress example.
        const eip = awsResponse<{ PublicIp: string; AllocationId: string }>('allocate-address');
        refs[id] = eip.PublicIp;
        attrs[`${id}.PublicIp`] = eip.PublicIp;
        attrs[`${id}.AllocationId`] = eip.AllocationId;
        break;
      }
      case 'AWS::CloudFormation::WaitConditionHandle':
        // Ref: the pre-signed URL a signal is PUT to (CloudFormation User Guide, wait conditions).
        refs[id] = awsResponse<{ url: string }>('wait-condition-handle').url;
        break;
      case 'AWS::EC2::Instance':
        refs[id] = arnsOf('ec2-instance-id')[0]!;
        break;
      case 'AWS::EC2::Volume':
        refs[id] = arnsOf('ec2-volume-id')[0]!;
        break;
      case 'AWS::Glue::Database':
      case 'AWS::Glue::Table':
      case 'AWS::Athena::WorkGroup':
        refs[id] = name.replace(/-/g, '_');
        break;
    }
  }
  return { refs: { ...refs, ...extra.refs }, attrs: { ...attrs, ...extra.attrs } };
}

/**
 * `resolutionFor` with the create mode's two references that have AWS-documented values: the
 * cluster is an MSK Serverless one, and its brokers are GetBootstrapBrokers' documented answer.
 */
export function documentedResolution(t: Template, extra: Partial<Resolution> = {}): Resolution {
  const brokers = awsResponse<Record<string, string>>('get-bootstrap-brokers').BootstrapBrokerStringSaslIam!;
  return resolutionFor(t, {
    refs: { MskCluster: SERVERLESS_CLUSTER_ARN, ...extra.refs },
    attrs: { 'BootstrapBrokers.SaslIam': brokers, ...extra.attrs },
  });
}
