import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createLogger } from '../../shared/logging';
import { createMetrics } from '../../shared/metrics';
import { createProducerHandler, loadProducerConfig } from '../../shared/producer';

// Module scope runs once per container: a bad configuration fails the cold start with a message
// naming every variable to fix, and the Kafka connection is reused by warm invocations.
const logger = createLogger('produce-ticks');
const metrics = createMetrics('produce-ticks');
const config = loadProducerConfig(process.env);

/** EventBridge schedule -> the interval's ticks -> Kafka. */
export const handler = middy(createProducerHandler(config, logger, undefined, metrics))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
