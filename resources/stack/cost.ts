/**
 * What the AWS stack costs, per Kafka mode, from the price table in prices.ts: a fixed floor per
 * day (the stack idle, with its schedule running) and the marginal cost of each million ticks.
 * `sls package` / `sls deploy` print it, and refuse a deploy whose floor exceeds `maxDailyCost`.
 *
 * An estimate, kept small on purpose: us-east-1 On-Demand prices, no free tier, no taxes, no
 * savings plans; each assumption is a named constant below with the reason for its value.
 */
import {
  EC2_INSTANCE_TYPES,
  EC2_ON_DEMAND_HOURLY,
  type Ec2InstanceType,
  PRICE_REGION,
  PRICES,
  PRICES_CHECKED,
} from './prices';

export { EC2_INSTANCE_TYPES, type Ec2InstanceType } from './prices';

export type CostKafkaMode = 'msk' | 'self-managed' | 'create' | 'ec2';

/** What the estimate needs to know about the stack; the caller maps its parameters onto it. */
export interface CostInput {
  readonly kafkaMode: CostKafkaMode;
  /** The stack's region; the prices are those of us-east-1 whatever it is. */
  readonly region: string;
  /** ec2 mode: the broker's instance type (default t4g.small). */
  readonly ec2InstanceType?: string;
  /** ec2 mode: the broker's gp3 GiB, root and data volumes together (default COST_ASSUMPTIONS.ec2VolumeGiB). */
  readonly ec2VolumeGiB?: number;
  /** create mode: partitions of the topic on MSK Serverless (default COST_ASSUMPTIONS.topicPartitions). */
  readonly topicPartitions?: number;
  readonly sinkPollers:
    | { readonly kind: 'on-demand' }
    | { readonly kind: 'provisioned'; readonly min: number; readonly max: number };
  /** create mode with on-demand pollers: the stack adds interface endpoints for lambda and sts in 2 AZs. */
  readonly onDemandEndpoints?: boolean;
  /** Seconds between scheduled producer runs. */
  readonly scheduleSeconds: number;
  /** Ticks a second over all symbols (synthetic: ticksPerSecond × symbols; replay: rows a second). */
  readonly ticksPerSecond: number;
  /** Ticks per S3 object the sink writes (default COST_ASSUMPTIONS.ticksPerObject). */
  readonly ticksPerObject?: number;
  /** CloudWatch alarms the stack creates. */
  readonly alarms: number;
  /** Secrets the stack reads but does not create (e.g. a given SCRAM secret); ec2 mode adds its own two. */
  readonly secrets: number;
  readonly producerMemoryMb: number;
  readonly sinkMemoryMb: number;
  readonly compactionMemoryMb: number;
}

/** The assumptions behind the figures; change one here and every estimate follows. */
export const COST_ASSUMPTIONS = {
  /** Assumed: a producer run connects to Kafka, sends one interval of ticks, waits for the acks, disconnects. */
  producerSecondsPerRun: 1,
  /** Assumed: a sink batch is decoded, validated and written as one Parquet object with one S3 PUT. */
  sinkSecondsPerBatch: 0.3,
  /**
   * Measured (npm run bench, 2026-12-01, a busy 2-core x64 machine): the packaged compaction
   * merged a full-rate partition-day of 604,800 ticks in 37.9 s at 2048 MB, cold start included.
   */
  compactionTicksPerSecond: 15_900,
  /** Measured at the default rate (1 tick/s, 10 s batching window): one object per batch and partition. */
  ticksPerObject: 280,
  /** Assumed: a tick as JSON in a Kafka record (key, value, headers), what MSK Serverless bills in and out. */
  wireBytesPerTick: 150,
  /** Assumed: a tick in SNAPPY Parquet, columns dictionary- and delta-encoded, what S3 stores. */
  parquetBytesPerTick: 40,
  /** ec2 mode without a volume size: the Amazon Linux 2023 AMI's root volume alone; pass root + data. */
  ec2VolumeGiB: 8,
  ec2InstanceType: 't4g.small' satisfies Ec2InstanceType,
  /** ec2 mode creates the SCRAM credentials and the broker's CA certificate as secrets. */
  ec2Secrets: 2,
  /** create mode without a partition count: the parameter's example. */
  topicPartitions: 3,
  /** create mode, on-demand pollers: interface endpoints for lambda and sts, each in the stack's 2 AZs. */
  endpointServices: 2,
  endpointAzs: 2,
} as const;

