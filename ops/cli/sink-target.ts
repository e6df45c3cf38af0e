import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { readStageParams } from '../../local/config/sls-params';
import { type LocalEnv, s3ClientConfig } from '../../local/infra';
import { projectRoot } from '../../local/paths';
import type { SinkPrefixes } from '../../shared/sink';

/** Where the local sink writes and which group it consumes as: what audit and quarantine work on. */
export interface SinkTarget {
  readonly topic: string;
  readonly groupId: string;
  readonly prefixes: SinkPrefixes;
  readonly s3: S3Client;
  readonly bucket: string;
}

export function sinkTarget(
  env: LocalEnv,
  overrides: { topic?: string; group?: string; prefix?: string; quarantinePrefix?: string } = {},
): SinkTarget {
  const params = readStageParams(join(projectRoot(), 'serverless.yml'), 'local', [
    'topic',
    'sinkConsumerGroupId',
  ]);
  return {
    topic: overrides.topic ?? params.topic,
    groupId: overrides.group ?? `${params.sinkConsumerGroupId}-local`,
    prefixes: {
      ticks: overrides.prefix ?? 'ticks/',
      quarantine: overrides.quarantinePrefix ?? 'quarantine/',
    },
    s3: new S3Client(s3ClientConfig(env.s3)),
    bucket: env.s3.bucket,
  };
}
