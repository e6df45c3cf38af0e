import type { Logger } from '@aws-lambda-powertools/logger';
import { type MetricsTarget, recordSunk } from '../metrics';
import { createS3Client } from '../s3';
import type { SinkConfig } from './config';
import { type SinkSummary, sinkBatch } from './sink';
import { type ObjectStore, s3ObjectStore } from './store';

/** The sink's Lambda logic, built once per container around one S3 client. */
export function createSinkHandler(
  config: SinkConfig,
  logger: Pick<Logger, 'info' | 'warn'>,
  store: ObjectStore = s3ObjectStore(createS3Client(config.s3), config.bucket),
  /** Where the batch's ticks, bytes and freshness go (Powertools Metrics, EMF); none when absent. */
  metrics?: MetricsTarget,
): (event: unknown) => Promise<Omit<SinkSummary, 'keys'>> {
  const eventTimeWindow = { minMs: config.minEventTimeMs, now: Date.now };
  return async (event) => {
    const { keys, ...summary } = await sinkBatch(event, store, {
      prefixes: config.prefixes,
      eventTimeWindow,
    });
    if (summary.quarantined > 0) {
      logger.warn('records quarantined', {
        quarantined: summary.quarantined,
        prefix: config.prefixes.quarantine,
      });
    }
    if (metrics) recordSunk(metrics, summary, Date.now());
    logger.info('batch written', { ...summary, keys });
    return summary;
  };
}
