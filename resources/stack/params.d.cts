/** Types of params.cjs (plain CommonJS, loaded by the framework), for the TypeScript tests. */

export declare const KAFKA_MODES: readonly ['msk', 'self-managed', 'create'];

export declare const PARAMETERS: Readonly<
  Record<string, { readonly example: string; readonly modes?: readonly string[]; readonly describe?: string }>
>;

/** Validated, normalised parameters; fields of other Kafka modes are absent. */
export type StackParams = Readonly<Record<string, unknown>> & {
  readonly kafkaMode?: 'msk' | 'self-managed' | 'create';
  readonly provisionedPollers?: { readonly min: number; readonly max: number };
};

export declare function validateParams(
  raw: Readonly<Record<string, unknown>>,
  region: string,
  options?: { readonly unknownNames?: readonly string[] },
): { params: StackParams; problems: string[] };

export declare function parameterExamples(): Record<string, string>;

/** Seconds between runs of `rate(N unit)`, or undefined when malformed. */
export declare function rateSeconds(expression: string): number | undefined;
