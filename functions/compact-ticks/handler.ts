import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createCompactionHandler, loadCompactionJobConfig } from '../../shared/compaction-job';
import { createLogger } from '../../shared/logging';
import { createMetrics } from '../../shared/metrics';

// Module scope runs once per container: a bad configuration fails the cold start with a message
// naming every variable to fix.
const logger = createLogger('compact-ticks');
const metrics = createMetrics('compact-ticks');
const config = loadCompactionJobConfig(process.env);

/** Daily schedule (or `{"dt":"YYYY-MM-DD"}`) -> each closed day's partitions in one file each, sealed. */
export const handler = middy(createCompactionHandler(config, logger, { metrics, kafkaLog: logger }))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
