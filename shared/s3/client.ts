import { S3Client } from '@aws-sdk/client-s3';
import type { EnvReader } from '../config';

export interface S3Settings {
  readonly region: string;
  /** A non-AWS endpoint (the local S3 server); undefined means AWS itself. */
  readonly endpoint: string | undefined;
  readonly forcePathStyle: boolean;
  /** Attempts per request, including the first; the SDK backs off exponentially between them. */
  readonly maxAttempts: number;
}

/** Reads S3 client settings: S3_ENDPOINT, S3_FORCE_PATH_STYLE, S3_MAX_ATTEMPTS and AWS_REGION. */
export function readS3Settings(r: EnvReader): S3Settings {
  const endpoint = r.optional('S3_ENDPOINT', {
    pattern: /^https?:\/\/.+/,
    example: 'http://127.0.0.1:29090',
  });
  return {
    region: r.string('AWS_REGION', { default: 'us-east-1' }),
    endpoint,
    forcePathStyle:
      r.oneOf('S3_FORCE_PATH_STYLE', ['true', 'false'], { default: endpoint ? 'true' : 'false' }) === 'true',
    maxAttempts: r.int('S3_MAX_ATTEMPTS', { default: 8, min: 1, max: 20 }),
  };
}

/** One S3 client per container, with retries on throttling, 5xx and network errors. */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: settings.maxAttempts,
    retryMode: 'standard',
  });
}
