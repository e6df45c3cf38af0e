/**
 * The stack's parameters as data: for each, how its text is parsed (which also says what it
 * accepts), a valid example quoted in messages, the Kafka modes it applies to and whether it is
 * required there. `readParameters` reads them all with one loop on the project's shared reader,
 * then checks the few rules that tie parameters together, and reports every problem at once, so
 * one failed `sls package` / `sls deploy` names everything to fix before anything is created.
 *
 * Defaults live in serverless.yml (`params.default`), where the local harness reads them too; a
 * stage overrides them under `params.<stage>`, and the command line overrides both with
 * `--param="name=value"` (the framework's own precedence).
 */
import { EnvReader, type ReaderWording } from '../../shared/config';
import {
  BROKER,
  CONSUMER_GROUP,
  KMS_KEY_ARN,
  MSK_CLUSTER_ARN,
  parseMskClusterArn,
  REPLAY_ORDERS,
  S3_URI,
  SECRET_ARN,
  SECURITY_GROUP_ID,
  STARTING_POSITIONS,
  SUBNET_ID,
  SYMBOL,
  TICK_SOURCES,
  TOPIC,
} from '../../shared/rules';
import { BROKER_INSTANCE_TYPES } from './ec2-broker';

export const KAFKA_MODES = ['msk', 'self-managed', 'create', 'ec2'] as const;
export type KafkaMode = (typeof KAFKA_MODES)[number];

/** A parsed value, or what the text should have been (the message after `is "<text>": `). */
type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: string };
type Parser<T> = (text: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const expected = (what: string): Parsed<never> => ({ ok: false, refusal: `expected ${what}` });

const word =
  <const T extends string>(values: readonly T[]): Parser<T> =>
  (text) =>
    (values as readonly string[]).includes(text) ? ok(text as T) : expected(`one of ${values.join(', ')}`);

const integer =
  (min: number, max: number): Parser<number> =>
  (text) => {
    const value = Number(text);
    return /^-?\d+$/.test(text) && Number.isSafeInteger(value) && value >= min && value <= max
      ? ok(value)
      : expected(`a whole number from ${min} to ${max}`);
  };

const matching =
  (pattern: RegExp, what: string): Parser<string> =>
  (text) =>
    pattern.test(text) ? ok(text) : expected(what);

const listOf =
  (item: RegExp, what: string): Parser<string[]> =>
  (text) => {
    const items = text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    return items.length > 0 && items.every((s) => item.test(s))
      ? ok(items)
      : expected(`a comma-separated list of ${what}`);
  };

/** Seconds between runs of an EventBridge `rate(...)` expression, or undefined if malformed. */
export function rateSeconds(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) return undefined;
  const count = Number(match[1]);
  const unit = (match[2] as string).replace(/s$/, '') as 'minute' | 'hour' | 'day';
  // EventBridge rejects "1 minutes" and "5 minute".
  if (count < 1 || (count === 1) !== (match[2] === unit)) return undefined;
  return count * { minute: 60, hour: 3600, day: 86_400 }[unit];
}

const rate: Parser<{ expression: string; seconds: number }> = (text) => {
  const seconds = rateSeconds(text);
  return seconds === undefined
    ? expected('rate(N unit), e.g. rate(1 minute) or rate(5 minutes)')
    : ok({ expression: text, seconds });
};

