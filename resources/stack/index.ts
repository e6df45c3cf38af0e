/**
 * `custom.stack` of serverless.yml: validates the stage's parameters and derives what each Kafka
 * mode needs. Runs while the framework resolves variables, i.e. before `sls package` or `sls
 * deploy` touch anything: a bad parameter stops there, with a message naming it and a valid
 * example. TypeScript, loaded by config.cjs through tsx (the framework loads only JavaScript).
 *
 *   serverless.yml:  custom.stack: ${file(resources/stack/config.cjs):stack}
 */
import { buildStack, type StackConfig } from './build';
import { formatCost } from './cost';
import { PARAMETERS, readParameters } from './parameters';
import { stackCost } from './stack-cost';

export type { StackConfig } from './build';
export { buildStack } from './build';
export { mappingLogicalId } from './names';
export type { StackParams } from './parameters';
export { PARAMETERS, rateSeconds, readParameters, readSomeParameters } from './parameters';

/** What the framework hands a `${file(...):stack}` resolver. */
interface FrameworkIo {
  readonly options: { readonly param?: readonly string[] } & Record<string, unknown>;
  readonly resolveVariable: (variable: string) => Promise<unknown>;
  readonly resolveConfigurationProperty: (path: string[]) => Promise<unknown>;
}

/** A user-facing error: the framework prints `error.stack`, so make that the message alone. */
function parameterError(problems: readonly string[]): Error {
  const message = [
    `Invalid stack parameters (${problems.length}). Set them with --param="name=value" or under params.<stage> in serverless.yml:`,
    ...problems.map((p) => `  - ${p}`),
  ].join('\n');
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * Parameter names given on the command line or in the deployed stage's params block that the
 * stack does not know (typos). `params.default` is left alone: local tools may keep settings of
 * their own there, and a misspelt stack parameter there shows up as missing anyway.
 */
async function unknownParamNames(io: FrameworkIo, stage: string): Promise<string[]> {
  const names = new Set<string>();
  for (const item of io.options.param ?? []) names.add(String(item).split('=')[0] as string);
  const params = ((await io.resolveConfigurationProperty(['params'])) ?? {}) as Record<
    string,
    object | undefined
  >;
  for (const name of Object.keys(params[stage] ?? {})) names.add(name);
  return [...names].filter((name) => !(name in PARAMETERS));
}

let printed = false;
/** The framework may resolve `custom.stack` more than once; the estimate is printed once, on stderr. */
function printOnce(text: string): void {
  if (printed) return;
  printed = true;
  process.stderr.write(text);
}

/** Everything serverless.yml reads from `custom.stack`. */
export async function stack(io: FrameworkIo): Promise<StackConfig> {
  const service = String(await io.resolveConfigurationProperty(['service']));
  const stage = String(await io.resolveVariable('sls:stage'));
  const region = String(await io.resolveConfigurationProperty(['provider', 'region']));

  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(PARAMETERS)) {
    // `, null`: an unset parameter resolves to null instead of failing the whole configuration.
    raw[name] = await io.resolveVariable(`param:${name}, null`);
  }
  const { params, problems } = readParameters(raw, region, {
    unknownNames: await unknownParamNames(io, stage),
  });
  if (problems.length > 0) throw parameterError(problems);
  const { estimate, problem } = stackCost(params, region);
  if (problem) throw parameterError([problem]);
  printOnce(`${formatCost(estimate)}\n`);
  return buildStack(params, { service, stage });
}
