import { describe, expect, test } from 'vitest';
import {
  escapeProperty,
  kafkaJavaArgs,
  kafkaLog4j2Properties,
  kafkaMarker,
  kafkaPaths,
  kafkaServerProperties,
  newClusterId,
} from '../../../local/infra/kafka';

/** Parses a .properties text (as generated: one key=value a line, # comments). */
function parse(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('kafkaServerProperties', () => {
  const props = parse(
    kafkaServerProperties({ port: 29092, controllerPort: 29093, dataDir: '/d/kafka/data' }),
  );

  test('a combined KRaft broker+controller, both listeners on 127.0.0.1', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('1');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:29093');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:29092');
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
    expect(props.get('log.dirs')).toBe('/d/kafka/data');
    expect(props.has('zookeeper.connect')).toBe(false);
  });

  test('one node can host the internal topics: replication factors and min ISR of 1', () => {
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'default.replication.factor',
      'min.insync.replicas',
    ]) {
      expect(props.get(key), key).toBe('1');
    }
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('auto.create.topics.enable')).toBe('true');
  });

  test('no listener leaves loopback', () => {
    const addresses = [...props.values()].flatMap((v) =>
      [...v.matchAll(/\/\/([^:/]*):\d+/g)].map((m) => m[1]),
    );
    expect(addresses.length).toBeGreaterThan(0);
    expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));
  });

  test('a Windows path survives .properties escaping', () => {
    expect(escapeProperty('C:\\data\\kafka')).toBe('C:\\\\data\\\\kafka');
  });
});

describe('newClusterId', () => {
  test('16 random bytes, base64url without padding', () => {
    const ids = Array.from({ length: 50 }, newClusterId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('kafkaJavaArgs', () => {
  const paths = kafkaPaths('/repo/.local');

  test('a modest heap, the marker, the log4j2 config and the jars folder as classpath', () => {
    const args = kafkaJavaArgs({
      jarsDir: '/repo/.local/jars/kafka-4.1.2',
      paths,
      marker: kafkaMarker('/repo/.local'),
      mainClass: 'kafka.Kafka',
      args: [paths.propsFile],
    });

    expect(args).toContain('-Xmx512m');
    expect(args).toContain('-Dlocal.infra=kafka@/repo/.local');
    expect(args).toContain(`-Dlog4j2.configurationFile=${paths.log4jFile}`);
    expect(args.slice(-4)).toEqual([
      '-cp',
      '/repo/.local/jars/kafka-4.1.2/*',
      'kafka.Kafka',
      paths.propsFile,
    ]);
  });

  test('log4j2 prints to stdout at a level the storage tool can lower', () => {
    const args = kafkaJavaArgs({
      jarsDir: '/j',
      paths,
      marker: 'm',
      mainClass: 'kafka.tools.StorageTool',
      args: ['format'],
      logLevel: 'WARN',
    });

    expect(args).toContain('-Dlocal.infra.logLevel=WARN');
    expect(kafkaLog4j2Properties()).toContain('appender.out.type = Console');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j2 lookup
    expect(kafkaLog4j2Properties()).toContain('rootLogger.level = ${sys:local.infra.logLevel:-INFO}');
  });
});