const date: Parser<string> = (text) => {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00.000Z`) : undefined;
  return day && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text)
    ? ok(text)
    : expected('a date YYYY-MM-DD');
};

// CloudWatch Logs accepts only these retention periods.
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
const retentionDays: Parser<number> = (text) =>
  (LOG_RETENTION_DAYS as readonly number[]).includes(Number(text)) && /^\d+$/.test(text)
    ? ok(Number(text))
    : expected(`one of ${LOG_RETENTION_DAYS.join(', ')}`);

export type Pollers =
  | { readonly kind: 'on-demand' }
  | { readonly kind: 'provisioned'; min: number; max: number };
const pollers: Parser<Pollers> = (text) => {
  if (text === 'on-demand') return ok({ kind: 'on-demand' });
  const match = /^(\d+)-(\d+)$/.exec(text);
  const [min, max] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  return match && min >= 1 && min <= 200 && max >= min && max <= 2000
    ? ok({ kind: 'provisioned', min, max })
    : expected('on-demand, or MIN-MAX provisioned pollers (1 <= MIN <= 200, MIN <= MAX <= 2000), e.g. 1-2');
};

const recordAge: Parser<number> = (text) => {
  const parsed = integer(-1, 604_800)(text);
  return parsed.ok && (parsed.value === -1 || parsed.value >= 60)
    ? parsed
    : expected('-1 (no limit) or 60 to 604800');
};

/**
 * "When you configure both infinite retries and an on-failure destination, Lambda automatically
 * applies a maximum of 10 retry attempts" (Lambda Developer Guide, Kafka retry configurations).
 * This stack always sets a destination, so -1 would not mean what it says: it is refused.
 */
const retryAttempts: Parser<number> = (text) =>
  text === '-1'
    ? expected(
        '0 to 10000: with the on-failure destination this stack always sets, Lambda caps -1 (infinite) at 10 retries',
      )
    : integer(0, 10_000)(text);

export interface Cidr {
  readonly block: string;
  readonly prefix: number;
}
const cidr: Parser<Cidr> = (text) => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : Number.NaN;
  if (!match || octets.some((o) => o > 255) || prefix < 16 || prefix > 24)
    return expected('an IPv4 CIDR block from /16 to /24');
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (address % 2 ** (32 - prefix) !== 0)
    return { ok: false, refusal: `the address has bits set beyond the /${prefix} prefix` };
  return ok({ block: text, prefix });
};

/** US dollars, e.g. 1 or 0.75. */
const dollars: Parser<number> = (text) =>
  /^\d+(\.\d+)?$/.test(text) && Number(text) > 0
    ? ok(Number(text))
    : expected('a positive amount of US dollars, e.g. 1.50');

interface Parameter<T> {
  readonly parse: Parser<T>;
  /** A valid value, quoted in every message about this parameter. */
  readonly example: string;
  /** The Kafka modes it applies to; all when absent. */
  readonly modes?: readonly KafkaMode[];
  /** Whether it must be given: always, never, or in some modes. */
  readonly required: boolean | readonly KafkaMode[];
}

/** A row of the table; its literal `required` and `modes` shape the type of the parsed values. */
const param = <
  T,
  const R extends boolean | readonly KafkaMode[],
  const M extends readonly KafkaMode[] | undefined = undefined,
>(spec: {
  readonly parse: Parser<T>;
  readonly example: string;
  readonly required: R;
  readonly modes?: M;
}): Parameter<T> & { readonly required: R; readonly modes: M } =>
  spec as Parameter<T> & { readonly required: R; readonly modes: M };

/** Every parameter the stack reads. */
export const PARAMETERS = {
  kafkaMode: param({ parse: word(KAFKA_MODES), example: 'create', required: true }),
  topic: param({
    parse: matching(TOPIC, 'a Kafka topic name: 1-249 of A-Z a-z 0-9 . _ -'),
    example: 'ticks',
    required: true,
  }),
  scheduleRate: param({ parse: rate, example: 'rate(1 minute)', required: true }),
  scheduleEnabled: param({ parse: word(['true', 'false']), example: 'false', required: true }),
  tickIntervalSeconds: param({ parse: integer(60, 3600), example: '60', required: true }),
  ticksPerSecond: param({ parse: integer(1, 1000), example: '1', required: true }),
  tickSource: param({ parse: word(TICK_SOURCES), example: 'synthetic', required: true }),
  tickSymbols: param({
    parse: listOf(SYMBOL, 'upper-case ticker symbols'),
    example: 'NYA,N225,000001.SS',
    required: false,
  }),
  replayCsvUri: param({
    parse: matching(S3_URI, 'an s3://bucket/key URI'),
    example: 's3://my-bucket/indexProcessed.csv',
    required: false,
  }),
  replayOrder: param({ parse: word(REPLAY_ORDERS), example: 'random', required: true }),
  sinkBatchSize: param({ parse: integer(1, 10_000), example: '10000', required: true }),
  sinkBatchingWindowSeconds: param({ parse: integer(0, 300), example: '10', required: true }),
  sinkStartingPosition: param({ parse: word(STARTING_POSITIONS), example: 'TRIM_HORIZON', required: true }),
  sinkConsumerGroupId: param({
    parse: matching(CONSUMER_GROUP, '1-200 of a-z A-Z 0-9 - / * : _ + = . @'),
    example: 'stock-ticks-sink',
    required: true,
  }),
  sinkPollers: param({ parse: pollers, example: 'on-demand', required: true }),
  sinkMaxRetryAttempts: param({ parse: retryAttempts, example: '10', required: true }),
  sinkMaxRecordAgeSeconds: param({ parse: recordAge, example: '-1', required: true }),
  logLevel: param({ parse: word(['DEBUG', 'INFO', 'WARN', 'ERROR']), example: 'INFO', required: true }),
  logRetentionDays: param({ parse: retentionDays, example: '14', required: true }),
  alarmEmail: param({
    parse: matching(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address'),
    example: 'ops@example.com',
    required: false,
  }),
  sinkLagAlarmRecords: param({ parse: integer(1, 1e12), example: '20000', required: true }),
  freshnessAlarmSeconds: param({ parse: integer(60, 86_400), example: '900', required: true }),
  compactionGraceMinutes: param({ parse: integer(0, 1_439), example: '60', required: true }),
  compactionLookbackDays: param({ parse: integer(1, 31), example: '3', required: true }),
  athenaBytesScannedCutoff: param({
    parse: integer(10_000_000, 1e15),
    example: '1000000000',
    required: true,
  }),
  minEventDate: param({ parse: date, example: '2024-01-01', required: true }),
  quarantineRetentionDays: param({ parse: integer(1, 3650), example: '90', required: true }),
  athenaResultsRetentionDays: param({ parse: integer(1, 3650), example: '7', required: true }),
  failedBatchesRetentionDays: param({ parse: integer(1, 3650), example: '30', required: true }),
  mskClusterArn: param({
    parse: matching(
      MSK_CLUSTER_ARN,
      'an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>-<n>, or -s<n> for MSK Serverless)',
    ),
    // AWS's own example (Lambda Developer Guide, with-msk).
    example:
      'arn:aws:kafka:us-east-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2',
    modes: ['msk'],
    required: true,
  }),
  kafkaBrokers: param({
    parse: listOf(BROKER, 'host:port brokers'),
    example: 'b-1.example.com:9096,b-2.example.com:9096',
    modes: ['msk', 'self-managed'],
    required: ['self-managed'],
  }),
  kafkaAuth: param({
    parse: word(['scram', 'plaintext']),
    example: 'scram',
    modes: ['self-managed'],
    required: true,
  }),
  kafkaScramSecretArn: param({
    parse: matching(SECRET_ARN, 'a Secrets Manager secret ARN'),
    // AWS's own example (Lambda Developer Guide, with-kafka), with a 12-digit account.
    example: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:MyBrokerSecretName',
    modes: ['self-managed'],
    required: false,
  }),
  kafkaSecretKmsKeyArn: param({
    parse: matching(KMS_KEY_ARN, 'a KMS key ARN'),
    example: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    modes: ['self-managed'],
    required: false,
  }),
  // AWS's own examples (Lambda Developer Guide, configuration-vpc).
  vpcSubnetIds: param({
    parse: listOf(SUBNET_ID, 'subnet ids (subnet- and 8 or 17 hex digits)'),
    example: 'subnet-071f712345678e7c8,subnet-07fd123456788a036',
    modes: ['msk', 'self-managed'],
    required: ['msk'],
  }),
  vpcSecurityGroupIds: param({
    parse: listOf(SECURITY_GROUP_ID, 'security group ids (sg- and 8 or 17 hex digits)'),
    example: 'sg-085912345678492fb',
    modes: ['msk', 'self-managed'],
    required: ['msk'],
  }),
  vpcCidr: param({ parse: cidr, example: '10.42.0.0/16', modes: ['create', 'ec2'], required: true }),
  topicPartitions: param({ parse: integer(1, 100), example: '3', modes: ['create', 'ec2'], required: true }),
  ec2InstanceType: param({
    parse: word(Object.keys(BROKER_INSTANCE_TYPES) as (keyof typeof BROKER_INSTANCE_TYPES)[]),
    example: 't4g.small',
    modes: ['ec2'],
    required: true,
  }),
  // gp3 volumes take 1 to 65,536 GiB: EC2 API reference, CreateVolume Size ("gp3: 1 - 65,536
  // GiB"; test/fixtures/aws/limits.json). Older EBS User Guide pages still say 16 TiB.
  ec2VolumeGiB: param({ parse: integer(1, 65_536), example: '20', modes: ['ec2'], required: true }),
  ec2ImageId: param({
    parse: matching(
      /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/,
      'an AMI id (ami- and 8 or 17 hex digits) of Amazon Linux 2023 for arm64',
    ),
    example: 'ami-0123456789abcdef0',
    modes: ['ec2'],
    required: false,
  }),
  maxDailyCost: param({ parse: dollars, example: '1', required: false }),
} as const;

export type ParameterName = keyof typeof PARAMETERS;
type Table = typeof PARAMETERS;
type ValueOf<K extends ParameterName> = Table[K] extends Parameter<infer T> ? T : never;
/** Required in every mode: always there once the parameters are valid. */
type Always = {
  [K in ParameterName]: Table[K]['required'] extends true
    ? Table[K]['modes'] extends undefined
      ? K
      : never
    : never;
}[ParameterName];

/**
 * The parsed parameters, typed from the table: those required in every mode are always there;
 * those of other Kafka modes, and optional ones not given, may be absent.
 */
export type StackParams = { -readonly [K in Always]: ValueOf<K> } & {
  -readonly [K in Exclude<ParameterName, Always>]?: ValueOf<K>;
};

/** Messages quote examples as the command line takes them. */
const PARAMETER_WORDING: ReaderWording = {
  example: (name, example) => `(example: --param="${name}=${example}")`,
  missing: 'is missing',
};

const appliesTo = (p: Parameter<unknown>, mode: KafkaMode | undefined) =>
  p.modes === undefined || (mode !== undefined && p.modes.includes(mode));
const requiredIn = (p: Parameter<unknown>, mode: KafkaMode | undefined) =>
  p.required === true || (Array.isArray(p.required) && mode !== undefined && p.required.includes(mode));

/**
 * Reads the raw parameters (strings from `--param`, or YAML scalars from `params:`) for a stack in
 * `region`: each through its row of PARAMETERS, then the rules across parameters. Returns the
 * parsed values and every problem found, each naming the parameter and quoting a valid example.
 *
 * @example
 * const { params, problems } = readParameters({ kafkaMode: 'create', ...defaults }, 'us-east-1');
 * if (problems.length > 0) throw new Error(problems.join('\n'));
 */
export function readParameters(
  raw: Readonly<Record<string, unknown>>,
  region: string,
  { unknownNames = [] as readonly string[] } = {},
): { params: StackParams; problems: string[] } {
  const r = new EnvReader(raw, PARAMETER_WORDING);
  for (const name of unknownNames)
    r.problem(name, `is not a parameter of this stack (known: ${Object.keys(PARAMETERS).join(', ')})`);

  const values: Record<string, unknown> = {};
  const mode = readOne(r, 'kafkaMode', undefined, values) as KafkaMode | undefined;
  for (const name of Object.keys(PARAMETERS) as ParameterName[]) {
    if (name !== 'kafkaMode') readOne(r, name, mode, values);
  }
  const params = values as StackParams;
  checkAcrossParameters(r, params, region);
  return { params, problems: [...r.problems()] };
}

/** Reads the parameters the local harness uses (they live in serverless.yml), by the same rules. */
export function readSomeParameters<const N extends ParameterName>(
  raw: Readonly<Record<string, unknown>>,
  names: readonly N[],
): { params: Pick<StackParams, N>; problems: string[] } {
  const r = new EnvReader(raw, PARAMETER_WORDING);
  const values: Record<string, unknown> = {};
  for (const name of names) readOne(r, name, undefined, values, { anyMode: true });
  return { params: values as Pick<StackParams, N>, problems: [...r.problems()] };
}

function readOne(
  r: EnvReader,
  name: ParameterName,
  mode: KafkaMode | undefined,
  into: Record<string, unknown>,
  { anyMode = false } = {},
): unknown {
  const spec = PARAMETERS[name] as Parameter<unknown>;
  if (!anyMode && !appliesTo(spec, mode)) return undefined;
  const text = r.optional(name);
  if (text === undefined) {
    if (requiredIn(spec, mode)) r.problem(name, 'is missing', spec.example);
    return undefined;
  }
  const parsed = spec.parse(text);
  if (!parsed.ok) {
    r.problem(name, `is "${text}": ${parsed.refusal}`, spec.example);
    return undefined;
  }
  into[name] = parsed.value;
  return parsed.value;
}

/** The rules that tie parameters together; each problem names the parameter to change. */
function checkAcrossParameters(r: EnvReader, p: StackParams, region: string): void {
  const given = (name: ParameterName) => r.has(name);
  const example = (name: ParameterName) => PARAMETERS[name].example;

  // The producer emits one interval of ticks per run: a mismatch leaves gaps or overlaps.
  if (
    p.scheduleRate &&
    p.tickIntervalSeconds !== undefined &&
    p.scheduleRate.seconds !== p.tickIntervalSeconds
  ) {
    r.problem(
      'scheduleRate',
      `is "${p.scheduleRate.expression}" (${p.scheduleRate.seconds} s) but tickIntervalSeconds is ${p.tickIntervalSeconds}: they must cover the same interval`,
      example('scheduleRate'),
    );
  }
  if (p.tickSource === 'replay' && !given('replayCsvUri'))
    r.problem(
      'replayCsvUri',
      'is missing: tickSource=replay reads its rows from S3',
      example('replayCsvUri'),
    );

  if (p.kafkaMode === 'msk' && p.mskClusterArn) {
    const cluster = parseMskClusterArn(p.mskClusterArn);
    if (cluster && cluster.region !== region) {
      r.problem(
        'mskClusterArn',
        `is in region ${cluster.region} but the stack deploys to ${region}: an event source mapping reads only a cluster in its own region (deploy with --region ${cluster.region})`,
        example('mskClusterArn'),
      );
    }
  }

  if (p.kafkaMode === 'self-managed') {
    if (p.kafkaAuth === 'scram' && !given('kafkaScramSecretArn')) {
      r.problem(
        'kafkaScramSecretArn',
        'is missing: kafkaAuth=scram reads {"username","password"} from this secret',
        example('kafkaScramSecretArn'),
      );
    }
    if (p.kafkaAuth === 'plaintext' && given('kafkaScramSecretArn')) {
      r.problem(
        'kafkaScramSecretArn',
        'is set but kafkaAuth=plaintext uses no credentials: remove it or use kafkaAuth=scram',
        example('kafkaScramSecretArn'),
      );
    }
    const [subnets, groups] = [given('vpcSubnetIds'), given('vpcSecurityGroupIds')];
    if (p.kafkaAuth === 'plaintext') {
      // Lambda's mapping accepts unauthenticated Kafka only through a VPC, never over the internet.
      for (const name of ['vpcSubnetIds', 'vpcSecurityGroupIds'] as const) {
        if (!given(name))
          r.problem(name, 'is missing: kafkaAuth=plaintext works only inside a VPC', example(name));
      }
    } else if (subnets !== groups) {
      const name = subnets ? 'vpcSecurityGroupIds' : 'vpcSubnetIds';
      r.problem(
        name,
        'is missing: give both vpcSubnetIds and vpcSecurityGroupIds, or neither (brokers reachable over TLS)',
        example(name),
      );
    }
  }
}
