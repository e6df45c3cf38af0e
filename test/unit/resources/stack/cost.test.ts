import { describe, expect, it } from 'vitest';
import {
  COST_ASSUMPTIONS,
  type CostInput,
  type CostKafkaMode,
  dailyCostProblem,
  EC2_INSTANCE_TYPES,
  estimateCost,
  formatCost,
  UnknownInstanceTypeError,
} from '../../../../resources/stack/cost';
import { EC2_ON_DEMAND_HOURLY, PRICES, type Price } from '../../../../resources/stack/prices';

// The figures below are worked out here from the price table, line by line, not through the
// module's helpers: a slip in either shows as a difference.
const DAYS_PER_MONTH = 30.4;
const MODES: readonly CostKafkaMode[] = ['msk', 'self-managed', 'create', 'ec2'];

/** The stack's defaults (serverless.yml): rate(1 minute), 1 tick/s, 5 alarms, 256 / 512 / 2048 MB. */
const defaults = (kafkaMode: CostKafkaMode, overrides: Partial<CostInput> = {}): CostInput => ({
  kafkaMode,
  region: 'us-east-1',
  sinkPollers: { kind: 'on-demand' },
  scheduleSeconds: 60,
  ticksPerSecond: 1,
  alarms: 5,
  secrets: 0,
  producerMemoryMb: 256,
  sinkMemoryMb: 512,
  compactionMemoryMb: 2048,
  ...(kafkaMode === 'create' ? { topicPartitions: 3, onDemandEndpoints: true } : {}),
  ...overrides,
});

const lambdaRequest = PRICES.lambdaRequestsMillion.usd / 1e6;
const gbSecond = PRICES.lambdaArmGbSecond.usd;
/** 1,440 runs a day of a 1 s, 256 MB producer. */
const producerPerDay =
  (86_400 / 60) * (lambdaRequest + COST_ASSUMPTIONS.producerSecondsPerRun * (256 / 1024) * gbSecond);
const alarmsPerDay = (5 * PRICES.cloudwatchAlarmMonth.usd) / DAYS_PER_MONTH;

