import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../local/paths';

/** The project root (vitest runs from it). */
/** The project root (the one root finder, local/paths.ts). */
export const ROOT = PROJECT_ROOT;

// What `sls package` reads, set up in a folder per run so parallel runs never share the
// framework's and esbuild's work folders (.serverless/, .esbuild/). Folders are linked;
// serverless.yml is copied (osls does not accept a linked service file).
const LINKED = ['package.json', 'tsconfig.json', 'node_modules', 'resources', 'functions', 'shared'];
const COPIED = ['serverless.yml'];

export interface SlsRun {
  readonly dir: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh service folder under the OS temp folder whose entries link to the project's. */
export function serviceDir(label: string): string {
  const base = join(tmpdir(), 'stock-ticks-stack-tests');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${label}-`));
  for (const entry of LINKED) symlinkSync(join(ROOT, entry), join(dir, entry));
  for (const entry of COPIED) copyFileSync(join(ROOT, entry), join(dir, entry));
  return dir;
}

/**
 * Runs `sls package` (osls) for the given stack parameters in its own folder, with no AWS
 * credentials at all: no AWS_* variables, and HOME pointing at an empty folder so that no
 * ~/.aws profile is found either. Packaging must not need an account.
 */
export function slsPackage(label: string, params: Record<string, string>, stage = 'test'): Promise<SlsRun> {
  return sls('package', label, params, stage);
}

/** Runs an osls command the same way; `deploy` is only ever run with parameters that must fail. */
export function sls(
  command: 'package' | 'deploy',
  label: string,
  params: Record<string, string>,
  stage = 'test',
): Promise<SlsRun> {
  const dir = serviceDir(label);
  mkdirSync(join(dir, '.home'));
  const args = [
    join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'),
    command,
    '--stage',
    stage,
    ...Object.entries(params).map(([name, value]) => `--param=${name}=${value}`),
  ];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: join(dir, '.home'),
        AWS_EC2_METADATA_DISABLED: 'true',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        FORCE_COLOR: '0',
        CI: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ dir, code, stdout, stderr }));
  });
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of results. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** A packaged template. */
export interface Template {
  readonly Resources: Record<string, Resource>;
  readonly Outputs?: Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped; the tests assert its shape.
export type Cfn = any;

export interface Resource {
  readonly Type: string;
  readonly Properties: Cfn;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Cfn;
  readonly Condition?: string;
}

export function templatePath(dir: string): string {
  return join(dir, '.serverless', 'cloudformation-template-update-stack.json');
}

export function readTemplate(dir: string): Template {
  return JSON.parse(readFileSync(templatePath(dir), 'utf8')) as Template;
}
