import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createLogger } from '../../shared/logging';
import { createMetrics } from '../../shared/metrics';
import { createSinkHandler, loadSinkConfig } from '../../shared/sink';

// Module scope runs once per container: a bad configuration fails the cold start with a message
// naming every variable to fix, and the S3 client is reused by warm invocations.
const logger = createLogger('sink-ticks');
const metrics = createMetrics('sink-ticks');
const config = loadSinkConfig(process.env);

/** Kafka event source mapping batch (MSK or self-managed) -> S3 objects by date, bad records quarantined. */
export const handler = middy(createSinkHandler(config, logger, undefined, metrics))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
