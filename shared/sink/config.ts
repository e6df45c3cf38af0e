import { EnvReader } from '../config';
import { BUCKET, PREFIX } from '../rules';
import { readS3Settings, type S3Settings } from '../s3';
import { DEFAULT_MIN_EVENT_TIME } from '../tick';
import type { SinkPrefixes } from './plan';

export interface SinkConfig {
  readonly bucket: string;
  readonly prefixes: SinkPrefixes;
  /** Earliest accepted event time, epoch ms. */
  readonly minEventTimeMs: number;
  readonly s3: S3Settings;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/;

/** Reads and validates the sink's configuration; throws one ConfigError naming every bad variable. */
export function loadSinkConfig(env: Readonly<Record<string, string | undefined>>): SinkConfig {
  const r = new EnvReader(env);
  const bucket = r.string('TICKS_BUCKET', { pattern: BUCKET, example: 'my-ticks-bucket' });
  const ticks = r.string('TICKS_PREFIX', { default: 'ticks/', pattern: PREFIX, example: 'ticks/' });
  const quarantine = r.string('QUARANTINE_PREFIX', {
    default: 'quarantine/',
    pattern: PREFIX,
    example: 'quarantine/',
  });
  if (ticks.startsWith(quarantine) || quarantine.startsWith(ticks)) {
    r.problem('QUARANTINE_PREFIX', `must not overlap TICKS_PREFIX (${ticks})`, 'quarantine/');
  }
  const minEventTime = r.string('MIN_EVENT_TIME', {
    default: DEFAULT_MIN_EVENT_TIME,
    pattern: ISO,
    example: '2000-01-01',
  });
  const minEventTimeMs = Date.parse(minEventTime);
  if (Number.isNaN(minEventTimeMs))
    r.problem('MIN_EVENT_TIME', `is "${minEventTime}", not a real date`, '2000-01-01');
  const config: SinkConfig = {
    bucket,
    prefixes: { ticks, quarantine },
    minEventTimeMs,
    s3: readS3Settings(r),
  };
  r.done();
  return config;
}
