import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

/**
 * Reads the stage parameters from serverless.yml (`params.default`, overridden by
 * `params.<stage>`), so the local scheduler and event-source-mapping emulator run with exactly
 * the settings the deployed stack uses. Only literal values are meaningful here.
 */
export function readSlsParams(path: string, stage = 'local'): Record<string, unknown> {
  // serverless.yml may hold CloudFormation tags (!Ref, !Sub …): parse them as plain values.
  const doc = parseDocument(readFileSync(path, 'utf8'), { logLevel: 'silent', strict: false });
  const params = (doc.toJS({ maxAliasCount: -1 })?.params ?? {}) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  return { ...(params.default ?? {}), ...(params[stage] ?? {}) };
}

/** A parameter that must be a whole number in range; the error names the parameter. */
export function intParam(params: Record<string, unknown>, name: string, min: number, max: number): number {
  const value = Number(params[name]);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(
      `serverless.yml params.${name} is ${JSON.stringify(params[name])}: expected a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** A parameter that must be one of some words. */
export function enumParam<const T extends string>(
  params: Record<string, unknown>,
  name: string,
  values: readonly T[],
): T {
  const value = params[name];
  if (!values.includes(value as T)) {
    throw new Error(
      `serverless.yml params.${name} is ${JSON.stringify(value)}: expected one of ${values.join(', ')}`,
    );
  }
  return value as T;
}

/** A string parameter. */
export function stringParam(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`serverless.yml params.${name} is ${JSON.stringify(value)}: expected a non-empty string`);
  }
  return value;
}
