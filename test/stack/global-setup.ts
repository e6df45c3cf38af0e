import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { down, type LocalEnv, up } from '../../local/infra';
import { ensureLambdaNode } from '../../local/tools/lambda-node';
import { ensurePythonTools, type PythonTools } from '../../local/tools/python-tools';
import { inBatches, ROOT, slsPackage } from './support/package';
import { VARIANT_NAMES, VARIANTS, type VariantName } from './support/variants';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of each packaged variant; its template is in .serverless/. */
    stackDirs: Record<VariantName, string>;
    pythonTools: PythonTools;
    /** The Lambda runtime's Node.js (nodejs22.x), for loading the packaged functions. */
    lambdaNode: string;
    localEnv: LocalEnv;
  }
}

/**
 * Once per run of the `stack` project: packages every variant with `sls package` (two at a time,
 * the machine has two cores), makes sure the Python linters are in .venv/ and the Lambda runtime's
 * Node.js in .local/, and brings up the local Kafka and S3 the packaged functions are run against
 * (reusing them when the integration project or `npm run local:up` already did).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const log = (line: string) => console.log(`[stack] ${line}`);
  const [tools, runs, lambdaNode, env] = await Promise.all([
    ensurePythonTools(ROOT, log),
    inBatches(VARIANT_NAMES, 2, (name) => slsPackage(name, VARIANTS[name])),
    ensureLambdaNode(ROOT, log),
    up({ log, services: ['kafka', 's3', 'kafkaScram'] }),
  ]);
  const failed = runs.filter((run) => run.code !== 0);
  if (failed.length > 0) {
    for (const run of runs) rmSync(run.dir, { recursive: true, force: true });
    await down({ only: env.started, log });
    throw new Error(
      `sls package failed:\n${failed.map((run) => `${run.dir}\n${run.stdout}\n${run.stderr}`).join('\n---\n')}`,
    );
  }
  console.log(`stack: packaged ${runs.length} variants in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const dirs = Object.fromEntries(VARIANT_NAMES.map((name, i) => [name, runs[i]!.dir])) as Record<
    VariantName,
    string
  >;
  project.provide('stackDirs', dirs);
  project.provide('pythonTools', tools);
  project.provide('lambdaNode', lambdaNode);
  project.provide('localEnv', env);
  return async () => {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
    await down({ only: env.started, log });
  };
}