describe('estimateCost', () => {
  it('prices ec2 on a t4g.small as the instance, its Elastic IP, its volume, two secrets, alarms and the producer', () => {
    // Prepare
    const expected =
      EC2_ON_DEMAND_HOURLY['t4g.small'].usd * 24 +
      PRICES.publicIpv4Hour.usd * 24 +
      (COST_ASSUMPTIONS.ec2VolumeGiB * PRICES.ebsGp3GbMonth.usd) / DAYS_PER_MONTH +
      (2 * PRICES.secretMonth.usd) / DAYS_PER_MONTH +
      alarmsPerDay +
      producerPerDay;

    // Act
    const estimate = estimateCost(defaults('ec2'));

    // Assess
    expect(estimate.fixedPerDay).toBeCloseTo(expected, 10);
    expect(estimate.fixedPerDay).toBeCloseTo(0.592, 3);
    expect(estimate.ec2InstanceType).toBe('t4g.small');
    expect(estimate.fixed.map((line) => line.item)).toEqual([
      't4g.small',
      'Elastic IP',
      '8 GiB gp3',
      '2 secrets',
      '5 alarms',
      '1,440 producer runs',
    ]);
  });

  it('prices the instance type and volume size asked for', () => {
    // Act
    const small = estimateCost(defaults('ec2', { ec2InstanceType: 't4g.small', ec2VolumeGiB: 20 }));
    const medium = estimateCost(defaults('ec2', { ec2InstanceType: 't4g.medium', ec2VolumeGiB: 20 }));

    // Assess
    expect(medium.fixedPerDay - small.fixedPerDay).toBeCloseTo((0.0336 - 0.0168) * 24, 10);
    expect(small.fixed).toContainEqual({ item: '20 GiB gp3', usd: (20 * 0.08) / DAYS_PER_MONTH });
  });

  it('prices create as the MSK Serverless cluster, its partitions, two endpoints in two AZs, alarms and the producer', () => {
    // Prepare
    const expected =
      PRICES.mskServerlessClusterHour.usd * 24 +
      3 * PRICES.mskServerlessPartitionHour.usd * 24 +
      2 * 2 * PRICES.interfaceEndpointAzHour.usd * 24 +
      alarmsPerDay +
      producerPerDay;

    // Act
    const estimate = estimateCost(defaults('create'));

    // Assess
    expect(estimate.fixedPerDay).toBeCloseTo(expected, 10);
    expect(estimate.fixedPerDay).toBeCloseTo(19.09, 2);
  });

  it('leaves the endpoints out of create when the stack does not add them', () => {
    // Act
    const withEndpoints = estimateCost(defaults('create'));
    const without = estimateCost(defaults('create', { onDemandEndpoints: false }));

    // Assess
    expect(withEndpoints.fixedPerDay - without.fixedPerDay).toBeCloseTo(4 * 0.01 * 24, 10);
  });

  it('makes ec2 the cheapest complete mode: far below create', () => {
    // Act
    const ec2 = estimateCost(defaults('ec2'));
    const create = estimateCost(defaults('create'));

    // Assess
    expect(ec2.fixedPerDay).toBeLessThan(create.fixedPerDay);
    expect(ec2.fixedPerDay * 10).toBeLessThan(create.fixedPerDay);
  });

  it.each<CostKafkaMode>(['msk', 'self-managed'])(
    'adds no cluster in %s: alarms, the secrets given and the producer only',
    (mode) => {
      // Act
      const estimate = estimateCost(defaults(mode, { secrets: 1 }));

      // Assess
      expect(estimate.excludesCluster).toBe(true);
      expect(estimate.fixedPerDay).toBeCloseTo(
        alarmsPerDay + PRICES.secretMonth.usd / DAYS_PER_MONTH + producerPerDay,
        10,
      );
    },
  );

  it.each(MODES)('adds 0.185 × 24 per minimum provisioned poller in %s', (mode) => {
    // Act
    const onDemand = estimateCost(defaults(mode));
    const provisioned = estimateCost(
      defaults(mode, { sinkPollers: { kind: 'provisioned', min: 3, max: 10 } }),
    );

    // Assess
    expect(provisioned.fixedPerDay - onDemand.fixedPerDay).toBeCloseTo(0.185 * 24 * 3, 10);
    expect(provisioned.pollersPerDay).toBeCloseTo(0.185 * 24 * 3, 10);
    expect(onDemand.pollersPerDay).toBe(0);
  });

  it('prices a million ticks as S3 PUTs, sink invocations, their compaction and a month of storage', () => {
    // Prepare
    const objects = 1e6 / 280;
    const expected =
      (objects / 1000) * PRICES.s3Put1000.usd +
      objects * (lambdaRequest + 0.3 * (512 / 1024) * gbSecond) +
      (objects / 1000) * PRICES.s3Get1000.usd +
      (1e6 / 15_900) * (2048 / 1024) * gbSecond +
      ((1e6 * 40) / 1e9) * PRICES.s3StandardGbMonth.usd;

    // Act
    const estimate = estimateCost(defaults('ec2'));

    // Assess
    expect(estimate.perMillionTicks).toBeCloseTo(expected, 12);
    expect(estimate.ticksPerDay).toBe(86_400);
  });

  it('adds the MSK Serverless data in and out to a million ticks in create', () => {
    // Prepare
    const wireGb = (1e6 * 150) / 1e9;

    // Act
    const ec2 = estimateCost(defaults('ec2'));
    const create = estimateCost(defaults('create'));

    // Assess
    expect(create.perMillionTicks - ec2.perMillionTicks).toBeCloseTo(wireGb * (0.1 + 0.05), 12);
  });

  it('writes fewer objects, so fewer PUTs and invocations, when more ticks go in each', () => {
    // Act
    const small = estimateCost(defaults('msk', { ticksPerObject: 100 }));
    const large = estimateCost(defaults('msk', { ticksPerObject: 1000 }));

    // Assess
    const puts = (lines: typeof small.marginal) => lines.find((line) => line.item === 'S3 PUTs')?.usd;
    expect(puts(small.marginal)).toBeCloseTo((1e4 / 1000) * 0.005, 12);
    expect(puts(large.marginal)).toBeCloseTo((1e3 / 1000) * 0.005, 12);
  });

  it('refuses an instance type it has no price for, naming the supported ones', () => {
    // Act
    const estimate = () => estimateCost(defaults('ec2', { ec2InstanceType: 'm7g.large' }));

    // Assess
    expect(estimate).toThrow(UnknownInstanceTypeError);
    expect(estimate).toThrow(
      'ec2InstanceType "m7g.large" has no price in resources/stack/prices.ts; supported types: t4g.small, t4g.medium, t4g.large',
    );
  });

  it('ignores ec2InstanceType outside ec2 mode', () => {
    expect(estimateCost(defaults('msk', { ec2InstanceType: 'm7g.large' })).ec2InstanceType).toBeUndefined();
  });

  it('refuses a schedule of zero seconds rather than print Infinity', () => {
    expect(() => estimateCost(defaults('msk', { scheduleSeconds: 0 }))).toThrow(RangeError);
  });
});

