import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaRuntimeVariables } from '../../support/aws-fixtures';
import { ROOT } from './package';
import { readZip } from './zip';

const BOOTSTRAP = fileURLToPath(new URL('./lambda-bootstrap.cjs', import.meta.url));

/** How one invocation ended: in the module scope (a failed cold start) or in the handler. */
export type Outcome =
  | {
      readonly phase: 'init' | 'invoke';
      readonly ok: false;
      readonly error: { name: string; message: string };
    }
  | { readonly phase: 'invoke'; readonly ok: true; readonly result: unknown };

export interface Invocation {
  readonly outcome: Outcome;
  /** What the function wrote to stdout and stderr (CloudWatch Logs, in AWS). */
  readonly logs: string;
}

export interface PackagedFunction {
  /** The deployment package `sls package` wrote, or the template's inline code (Code.ZipFile). */
  readonly code: { readonly zip: string } | { readonly inline: string };
  /** The function's Handler setting, e.g. functions/sink-ticks/handler.handler. */
  readonly handler: string;
  readonly functionName: string;
  readonly memorySize: number;
  /** The Environment.Variables the template gives it, intrinsics already resolved. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * Unpacks a deployment package into a fresh folder outside the project, so nothing can resolve
 * from the project's node_modules: only what the zip holds, plus what the runtime provides.
 */
export function unpack(zip: string): string {
  const base = join(tmpdir(), 'stock-ticks-artifacts');
  mkdirSync(base, { recursive: true });
  const task = mkdtempSync(join(base, 'task-'));
  for (const [name, data] of readZip(zip)) {
    mkdirSync(dirname(join(task, name)), { recursive: true });
    writeFileSync(join(task, name), data);
  }
  return task;
}

/** A task folder holding inline code as CloudFormation deploys it: one file, index.js. */
function inlineTask(code: string): string {
  const base = join(tmpdir(), 'stock-ticks-artifacts');
  mkdirSync(base, { recursive: true });
  const task = mkdtempSync(join(base, 'inline-'));
  writeFileSync(join(task, 'index.js'), code);
  return task;
}

/**
 * The modules the nodejs22.x runtime provides beside the function: the AWS SDK for JavaScript v3
 * clients (Lambda Developer Guide, "Building Lambda functions with Node.js": the Node.js 18 and
 * later runtimes include the SDK v3). Exactly the `@aws-sdk/client-*` packages the bundles leave
 * out, linked from the project's install; anything else a bundle requires fails to load, as it
 * would in Lambda.
 */
let runtimeModulesDir: string | undefined;
export function runtimeModules(): string {
  // One folder per test process: the links never change.
  if (runtimeModulesDir) return runtimeModulesDir;
  const base = join(tmpdir(), 'stock-ticks-artifacts');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'runtime-'));
  const scope = join(dir, 'node_modules', '@aws-sdk');
  mkdirSync(scope, { recursive: true });
  for (const name of readdirSync(join(ROOT, 'node_modules', '@aws-sdk'))) {
    if (name.startsWith('client-'))
      symlinkSync(join(ROOT, 'node_modules', '@aws-sdk', name), join(scope, name));
  }
  return join(dir, 'node_modules');
}

/** Not Lambda's: keeps the SDK from looking for EC2 instance credentials on this machine. */
const TEST_ONLY = { AWS_EC2_METADATA_DISABLED: 'true' };

/**
 * Invokes a packaged function once, as Lambda would: the runtime's Node.js, the package unpacked
 * in its own folder, the template's environment plus the variables the runtime itself defines
 * (Lambda Developer Guide, "Defined runtime environment variables",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime,
 * read 2026-12-01), and `extraEnv` for what only a test needs (where the local servers are).
 * Nothing of this process's environment leaks in.
 */
export async function invokePackaged(
  node: string,
  fn: PackagedFunction,
  event: unknown,
  opts: {
    readonly extraEnv?: Record<string, string>;
    readonly timeoutMs?: number;
    readonly region?: string;
  } = {},
): Promise<Invocation> {
  const task = 'zip' in fn.code ? unpack(fn.code.zip) : inlineTask(fn.code.inline);
  const runtimeDir = runtimeModules();
  const region = opts.region ?? 'us-east-1';
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const resultFile = join(task, '.outcome.json');
  const jobFile = join(task, '.job.json');
  writeFileSync(
    jobFile,
    JSON.stringify({
      handler: fn.handler,
      event,
      timeoutMs,
      resultFile,
      requestId: randomUUID(),
      invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${fn.functionName}`,
    }),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/12/01/[$LATEST]0123456789abcdef0123456789abcdef',
    // The execution role's temporary credentials; nothing here reaches AWS.
    AWS_ACCESS_KEY_ID: 'ASIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'test-session-token',
    LAMBDA_TASK_ROOT: task,
    LAMBDA_RUNTIME_DIR: dirname(runtimeDir),
    NODE_PATH: runtimeDir,
    _HANDLER: fn.handler,
    ...fn.environment,
    ...TEST_ONLY,
    ...opts.extraEnv,
  };
  // Every variable the stand-in runtime defines is one Lambda documents defining.
  const documented = new Set(lambdaRuntimeVariables());
  const invented = Object.keys(env).filter(
    (name) =>
      !documented.has(name) &&
      !(name in fn.environment) &&
      !(name in TEST_ONLY) &&
      !(name in (opts.extraEnv ?? {})),
  );
  if (invented.length > 0)
    throw new Error(`Not a documented Lambda runtime variable: ${invented.join(', ')}`);
  const logs = await new Promise<string>((resolve, reject) => {
    const child = spawn(node, [BOOTSTRAP, jobFile], { cwd: task, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 10_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(killer);
      resolve(out);
    });
  });
  if (!existsSync(resultFile)) throw new Error(`${fn.functionName}: the runtime reported nothing\n${logs}`);
  return { outcome: JSON.parse(readFileSync(resultFile, 'utf8')) as Outcome, logs };
}
