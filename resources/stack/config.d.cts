/** Types of config.cjs (plain CommonJS, loaded by the framework), for the TypeScript tests. */
import type { StackParams } from './params.cjs';

/** What serverless.yml reads from `custom.stack`; CloudFormation fragments are untyped. */
export interface StackConfig {
  readonly params: StackParams;
  readonly kafkaMode: 'msk' | 'self-managed' | 'create';
  readonly sinkEvent: 'msk' | 'kafka';
  readonly producerEnvironment: Record<string, unknown>;
  readonly producerVpc: unknown;
  readonly producerStatements: unknown[];
  readonly sinkStatements: unknown[];
  readonly resources: {
    readonly Resources: Record<string, unknown>;
    readonly Outputs: Record<string, unknown>;
  };
  readonly extensions: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export declare function buildStack(
  params: StackParams,
  names: { readonly service: string; readonly stage: string },
): StackConfig;

export declare function mappingLogicalId(mode: string, clusterToken: string, topic: string): string;

export declare const TICKS_PREFIX: 'ticks/';
export declare const QUARANTINE_PREFIX: 'quarantine/';
export declare const ATHENA_RESULTS_PREFIX: 'athena-results/';
