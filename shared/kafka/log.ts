import { type LogEntry, type logCreator, logLevel } from 'kafkajs';

/** A structured logger kafkajs's entries can go to, such as the function's Powertools Logger. */
export interface KafkaLogTarget {
  debug(message: string, extra: Record<string, unknown>): void;
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

type Level = keyof KafkaLogTarget;

const LEVELS: Partial<Record<logLevel, Level>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

// Set on purpose in client.ts: a producer that cannot reach Kafka fails the run quickly and the
// schedule retries it with the same deterministic ticks, which the ticks view counts once.
const LIMITED_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * The level an entry is logged at. kafkajs logs every request answered with an error at ERROR and
 * then retries it (a broker still electing leaders or loading a coordinator answers so for a few
 * seconds after it starts); the operation that made the request throws if the retries do not
 * help, and that is the error worth an alarm. So those entries are warnings here, and the known
 * warning about the producer's deliberate retry limit is debug.
 */
function kafkaLogLevel(entry: Pick<LogEntry, 'namespace' | 'level' | 'log'>): Level | undefined {
  if (entry.log.message === LIMITED_RETRIES_WARNING) return 'debug';
  if (
    entry.level === logLevel.ERROR &&
    entry.namespace === 'Connection' &&
    entry.log.message.startsWith('Response ')
  )
    return 'warn';
  return LEVELS[entry.level];
}

/**
 * A kafkajs logCreator writing every entry to `target` as `kafkajs <namespace>: <message>`, with
 * the entry's own fields (broker, clientId, error, …) as structured data.
 *
 * @example new Kafka({ brokers, logCreator: kafkaLogCreator(logger) })
 */
export function kafkaLogCreator(target: KafkaLogTarget): logCreator {
  return () => (entry) => {
    const level = kafkaLogLevel(entry);
    if (!level) return;
    const {
      message,
      timestamp: _timestamp,
      logger: _logger,
      ...extra
    } = entry.log as typeof entry.log & {
      logger?: unknown;
    };
    target[level](`kafkajs ${entry.namespace}: ${message}`, extra);
  };
}