describe('formatCost', () => {
  it('prints the fixed and marginal figures, their main items, and what the prices are', () => {
    // Act
    const text = formatCost(estimateCost(defaults('ec2')));

    // Assess
    expect(text).toContain(
      'Estimated AWS cost of kafkaMode=ec2, at us-east-1 On-Demand prices of 2026-12-01, excluding free tier and taxes:',
    );
    expect(text).toContain('fixed $0.59/day: t4g.small $0.40, Elastic IP $0.12, 2 secrets $0.026');
    expect(text).toContain(
      'each million ticks $0.030 more: S3 PUTs $0.018, sink Lambda $0.0079, compaction $0.0031',
    );
    expect(text).toContain('at 1 ticks a second (86,400 a day)');
    expect(text).toContain('Prices and their sources: resources/stack/prices.ts');
  });

  it("says the cluster's own cost is not counted in msk and self-managed", () => {
    expect(formatCost(estimateCost(defaults('msk')))).toContain(
      "fixed $0.022/day plus your cluster's own cost:",
    );
  });

  it('says the prices are those of us-east-1 when the stack is elsewhere', () => {
    expect(formatCost(estimateCost(defaults('create', { region: 'eu-west-1' })))).toContain(
      'at us-east-1 On-Demand prices of 2026-12-01 (eu-west-1 may differ)',
    );
  });
});

describe('dailyCostProblem', () => {
  it('names maxDailyCost, the fixed figure, the limit and what to change when over it', () => {
    // Act
    const problem = dailyCostProblem(estimateCost(defaults('create')), 5);

    // Assess
    expect(problem).toBe(
      'maxDailyCost is 5 (US dollars a day) but kafkaMode=create costs an estimated $19.09/day before any ticks ' +
        '(MSK Serverless cluster $18.00, 2 interface endpoints × 2 AZs $0.96, 3 partitions $0.11; ' +
        'us-east-1 On-Demand prices of 2026-12-01): raise maxDailyCost to 19.09 or more, ' +
        'or kafkaMode=ec2 (one Kafka broker on EC2 instead of MSK Serverless)',
    );
  });

  it('suggests smaller instance types in ec2, and on-demand pollers when provisioned', () => {
    // Act
    const problem = dailyCostProblem(
      estimateCost(
        defaults('ec2', {
          ec2InstanceType: 't4g.large',
          sinkPollers: { kind: 'provisioned', min: 1, max: 2 },
        }),
      ),
      1,
    );

    // Assess
    expect(problem).toContain('sinkPollers=on-demand (the provisioned pollers cost $4.44/day)');
    expect(problem).toContain(
      'a smaller ec2InstanceType (t4g.large is $1.61/day; t4g.medium $0.81, t4g.small $0.40)',
    );
  });

  it('suggests another kafkaMode when already on the smallest instance type', () => {
    // Act
    const problem = dailyCostProblem(estimateCost(defaults('ec2', { ec2InstanceType: 't4g.small' })), 0.1);

    // Assess
    expect(problem).toContain('another kafkaMode (msk or self-managed, with a cluster you already run)');
  });

  it('lets a deploy within the limit, or without one, go ahead', () => {
    // Prepare
    const estimate = estimateCost(defaults('ec2'));

    // Assess
    expect(dailyCostProblem(estimate, 1)).toBeUndefined();
    expect(dailyCostProblem(estimate, undefined)).toBeUndefined();
  });
});

describe('the price table', () => {
  const allPrices: [string, Price][] = [
    ...Object.entries(PRICES),
    ...Object.entries(EC2_ON_DEMAND_HOURLY).map(([type, price]): [string, Price] => [`ec2 ${type}`, price]),
  ];

  it.each(allPrices)(
    'gives %s a unit, a us-east-1 AWS source, a confidence and the date it was checked',
    (_, p) => {
      expect(p.usd).toBeGreaterThan(0);
      expect(p.unit.length).toBeGreaterThan(0);
      expect(p.region).toBe('us-east-1');
      expect(p.source).toMatch(/^https:\/\/(aws\.amazon\.com|docs\.aws\.amazon\.com)\//);
      expect(['aws', 'secondary']).toContain(p.confidence);
      expect(p.checked).toBe('2026-12-01');
      expect(p.note.length).toBeGreaterThan(0);
    },
  );

  it('prices exactly the instance types the ec2 mode accepts', () => {
    expect(Object.keys(EC2_ON_DEMAND_HOURLY)).toEqual([...EC2_INSTANCE_TYPES]);
  });

  it('holds the figures of the design notes (facts.md, 2026-12-01)', () => {
    expect(
      Object.fromEntries(Object.entries(EC2_ON_DEMAND_HOURLY).map(([type, price]) => [type, price.usd])),
    ).toEqual({
      't4g.small': 0.0168,
      't4g.medium': 0.0336,
      't4g.large': 0.0672,
    });
    expect(PRICES.mskServerlessClusterHour.usd).toBe(0.75);
    expect(PRICES.mskServerlessPartitionHour.usd).toBe(0.0015);
    expect(PRICES.publicIpv4Hour.usd).toBe(0.005);
    expect(PRICES.esmProvisionedPollerHour.usd).toBe(0.185);
    expect(PRICES.lambdaArmGbSecond.usd).toBe(0.0000133334);
  });
});