const HOURS_PER_DAY = 24;
const SECONDS_PER_DAY = 86_400;
/** AWS bills a month as ~730 hours: 730 / 24 ≈ 30.4 days. */
const DAYS_PER_MONTH = 30.4;
const MILLION = 1_000_000;
const BYTES_PER_GB = 1e9;

export interface CostLine {
  /** What it is, as printed: "t4g.small", "Elastic IP", "5 alarms". */
  readonly item: string;
  /** US dollars per day (fixed lines) or per million ticks (marginal lines). */
  readonly usd: number;
}

export interface CostEstimate {
  readonly kafkaMode: CostKafkaMode;
  readonly region: string;
  /** The stack idle with its schedule running, US dollars per day. */
  readonly fixedPerDay: number;
  readonly fixed: readonly CostLine[];
  /** What each million ticks adds, US dollars. */
  readonly perMillionTicks: number;
  readonly marginal: readonly CostLine[];
  /** Ticks a day at the configured rate. */
  readonly ticksPerDay: number;
  /** msk and self-managed: the stack adds no cluster, and yours is not counted. */
  readonly excludesCluster: boolean;
  /** ec2 mode: the instance type priced. */
  readonly ec2InstanceType?: Ec2InstanceType;
  /** The provisioned pollers' share of fixedPerDay (0 with on-demand pollers). */
  readonly pollersPerDay: number;
}

/** ec2InstanceType is not one the price table knows. */
export class UnknownInstanceTypeError extends Error {
  constructor(readonly instanceType: string) {
    super(
      `ec2InstanceType "${instanceType}" has no price in resources/stack/prices.ts; supported types: ${EC2_INSTANCE_TYPES.join(', ')}`,
    );
    this.name = 'UnknownInstanceTypeError';
  }
}

const perDay = {
  hourly: (usdPerHour: number, count = 1) => usdPerHour * count * HOURS_PER_DAY,
  monthly: (usdPerMonth: number, count = 1) => (usdPerMonth * count) / DAYS_PER_MONTH,
};

/** One Lambda invocation: its request plus its duration at its memory (GB-s are MB / 1024). */
const invocationUsd = (seconds: number, memoryMb: number) =>
  PRICES.lambdaRequestsMillion.usd / MILLION + seconds * (memoryMb / 1024) * PRICES.lambdaArmGbSecond.usd;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * The fixed cost per day and the marginal cost per million ticks of the stack described by
 * `input`, line by line. Throws UnknownInstanceTypeError for an ec2 instance type not priced.
 *
 * @example
 * const estimate = estimateCost({ kafkaMode: 'ec2', region: 'us-east-1', sinkPollers: { kind: 'on-demand' },
 *   scheduleSeconds: 60, ticksPerSecond: 1, alarms: 5, secrets: 0, producerMemoryMb: 256, sinkMemoryMb: 512,
 *   compactionMemoryMb: 2048 });
 * estimate.fixedPerDay // ≈ 0.59
 */
