/**
 * vitest globalSetup of the integration project: brings the local Kafka broker, S3 server and Trino up
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
  // Trino too: the tests ask their questions in Athena SQL, on Athena's engine.
  // The SASL_SSL broker of kafkaMode=ec2's boot script too: the pipeline runs over it as well.
  const env = await up({ services: ['kafka', 's3', 'trino', 'kafkaScram'], log });
  project.provide('localEnv', env);
  return async () => {
    await down({ only: env.started, log });
  };
}
