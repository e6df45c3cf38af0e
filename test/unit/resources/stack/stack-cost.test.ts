import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSlsParams } from '../../../../local/config/sls-params';
import { readParameters, type StackParams } from '../../../../resources/stack/parameters';
import { alarmCount, stackCost, stackCostInput } from '../../../../resources/stack/stack-cost';

// The stack's defaults, read from serverless.yml as the local harness reads them.
const DEFAULTS = readSlsParams(new URL('../../../../serverless.yml', import.meta.url).pathname, 'default');

function params(overrides: Record<string, string>): StackParams {
  const { params, problems } = readParameters({ ...DEFAULTS, ...overrides }, 'us-east-1');
  expect(problems).toEqual([]);
  return params;
}

describe('stackCostInput', () => {
  it('counts every synthetic symbol, the broker volumes root and data, and the ec2 defaults', () => {
    const input = stackCostInput(params({ kafkaMode: 'ec2' }), 'us-east-1');
    expect(input).toMatchObject({
      kafkaMode: 'ec2',
      ec2InstanceType: 't4g.small',
      ec2VolumeGiB: 8 + 20,
      ticksPerSecond: 14,
      scheduleSeconds: 60,
      secrets: 0,
      onDemandEndpoints: false,
    });
  });

  it('prices each function at the memory serverless.yml gives it', () => {
    const yml = readFileSync(new URL('../../../../serverless.yml', import.meta.url), 'utf8');
    // A function's own memorySize, or the provider's when it sets none.
    const provider = Number(/\nprovider:\n(?: {2}.*\n)*? {2}memorySize: (\d+)/.exec(yml)?.[1]);
    const memoryOf = (fn: string) => {
      const block = new RegExp(`\\n  ${fn}:\\n((?:    .*\\n|\\s*\\n)*)`).exec(yml)?.[1] ?? '';
      return Number(/^ {4}memorySize: (\d+)$/m.exec(block)?.[1] ?? provider);
    };
    expect(provider).toBeGreaterThan(0);
    expect(stackCostInput(params({ kafkaMode: 'ec2' }), 'us-east-1')).toMatchObject({
      producerMemoryMb: memoryOf('produceTicks'),
      sinkMemoryMb: memoryOf('sinkTicks'),
      compactionMemoryMb: memoryOf('compactTicks'),
    });
  });

  it('takes a replay rate as it is, and the symbols given', () => {
    const replay = params({
      kafkaMode: 'create',
      tickSource: 'replay',
      replayCsvUri: 's3://my-data-bucket/tutorial/indexProcessed.csv',
      ticksPerSecond: '3',
    });
    expect(stackCostInput(replay, 'us-east-1')).toMatchObject({ ticksPerSecond: 3, onDemandEndpoints: true });
    const two = params({ kafkaMode: 'create', tickSymbols: 'NYA,N225', ticksPerSecond: '2' });
    expect(stackCostInput(two, 'us-east-1').ticksPerSecond).toBe(4);
  });

  it('counts the SCRAM secret a self-managed stage reads', () => {
    const scram = params({
      kafkaMode: 'self-managed',
      kafkaAuth: 'scram',
      kafkaBrokers: 'k.example.com:9096',
      kafkaScramSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:MyBrokerSecretName',
    });
    expect(stackCostInput(scram, 'us-east-1').secrets).toBe(1);
  });
});

describe('alarmCount', () => {
  it('counts the alarms monitoring.yml declares', () => {
    const yaml = readFileSync(
      new URL('../../../../resources/cloudformation/monitoring.yml', import.meta.url),
      'utf8',
    );
    expect(alarmCount()).toBe(yaml.split('Type: AWS::CloudWatch::Alarm').length - 1);
    expect(alarmCount()).toBeGreaterThan(0);
  });
});

describe('stackCost', () => {
  it('lets ec2 under a dollar a day through, and stops create there with what to change', () => {
    expect(stackCost(params({ kafkaMode: 'ec2', maxDailyCost: '1' }), 'us-east-1').problem).toBeUndefined();
    const create = stackCost(params({ kafkaMode: 'create', maxDailyCost: '1' }), 'us-east-1');
    expect(create.estimate.fixedPerDay).toBeGreaterThan(19);
    expect(create.problem).toContain('kafkaMode=ec2 (one Kafka broker on EC2 instead of MSK Serverless)');
  });
});
