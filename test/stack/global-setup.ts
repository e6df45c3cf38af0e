import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { ensurePythonTools, type PythonTools } from '../../local/tools/python-tools';
import { inBatches, ROOT, slsPackage } from './support/package';
import { VARIANT_NAMES, VARIANTS, type VariantName } from './support/variants';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of each packaged variant; its template is in .serverless/. */
    stackDirs: Record<VariantName, string>;
    pythonTools: PythonTools;
  }
}

/**
 * Once per run of the `stack` project: packages every variant with `sls package` (two at a time,
 * the machine has two cores) and makes sure cfn-lint and checkov are installed in .venv/.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const started = Date.now();
  const [tools, runs] = await Promise.all([
    ensurePythonTools(ROOT, (line) => console.log(line)),
    inBatches(VARIANT_NAMES, 2, (name) => slsPackage(name, VARIANTS[name])),
  ]);
  const failed = runs.filter((run) => run.code !== 0);
  if (failed.length > 0) {
    for (const run of runs) rmSync(run.dir, { recursive: true, force: true });
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
  return () => {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  };
}
