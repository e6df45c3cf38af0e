/**
 * The cost estimate of a stage: its parameters mapped onto cost.ts's input, printed by `sls
 * package` / `sls deploy` before anything is created, and held to `maxDailyCost`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SYMBOLS } from '../../shared/sources';
import { type CostEstimate, type CostInput, dailyCostProblem, estimateCost } from './cost';
import type { StackParams } from './parameters';

/** Memory of the two functions as serverless.yml sets them (a stack test compares the template). */
export const FUNCTION_MEMORY_MB = { producer: 256, sink: 512, compaction: 2048 } as const;
/** The broker's root volume: the Amazon Linux 2023 AMI's, beside the data volume. */
const EC2_ROOT_VOLUME_GIB = 8;

/** The alarms of monitoring.yml, counted where they are declared so the estimate follows them. */
export function alarmCount(): number {
  const yaml = readFileSync(join(import.meta.dirname, '..', 'cloudformation', 'monitoring.yml'), 'utf8');
  return yaml.match(/Type: AWS::CloudWatch::Alarm\b/g)?.length ?? 0;
}

export function stackCostInput(p: StackParams, region: string): CostInput {
  return {
    kafkaMode: p.kafkaMode,
    region,
    ...(p.kafkaMode === 'ec2'
      ? { ec2InstanceType: p.ec2InstanceType, ec2VolumeGiB: EC2_ROOT_VOLUME_GIB + (p.ec2VolumeGiB ?? 0) }
      : {}),
    ...(p.topicPartitions === undefined ? {} : { topicPartitions: p.topicPartitions }),
    sinkPollers: p.sinkPollers,
    onDemandEndpoints: p.kafkaMode === 'create' && p.sinkPollers.kind === 'on-demand',
    scheduleSeconds: p.scheduleRate.seconds,
    // Synthetic ticks are per symbol; a replay sends that many rows a second in all.
    ticksPerSecond:
      p.tickSource === 'synthetic'
        ? p.ticksPerSecond * (p.tickSymbols ?? DEFAULT_SYMBOLS).length
        : p.ticksPerSecond,
    alarms: alarmCount(),
    // Secrets the stack reads but does not create; ec2's own two are counted by the estimate.
    secrets: p.kafkaMode === 'self-managed' && p.kafkaScramSecretArn ? 1 : 0,
    producerMemoryMb: FUNCTION_MEMORY_MB.producer,
    sinkMemoryMb: FUNCTION_MEMORY_MB.sink,
    compactionMemoryMb: FUNCTION_MEMORY_MB.compaction,
  };
}

/** The estimate, and why it must stop the deploy when over `maxDailyCost`. */
export function stackCost(p: StackParams, region: string): { estimate: CostEstimate; problem?: string } {
  const estimate = estimateCost(stackCostInput(p, region));
  const problem = dailyCostProblem(estimate, p.maxDailyCost);
  return problem === undefined ? { estimate } : { estimate, problem };
}
