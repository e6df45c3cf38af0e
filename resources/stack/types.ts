/** CloudFormation as the generators write it: plain JSON with intrinsic functions inside. */

/** A CloudFormation value: a literal, or an intrinsic such as `{ Ref: 'TicksBucket' }`. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation fragments are free-form JSON.
export type Cfn = any;

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Cfn>;
  readonly DependsOn?: string | readonly string[];
  readonly DeletionPolicy?: 'Delete' | 'Retain' | 'Snapshot';
  readonly UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
  readonly Metadata?: Record<string, Cfn>;
}

export type Resources = Record<string, Resource>;

/** An IAM policy statement of a function's own role. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: Cfn;
  readonly Condition?: Cfn;
}

/** `Fn::Sub` of a text (CloudFormation's `${…}` stays literal for CloudFormation). */
export const sub = (text: string): Cfn => ({ 'Fn::Sub': text });

/** A checkov suppression per finding, kept next to the resource it concerns, with its reason. */
export const checkovSkips = (...checks: readonly (readonly [id: string, comment: string])[]): Cfn => ({
  checkov: { skip: checks.map(([id, comment]) => ({ id, comment })) },
});
