import type { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ScheduledEvent } from 'aws-lambda';
import { createKafka, createTickPublisher, type KafkaLogTarget, type TickPublisher } from '../kafka';
import { type MetricsTarget, recordProduced } from '../metrics';
import { createS3Client, type S3Settings } from '../s3';
import { loadReplayRows, type ReplayRow } from '../sources';
import type { ProducerConfig } from './config';
import { type ProduceSummary, produceTicks } from './produce';

/**
 * The producer's Lambda logic, built once per container: the Kafka client, the producer
 * connection and the replay rows live across warm invocations.
 */
export function createProducerHandler(
  config: ProducerConfig,
  logger: Pick<Logger, 'info'> & KafkaLogTarget,
  publisher: TickPublisher = createTickPublisher(
    () => createKafka(config.kafka, { log: logger }),
    config.topic,
    config.kafka.auth,
  ),
  /** Where the run's tick count goes (Powertools Metrics, EMF); none when absent. */
  metrics?: MetricsTarget,
): (event: Partial<ScheduledEvent>) => Promise<ProduceSummary> {
  let rows: Promise<readonly ReplayRow[]> | undefined;
  const replayRows = () => {
    rows ??= loadReplayRows(config.replayCsvUri!, readS3Text(config.s3)).catch((error) => {
      rows = undefined;
      throw error;
    });
    return rows;
  };
  return async (event) => {
    // EventBridge's `time` is the scheduled time; a retry carries the same one. Manual
    // invocations without it use the current time.
    const scheduledMs = event.time ? Date.parse(event.time) : Date.now();
    const summary = await produceTicks(config, { publisher, replayRows }, scheduledMs);
    if (metrics) recordProduced(metrics, summary);
    logger.info('ticks produced', { ...summary });
    return summary;
  };
}

function readS3Text(settings: S3Settings) {
  let s3: S3Client | undefined;
  return async (bucket: string, key: string): Promise<string> => {
    s3 ??= createS3Client(settings);
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  };
}
