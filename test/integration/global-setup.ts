/**
 * vitest globalSetup of the integration project: brings the local Kafka broker and S3 server up
 * once per run (reusing any that already run, e.g. after `npm run local:up`), hands their
 * addresses to the tests, and at the end stops only what it started itself.
 *
 * In a test: `const env = inject('localEnv');`
 */
import type { TestProject } from 'vitest/node';
import { down, type LocalEnv, up } from '../../local/infra';

declare module 'vitest' {
  export interface ProvidedContext {
    localEnv: LocalEnv;
  }
}

const log = (line: string) => console.log(`[local-infra] ${line}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = await up({ log });
  project.provide('localEnv', env);
  return async () => {
    await down({ only: env.started, log });
  };
}