export function estimateCost(input: CostInput): CostEstimate {
  requirePositive('scheduleSeconds', input.scheduleSeconds);
  const ticksPerObject = input.ticksPerObject ?? COST_ASSUMPTIONS.ticksPerObject;
  requirePositive('ticksPerObject', ticksPerObject);
  const ec2InstanceType = input.kafkaMode === 'ec2' ? instanceType(input.ec2InstanceType) : undefined;
  const pollers = pollerLines(input.sinkPollers);
  const fixed = [
    ...clusterLines(input, ec2InstanceType),
    ...pollers,
    ...monitoringLines(input),
    producerLine(input),
  ].filter((line) => line.usd > 0);
  const marginal = marginalLines(input, ticksPerObject).filter((line) => line.usd > 0);
  return {
    kafkaMode: input.kafkaMode,
    region: input.region,
    fixedPerDay: total(fixed),
    fixed,
    perMillionTicks: total(marginal),
    marginal,
    ticksPerDay: input.ticksPerSecond * SECONDS_PER_DAY,
    excludesCluster: input.kafkaMode === 'msk' || input.kafkaMode === 'self-managed',
    pollersPerDay: total(pollers),
    ...(ec2InstanceType ? { ec2InstanceType } : {}),
  };
}

function requirePositive(name: string, value: number): void {
  // A zero here would print Infinity; the parameter parser should never let one through.
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number, not ${value}`);
}

function instanceType(requested: string | undefined): Ec2InstanceType {
  const type = requested ?? COST_ASSUMPTIONS.ec2InstanceType;
  if (!(EC2_INSTANCE_TYPES as readonly string[]).includes(type)) throw new UnknownInstanceTypeError(type);
  return type as Ec2InstanceType;
}

const total = (lines: readonly CostLine[]) => lines.reduce((sum, line) => sum + line.usd, 0);

/** What the stack's own Kafka costs: nothing in msk and self-managed, where the cluster is yours. */
function clusterLines(input: CostInput, ec2InstanceType: Ec2InstanceType | undefined): CostLine[] {
  if (ec2InstanceType) return ec2Lines(input, ec2InstanceType);
  if (input.kafkaMode === 'create') return mskServerlessLines(input);
  return [];
}

function ec2Lines(input: CostInput, type: Ec2InstanceType): CostLine[] {
  const volumeGiB = input.ec2VolumeGiB ?? COST_ASSUMPTIONS.ec2VolumeGiB;
  return [
    { item: type, usd: perDay.hourly(EC2_ON_DEMAND_HOURLY[type].usd) },
    // The broker's advertised address must not change, so it has an Elastic IP, billed as any public IPv4.
    { item: 'Elastic IP', usd: perDay.hourly(PRICES.publicIpv4Hour.usd) },
    // AWS bills GiB-months of gp3 as "GB-month".
    { item: `${volumeGiB} GiB gp3`, usd: perDay.monthly(PRICES.ebsGp3GbMonth.usd, volumeGiB) },
  ];
}

function mskServerlessLines(input: CostInput): CostLine[] {
  const partitions = input.topicPartitions ?? COST_ASSUMPTIONS.topicPartitions;
  const { endpointServices, endpointAzs } = COST_ASSUMPTIONS;
  return [
    { item: 'MSK Serverless cluster', usd: perDay.hourly(PRICES.mskServerlessClusterHour.usd) },
    {
      item: plural(partitions, 'partition'),
      usd: perDay.hourly(PRICES.mskServerlessPartitionHour.usd, partitions),
    },
    {
      // On-demand pollers reach Lambda and STS from the VPC through these (the stack has no NAT gateway).
      // Their $/GB is left out: an invoke payload per batch is well under a cent per million ticks.
      item: `${endpointServices} interface endpoints × ${endpointAzs} AZs`,
      usd: input.onDemandEndpoints
        ? perDay.hourly(PRICES.interfaceEndpointAzHour.usd, endpointServices * endpointAzs)
        : 0,
    },
  ];
}

/** Provisioned pollers are billed from their minimum whether or not records flow. */
function pollerLines(pollers: CostInput['sinkPollers']): CostLine[] {
  if (pollers.kind === 'on-demand') return [];
  return [
    {
      item: plural(pollers.min, 'provisioned poller'),
      usd: perDay.hourly(PRICES.esmProvisionedPollerHour.usd, pollers.min),
    },
  ];
}

function monitoringLines(input: CostInput): CostLine[] {
  // Secrets Manager API calls are left out: the functions read a secret once per container, and
  // 10,000 calls cost $0.05.
  const secrets = input.secrets + (input.kafkaMode === 'ec2' ? COST_ASSUMPTIONS.ec2Secrets : 0);
  return [
    { item: plural(secrets, 'secret'), usd: perDay.monthly(PRICES.secretMonth.usd, secrets) },
    {
      item: plural(input.alarms, 'alarm'),
      usd: perDay.monthly(PRICES.cloudwatchAlarmMonth.usd, input.alarms),
    },
  ];
}

/** The schedule runs the producer whether or not anything reads the ticks. */
function producerLine(input: CostInput): CostLine {
  const runsPerDay = SECONDS_PER_DAY / input.scheduleSeconds;
  return {
    item: `${Math.round(runsPerDay).toLocaleString('en-US')} producer runs`,
    usd: runsPerDay * invocationUsd(COST_ASSUMPTIONS.producerSecondsPerRun, input.producerMemoryMb),
  };
}

/**
 * What a million more ticks cost. Left out as too small to print: the producer's longer runs, and
 * the cross-AZ traffic between Lambda and an ec2 broker ($0.01/GB each way on ~0.15 GB).
 */
function marginalLines(input: CostInput, ticksPerObject: number): CostLine[] {
  const objects = MILLION / ticksPerObject;
  const wireGb = (MILLION * COST_ASSUMPTIONS.wireBytesPerTick) / BYTES_PER_GB;
  const storedGb = (MILLION * COST_ASSUMPTIONS.parquetBytesPerTick) / BYTES_PER_GB;
  return [
    { item: 'S3 PUTs', usd: (objects / 1000) * PRICES.s3Put1000.usd },
    // One sink invocation per object written.
    {
      item: 'sink Lambda',
      usd: objects * invocationUsd(COST_ASSUMPTIONS.sinkSecondsPerBatch, input.sinkMemoryMb),
    },
    {
      // Each tick is written once (producer) and read once (the event source mapping).
      item: 'Kafka data in/out',
      usd:
        input.kafkaMode === 'create'
          ? wireGb * (PRICES.mskServerlessDataIn.usd + PRICES.mskServerlessDataOut.usd)
          : 0,
    },
    {
      // Once a day: one GET per sink object and the Lambda's time merging them (deletes are free);
      // the lookback's re-reads of days already compacted are a few GETs and seconds a day.
      item: 'compaction',
      usd:
        (objects / 1000) * PRICES.s3Get1000.usd +
        (MILLION / COST_ASSUMPTIONS.compactionTicksPerSecond) *
          (input.compactionMemoryMb / 1024) *
          PRICES.lambdaArmGbSecond.usd,
    },
    { item: 'a month of S3 storage', usd: storedGb * PRICES.s3StandardGbMonth.usd },
  ];
}

/**
 * A few lines for `sls package` / `sls deploy` to print: the fixed cost per day and what each
 * million ticks adds, with the main items, the prices' date and region, and where they come from.
 *
 * @example
 * formatCost(estimateCost(input))
 * // Estimated AWS cost of kafkaMode=ec2, at us-east-1 On-Demand prices of 2026-12-01, excluding free tier and taxes:
 * //   fixed $0.59/day: t4g.small $0.40, Elastic IP $0.12, …
 */
export function formatCost(estimate: CostEstimate): string {
  const clusterNote = estimate.excludesCluster ? " plus your cluster's own cost" : '';
  const atRate = `at ${estimate.ticksPerDay / SECONDS_PER_DAY} ticks a second (${estimate.ticksPerDay.toLocaleString('en-US')} a day) about ${usd((estimate.perMillionTicks * estimate.ticksPerDay) / MILLION)}/day`;
  return [
    `Estimated AWS cost of kafkaMode=${estimate.kafkaMode}, at ${pricesWording(estimate.region)}, excluding free tier and taxes:`,
    `  fixed ${usd(estimate.fixedPerDay)}/day${clusterNote}: ${itemList(estimate.fixed)}`,
    `  each million ticks ${usd(estimate.perMillionTicks)} more: ${itemList(estimate.marginal)}; ${atRate}`,
    '  Prices and their sources: resources/stack/prices.ts',
  ].join('\n');
}

function pricesWording(region: string): string {
  const prices = `${PRICE_REGION} On-Demand prices of ${PRICES_CHECKED}`;
  return region === PRICE_REGION ? prices : `${prices} (${region} may differ)`;
}

/** The lines, largest first, as "item $x.xx" (the first `limit` of them). */
const itemList = (lines: readonly CostLine[], limit = lines.length) =>
  [...lines]
    .sort((a, b) => b.usd - a.usd)
    .slice(0, limit)
    .map((line) => `${line.item} ${usd(line.usd)}`)
    .join(', ');

/** Dollars to the cent, or to two significant digits below ten cents so small items do not read $0.00. */
function usd(value: number): string {
  if (value === 0) return '$0';
  if (value >= 0.1) return `$${value.toFixed(2)}`;
  const decimals = 1 - Math.floor(Math.log10(value));
  return `$${value.toFixed(decimals)}`;
}

/**
 * Why a deploy must not go ahead: the fixed cost per day exceeds `maxDailyCost` (US dollars),
 * with what to change; undefined when within it or when no limit is set.
 *
 * @example
 * dailyCostProblem(estimateCost({ ...input, kafkaMode: 'create' }), 5)
 * // 'maxDailyCost is 5 but kafkaMode=create costs an estimated $19.09/day fixed, …: raise maxDailyCost …'
 */
export function dailyCostProblem(
  estimate: CostEstimate,
  maxDailyCost: number | undefined,
): string | undefined {
  if (maxDailyCost === undefined || estimate.fixedPerDay <= maxDailyCost) return undefined;
  const main = itemList(estimate.fixed, 3);
  const needed = (Math.ceil(estimate.fixedPerDay * 100) / 100).toFixed(2);
  const changes = [`raise maxDailyCost to ${needed} or more`, ...cheaperChoices(estimate)];
  return (
    `maxDailyCost is ${maxDailyCost} (US dollars a day) but kafkaMode=${estimate.kafkaMode} costs an estimated ` +
    `${usd(estimate.fixedPerDay)}/day before any ticks (${main}; ${pricesWording(estimate.region)}): ` +
    `${changes.join(', or ')}`
  );
}

function cheaperChoices(estimate: CostEstimate): string[] {
  const choices: string[] = [];
  if (estimate.pollersPerDay > 0)
    choices.push(`sinkPollers=on-demand (the provisioned pollers cost ${usd(estimate.pollersPerDay)}/day)`);
  if (estimate.kafkaMode === 'create')
    choices.push('kafkaMode=ec2 (one Kafka broker on EC2 instead of MSK Serverless)');
  if (estimate.ec2InstanceType) choices.push(smallerInstanceChoice(estimate.ec2InstanceType));
  return choices;
}

function smallerInstanceChoice(current: Ec2InstanceType): string {
  const smaller = EC2_INSTANCE_TYPES.slice(0, EC2_INSTANCE_TYPES.indexOf(current)).reverse();
  if (smaller.length === 0) return 'another kafkaMode (msk or self-managed, with a cluster you already run)';
  const daily = (type: Ec2InstanceType) => usd(perDay.hourly(EC2_ON_DEMAND_HOURLY[type].usd));
  const priced = smaller.map((type) => `${type} ${daily(type)}`);
  return `a smaller ec2InstanceType (${current} is ${daily(current)}/day; ${priced.join(', ')})`;
}
