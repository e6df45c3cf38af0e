'use strict';

/**
 * The stack's parameters: what each accepts, an example of a valid value, and the rules that tie
 * them to the Kafka mode. `validateParams` reads every parameter, collects every problem and
 * returns them together, so one failed `sls package` / `sls deploy` names everything to fix
 * before anything is created in AWS.
 *
 * Defaults live in serverless.yml (`params.default`), where the local scheduler and ESM emulator
 * read them too; a stage overrides them under `params.<stage>`, and the command line overrides
 * both with `--param="name=value"` (the framework's own precedence).
 *
 * CommonJS: serverless.yml loads it through `${file(...)}` in the framework's Node process;
 * `params.d.cts` describes it for the tests.
 */

const KAFKA_MODES = ['msk', 'self-managed', 'create'];

// CloudWatch Logs accepts only these retention periods.
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const {
  MSK_CLUSTER_ARN,
  SECRET_ARN,
  KMS_KEY_ARN,
  SECURITY_GROUP_ID,
  SUBNET_ID,
  parseMskClusterArn,
} = require('./rules.cjs');
const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const CONSUMER_GROUP = /^[a-zA-Z0-9\-/*:_+=.@]{1,200}$/;
const SYMBOL = /^[A-Z0-9^][A-Z0-9.^=_-]{0,31}$/;
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const RATE_UNIT_SECONDS = { minute: 60, hour: 3600, day: 86400 };

/**
 * Every parameter the stack reads. `modes` lists where it applies (all when absent); `example`
 * is a valid value quoted in error messages.
 */
const PARAMETERS = {
  kafkaMode: { example: 'create', describe: `one of ${KAFKA_MODES.join(', ')}` },
  topic: { example: 'ticks' },
  scheduleRate: { example: 'rate(1 minute)' },
  scheduleEnabled: { example: 'false' },
  tickIntervalSeconds: { example: '60' },
  ticksPerSecond: { example: '1' },
  tickSource: { example: 'synthetic' },
  tickSymbols: { example: 'NYA,N225,000001.SS' },
  replayCsvUri: { example: 's3://my-bucket/indexProcessed.csv' },
  replayOrder: { example: 'random' },
  sinkBatchSize: { example: '10000' },
  sinkBatchingWindowSeconds: { example: '10' },
  sinkStartingPosition: { example: 'TRIM_HORIZON' },
  sinkConsumerGroupId: { example: 'stock-ticks-sink' },
  sinkPollers: { example: 'on-demand' },
  sinkMaxRetryAttempts: { example: '10' },
  sinkMaxRecordAgeSeconds: { example: '-1' },
  logLevel: { example: 'INFO' },
  logRetentionDays: { example: '14' },
  alarmEmail: { example: 'ops@example.com' },
  sinkLagAlarmRecords: { example: '20000' },
  athenaBytesScannedCutoff: { example: '1000000000' },
  minEventDate: { example: '2024-01-01' },
  quarantineRetentionDays: { example: '90' },
  athenaResultsRetentionDays: { example: '7' },
  failedBatchesRetentionDays: { example: '30' },
  mskClusterArn: {
    modes: ['msk'],
    // AWS's own example (Lambda Developer Guide, with-msk).
    example:
      'arn:aws:kafka:us-east-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2',
  },
  kafkaBrokers: { modes: ['msk', 'self-managed'], example: 'b-1.example.com:9096,b-2.example.com:9096' },
  kafkaAuth: { modes: ['self-managed'], example: 'scram' },
  kafkaScramSecretArn: {
    modes: ['self-managed'],
    example: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:MyBrokerSecretName',
  },
  kafkaSecretKmsKeyArn: {
    modes: ['self-managed'],
    example: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  },
  // AWS's own examples (Lambda Developer Guide, configuration-vpc).
  vpcSubnetIds: {
    modes: ['msk', 'self-managed'],
    example: 'subnet-071f712345678e7c8,subnet-07fd123456788a036',
  },
  vpcSecurityGroupIds: { modes: ['msk', 'self-managed'], example: 'sg-085912345678492fb' },
  vpcCidr: { modes: ['create'], example: '10.42.0.0/16' },
  topicPartitions: { modes: ['create'], example: '3' },
};

/** Collects problems; each names the parameter, what is wrong and a valid example. */
class Problems {
  constructor() {
    this.list = [];
  }

  add(name, what) {
    const spec = PARAMETERS[name];
    const example = spec ? ` (example: --param="${name}=${spec.example}")` : '';
    this.list.push(`${name} ${what}${example}`);
  }
}

const isBlank = (value) => value === undefined || value === null || String(value).trim() === '';
const text = (value) => (isBlank(value) ? undefined : String(value).trim());

function requireText(raw, problems, name) {
  const value = text(raw[name]);
  if (value === undefined) problems.add(name, 'is missing');
  return value;
}

function oneOf(raw, problems, name, values) {
  const value = requireText(raw, problems, name);
  if (value !== undefined && !values.includes(value)) {
    problems.add(name, `is "${value}": expected one of ${values.join(', ')}`);
    return undefined;
  }
  return value;
}

function integer(raw, problems, name, min, max) {
  const value = requireText(raw, problems, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) {
    problems.add(name, `is "${value}": expected a whole number from ${min} to ${max}`);
    return undefined;
  }
  return number;
}

function matching(raw, problems, name, pattern, what, { optional = false } = {}) {
  const value = optional ? text(raw[name]) : requireText(raw, problems, name);
  if (value !== undefined && !pattern.test(value)) {
    problems.add(name, `is "${value}": expected ${what}`);
    return undefined;
  }
  return value;
}

function list(raw, problems, name, pattern, what, { optional = false } = {}) {
  const value = optional ? text(raw[name]) : requireText(raw, problems, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  const bad = items.filter((item) => !pattern.test(item));
  if (items.length === 0 || bad.length > 0) {
    problems.add(name, `is "${value}": expected a comma-separated list of ${what}`);
    return undefined;
  }
  return items;
}

/** Seconds between runs of an EventBridge `rate(...)` expression, or undefined if malformed. */
function rateSeconds(expression) {
  const match = RATE.exec(expression);
  if (!match) return undefined;
  const count = Number(match[1]);
  const unit = match[2].replace(/s$/, '');
  // EventBridge rejects "1 minutes" and "5 minute".
  if (count < 1 || (count === 1) !== (match[2] === unit)) return undefined;
  return count * RATE_UNIT_SECONDS[unit];
}

function isRealDate(value) {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function cidr(raw, problems, name) {
  const value = requireText(raw, problems, name);
  if (value === undefined) return undefined;
  const match = CIDR.exec(value);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : Number.NaN;
  if (!match || octets.some((o) => o > 255) || prefix < 16 || prefix > 24) {
    problems.add(name, `is "${value}": expected an IPv4 CIDR block from /16 to /24`);
    return undefined;
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (address % 2 ** (32 - prefix) !== 0) {
    problems.add(name, `is "${value}": the address has bits set beyond the /${prefix} prefix`);
    return undefined;
  }
  return { block: value, prefix };
}

/**
 * Validates the raw parameters (strings from `--param`, or YAML scalars from `params:`) for the
 * given AWS region and returns the normalised values, or every problem found.
 *
 * @example
 * const { params, problems } = validateParams({ kafkaMode: 'create', ...defaults }, 'us-east-1');
 * if (problems.length > 0) throw new Error(problems.join('\n'));
 */
function validateParams(raw, region, { unknownNames = [] } = {}) {
  const problems = new Problems();
  for (const name of unknownNames) {
    problems.list.push(
      `${name} is not a parameter of this stack (known: ${Object.keys(PARAMETERS).join(', ')})`,
    );
  }

  const kafkaMode = oneOf(raw, problems, 'kafkaMode', KAFKA_MODES);
  const p = {
    kafkaMode,
    topic: matching(raw, problems, 'topic', TOPIC, 'a Kafka topic name: 1-249 of A-Z a-z 0-9 . _ -'),
    scheduleRate: requireText(raw, problems, 'scheduleRate'),
    scheduleEnabled: oneOf(raw, problems, 'scheduleEnabled', ['true', 'false']),
    tickIntervalSeconds: integer(raw, problems, 'tickIntervalSeconds', 60, 3600),
    ticksPerSecond: integer(raw, problems, 'ticksPerSecond', 1, 1000),
    tickSource: oneOf(raw, problems, 'tickSource', ['synthetic', 'replay']),
    tickSymbols: list(raw, problems, 'tickSymbols', SYMBOL, 'upper-case ticker symbols', { optional: true }),
    replayCsvUri: matching(raw, problems, 'replayCsvUri', S3_URI, 'an s3://bucket/key URI', {
      optional: true,
    }),
    replayOrder: oneOf(raw, problems, 'replayOrder', ['random', 'sequential']),
    sinkBatchSize: integer(raw, problems, 'sinkBatchSize', 1, 10000),
    sinkBatchingWindowSeconds: integer(raw, problems, 'sinkBatchingWindowSeconds', 0, 300),
    sinkStartingPosition: oneOf(raw, problems, 'sinkStartingPosition', ['TRIM_HORIZON', 'LATEST']),
    sinkConsumerGroupId: matching(
      raw,
      problems,
      'sinkConsumerGroupId',
      CONSUMER_GROUP,
      '1-200 of a-z A-Z 0-9 - / * : _ + = . @',
    ),
    sinkPollers: requireText(raw, problems, 'sinkPollers'),
    sinkMaxRetryAttempts: integer(raw, problems, 'sinkMaxRetryAttempts', -1, 10000),
    sinkMaxRecordAgeSeconds: integer(raw, problems, 'sinkMaxRecordAgeSeconds', -1, 604800),
    logLevel: oneOf(raw, problems, 'logLevel', ['DEBUG', 'INFO', 'WARN', 'ERROR']),
    logRetentionDays: integer(raw, problems, 'logRetentionDays', 1, 3653),
    alarmEmail: matching(raw, problems, 'alarmEmail', EMAIL, 'an e-mail address', { optional: true }),
    sinkLagAlarmRecords: integer(raw, problems, 'sinkLagAlarmRecords', 1, 1e12),
    athenaBytesScannedCutoff: integer(raw, problems, 'athenaBytesScannedCutoff', 10_000_000, 1e15),
    minEventDate: requireText(raw, problems, 'minEventDate'),
    quarantineRetentionDays: integer(raw, problems, 'quarantineRetentionDays', 1, 3650),
    athenaResultsRetentionDays: integer(raw, problems, 'athenaResultsRetentionDays', 1, 3650),
    failedBatchesRetentionDays: integer(raw, problems, 'failedBatchesRetentionDays', 1, 3650),
  };

  if (p.scheduleRate !== undefined) {
    const seconds = rateSeconds(p.scheduleRate);
    if (seconds === undefined) {
      problems.add(
        'scheduleRate',
        `is "${p.scheduleRate}": expected rate(N unit), e.g. rate(1 minute) or rate(5 minutes)`,
      );
    } else if (p.tickIntervalSeconds !== undefined && seconds !== p.tickIntervalSeconds) {
      // The producer emits one interval of ticks per run: a mismatch leaves gaps or overlaps.
      problems.add(
        'scheduleRate',
        `is "${p.scheduleRate}" (${seconds} s) but tickIntervalSeconds is ${p.tickIntervalSeconds}: they must cover the same interval`,
      );
    }
  }
  if (p.tickSource === 'replay' && p.replayCsvUri === undefined && text(raw.replayCsvUri) === undefined) {
    problems.add('replayCsvUri', 'is missing: tickSource=replay reads its rows from S3');
  }
  if (p.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(p.logRetentionDays)) {
    problems.add(
      'logRetentionDays',
      `is ${p.logRetentionDays}: expected one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    p.logRetentionDays = undefined;
  }
  if (p.minEventDate !== undefined && !isRealDate(p.minEventDate)) {
    problems.add('minEventDate', `is "${p.minEventDate}": expected a date YYYY-MM-DD`);
    p.minEventDate = undefined;
  }

  p.provisionedPollers = undefined;
  if (p.sinkPollers !== undefined && p.sinkPollers !== 'on-demand') {
    const match = /^(\d+)-(\d+)$/.exec(p.sinkPollers);
    const min = match ? Number(match[1]) : Number.NaN;
    const max = match ? Number(match[2]) : Number.NaN;
    if (!match || min < 1 || min > 200 || max < min || max > 2000) {
      problems.add(
        'sinkPollers',
        `is "${p.sinkPollers}": expected on-demand, or MIN-MAX provisioned pollers (1 <= MIN <= 200, MIN <= MAX <= 2000), e.g. 1-2`,
      );
    } else {
      p.provisionedPollers = { min, max };
    }
  }
  if (p.sinkMaxRetryAttempts === -1) {
    // "When you configure both infinite retries and an on-failure destination, Lambda
    // automatically applies a maximum of 10 retry attempts" (Lambda Developer Guide, Kafka retry
    // configurations). This stack always sets a destination, so -1 would not mean what it says.
    problems.add(
      'sinkMaxRetryAttempts',
      'is -1 (infinite), but this stack always sets an on-failure destination and with one Lambda caps retries at 10: expected 0 to 10000',
    );
    p.sinkMaxRetryAttempts = undefined;
  }
  if (
    p.sinkMaxRecordAgeSeconds !== undefined &&
    p.sinkMaxRecordAgeSeconds !== -1 &&
    p.sinkMaxRecordAgeSeconds < 60
  ) {
    problems.add(
      'sinkMaxRecordAgeSeconds',
      `is ${p.sinkMaxRecordAgeSeconds}: expected -1 (no limit) or 60 to 604800`,
    );
  }

  if (kafkaMode === 'msk') {
    p.mskClusterArn = matching(
      raw,
      problems,
      'mskClusterArn',
      MSK_CLUSTER_ARN,
      'an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>-<n>, or -s<n> for MSK Serverless)',
    );
    if (p.mskClusterArn !== undefined) {
      const {
        partition,
        region: clusterRegion,
        account,
        clusterName,
        clusterUuid,
      } = parseMskClusterArn(p.mskClusterArn);
      if (clusterRegion !== region) {
        problems.add(
          'mskClusterArn',
          `is in region ${clusterRegion} but the stack deploys to ${region}: an event source mapping reads only a cluster in its own region (deploy with --region ${clusterRegion})`,
        );
      }
      p.msk = { partition, region: clusterRegion, account, clusterName, clusterUuid };
    }
    p.kafkaBrokers = list(raw, problems, 'kafkaBrokers', BROKER, 'host:port brokers', { optional: true });
    p.vpcSubnetIds = list(
      raw,
      problems,
      'vpcSubnetIds',
      SUBNET_ID,
      'subnet ids (the producer runs in the cluster VPC)',
    );
    p.vpcSecurityGroupIds = list(
      raw,
      problems,
      'vpcSecurityGroupIds',
      SECURITY_GROUP_ID,
      'security group ids that may reach the brokers on 9098',
    );
  } else if (kafkaMode === 'self-managed') {
    p.kafkaBrokers = list(raw, problems, 'kafkaBrokers', BROKER, 'host:port brokers');
    p.kafkaAuth = oneOf(raw, problems, 'kafkaAuth', ['scram', 'plaintext']);
    p.kafkaScramSecretArn = matching(
      raw,
      problems,
      'kafkaScramSecretArn',
      SECRET_ARN,
      'a Secrets Manager secret ARN',
      {
        optional: true,
      },
    );
    p.kafkaSecretKmsKeyArn = matching(raw, problems, 'kafkaSecretKmsKeyArn', KMS_KEY_ARN, 'a KMS key ARN', {
      optional: true,
    });
    p.vpcSubnetIds = list(raw, problems, 'vpcSubnetIds', SUBNET_ID, 'subnet ids', { optional: true });
    p.vpcSecurityGroupIds = list(
      raw,
      problems,
      'vpcSecurityGroupIds',
      SECURITY_GROUP_ID,
      'security group ids',
      {
        optional: true,
      },
    );
    if (p.kafkaAuth === 'scram' && text(raw.kafkaScramSecretArn) === undefined) {
      problems.add(
        'kafkaScramSecretArn',
        'is missing: kafkaAuth=scram reads {"username","password"} from this secret',
      );
    }
    if (p.kafkaAuth === 'plaintext' && text(raw.kafkaScramSecretArn) !== undefined) {
      problems.add(
        'kafkaScramSecretArn',
        'is set but kafkaAuth=plaintext uses no credentials: remove it or use kafkaAuth=scram',
      );
    }
    const hasSubnets = text(raw.vpcSubnetIds) !== undefined;
    const hasGroups = text(raw.vpcSecurityGroupIds) !== undefined;
    if (p.kafkaAuth === 'plaintext') {
      // Lambda's mapping accepts unauthenticated Kafka only through a VPC, never over the internet.
      if (!hasSubnets)
        problems.add('vpcSubnetIds', 'is missing: kafkaAuth=plaintext works only inside a VPC');
      if (!hasGroups)
        problems.add('vpcSecurityGroupIds', 'is missing: kafkaAuth=plaintext works only inside a VPC');
    } else if (hasSubnets !== hasGroups) {
      problems.add(
        hasSubnets ? 'vpcSecurityGroupIds' : 'vpcSubnetIds',
        'is missing: give both vpcSubnetIds and vpcSecurityGroupIds, or neither (brokers reachable over TLS)',
      );
    }
  } else if (kafkaMode === 'create') {
    p.vpcCidr = cidr(raw, problems, 'vpcCidr');
    p.topicPartitions = integer(raw, problems, 'topicPartitions', 1, 100);
  }

  return { params: p, problems: problems.list };
}

/** Every parameter name with its example, for documentation and tests. */
function parameterExamples() {
  return Object.fromEntries(Object.entries(PARAMETERS).map(([name, spec]) => [name, spec.example]));
}

module.exports = { KAFKA_MODES, PARAMETERS, validateParams, parameterExamples, rateSeconds };
