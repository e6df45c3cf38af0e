import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured JSON logger of a function. Level and sampling come from the standard
 * POWERTOOLS_LOG_LEVEL / POWERTOOLS_LOGGER_SAMPLE_RATE variables.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}
