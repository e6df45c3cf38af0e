import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { type ParameterName, readSomeParameters, type StackParams } from '../../resources/stack/parameters';
import { ConfigError } from '../../shared/config';

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

/**
 * The named stage parameters of serverless.yml, checked by the stack's own parameter table, so a
 * value the deployed stack would refuse fails the local run too, with the same message. Throws one
 * ConfigError listing every bad one.
 *
 * @example const { topic, sinkBatchSize } = readStageParams('serverless.yml', 'local', ['topic', 'sinkBatchSize']);
 */
export function readStageParams<const N extends ParameterName>(
  path: string,
  stage: string,
  names: readonly N[],
): Required<Pick<StackParams, N>> {
  const { params, problems } = readSomeParameters(readSlsParams(path, stage), names);
  const missing = names.filter(
    (name) => params[name] === undefined && !problems.some((p) => p.startsWith(`${name} `)),
  );
  const all = [...problems, ...missing.map((name) => `${name} is missing`)];
  if (all.length > 0) throw new ConfigError(all.map((p) => `serverless.yml params: ${p}`));
  return params as Required<Pick<StackParams, N>>;
}
