import { type LogEntry, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { type KafkaLogTarget, kafkaConfig, kafkaLogCreator } from '../../../shared/kafka';
import { aKafkaConnection } from '../../support/builders';

/** A log target that records what it is given. */
function recordingTarget() {
  const lines: [keyof KafkaLogTarget, string, Record<string, unknown>][] = [];
  const at =
    (level: keyof KafkaLogTarget) =>
    (message: string, extra: Record<string, unknown>): void => {
      lines.push([level, message, extra]);
    };
  const target: KafkaLogTarget = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { target, lines };
}

function entry(
  namespace: string,
  level: logLevel,
  message: string,
  extra: Record<string, unknown> = {},
): LogEntry {
  return {
    namespace,
    level,
    label: logLevel[level],
    log: { timestamp: '2026-11-26T15:03:05.020Z', logger: 'kafkajs', message, ...extra } as LogEntry['log'],
  };
}

describe('kafkaLogCreator', () => {
  it('passes entries on at their level, tagged with the namespace, the fields as structured data', () => {
    // Prepare
    const { target, lines } = recordingTarget();
    const log = kafkaLogCreator(target)(logLevel.WARN);

    // Act
    log(
      entry('Cluster', logLevel.ERROR, 'Failed to connect to seed broker', {
        broker: '127.0.0.1:29092',
        retryCount: 3,
      }),
    );
    log(entry('Consumer', logLevel.WARN, 'Topic partitions changed', { groupId: 'g' }));
    log(entry('Producer', logLevel.INFO, 'Producer connected', {}));

    // Assess
    expect(lines).toEqual([
      [
        'error',
        'kafkajs Cluster: Failed to connect to seed broker',
        { broker: '127.0.0.1:29092', retryCount: 3 },
      ],
      ['warn', 'kafkajs Consumer: Topic partitions changed', { groupId: 'g' }],
      ['info', 'kafkajs Producer: Producer connected', {}],
    ]);
  });

  it('logs a request answered with an error as a warning: kafkajs retries it, and the caller fails if that does not help', () => {
    // Prepare
    const { target, lines } = recordingTarget();

    // Act
    kafkaLogCreator(target)(logLevel.WARN)(
      entry('Connection', logLevel.ERROR, 'Response InitProducerId(key: 22, version: 1)', {
        broker: '127.0.0.1:29092',
        error: "The coordinator is loading and hence can't process requests for this group",
      }),
    );

    // Assess
    expect(lines).toEqual([
      [
        'warn',
        'kafkajs Connection: Response InitProducerId(key: 22, version: 1)',
        {
          broker: '127.0.0.1:29092',
          error: "The coordinator is loading and hence can't process requests for this group",
        },
      ],
    ]);
  });

  it("logs the warning about the producer's deliberate retry limit at debug", () => {
    // Prepare
    const { target, lines } = recordingTarget();

    // Act
    kafkaLogCreator(target)(logLevel.WARN)(
      entry(
        'Producer',
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );

    // Assess
    expect(lines.map(([level]) => level)).toEqual(['debug']);
  });
});

describe('kafkaConfig with a log target', () => {
  it('routes kafkajs logs to it, and leaves kafkajs its own logger without one', async () => {
    // Prepare
    const { target, lines } = recordingTarget();

    // Act
    const withTarget = await kafkaConfig(aKafkaConnection(), { log: target });
    const without = await kafkaConfig(aKafkaConnection());
    withTarget.logCreator!(logLevel.WARN)(entry('Cluster', logLevel.ERROR, 'Connection error'));

    // Assess
    expect(lines).toEqual([['error', 'kafkajs Cluster: Connection error', {}]]);
    expect(without.logCreator).toBeUndefined();
  });
});
