import { describe, expect, it } from 'vitest';
import {
  escapeProperty,
  kafkaJavaArgs,
  kafkaLog4j2Properties,
  kafkaMarker,
  kafkaPaths,
  kafkaServerProperties,
  newClusterId,
} from '../../../../local/infra/kafka-launch';

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
    kafkaServerProperties({ port: 39092, controllerPort: 39093, dataDir: '/d/kafka/data' }),
  );

  it('makes one KRaft node that is both broker and its own controller quorum', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('controller.quorum.voters')).toBe(`${props.get('node.id')}@127.0.0.1:39093`);
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:39092,CONTROLLER://127.0.0.1:39093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:39092');
    expect(props.get('log.dirs')).toBe('/d/kafka/data');
    expect(props.has('zookeeper.connect')).toBe(false);
  });

  it('asks no topic, internal ones included, for more replicas than one node has', () => {
    const replicas = [...props].filter(([key]) =>
      /replication\.factor$|min\.(insync\.replicas|isr)$/.test(key),
    );

    expect(replicas.length).toBeGreaterThanOrEqual(6);
    for (const [key, value] of replicas) expect(value, key).toBe('1');
  });

  it('opens no listener beyond loopback', () => {
    const addresses = [...props.values()].flatMap((v) =>
      [...v.matchAll(/\/\/([^:/]*):\d+/g)].map((m) => m[1]),
    );

    expect(addresses.length).toBeGreaterThan(0);
    expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));
  });

  it('escapes backslashes (a Windows data path) and newlines, as .properties requires', () => {
    // Act
    const text = kafkaServerProperties({ port: 1, controllerPort: 2, dataDir: 'C:\\data\\kafka' });

    // Assess
    expect(parse(text).get('log.dirs')).toBe('C:\\\\data\\\\kafka');
    expect(escapeProperty('a\nb')).toBe('a\\nb');
  });
});

describe('newClusterId', () => {
  it('is 16 random bytes in base64url without padding, as kafka-storage random-uuid prints', () => {
    // Act
    const ids = Array.from({ length: 50 }, newClusterId);

    // Assess
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('kafkaJavaArgs', () => {
  const paths = kafkaPaths('/repo/.local');

  it('carries the marker and runs the main class with every jar of the version folder', () => {
    // Act
    const args = kafkaJavaArgs({
      jarsDir: '/repo/.local/jars/kafka-4.1.2',
      paths,
      marker: kafkaMarker('/repo/.local'),
      mainClass: 'kafka.Kafka',
      args: [paths.propsFile],
    });

    // Assess
    expect(args.indexOf('-Dlocal.infra=kafka@/repo/.local')).toBeLessThan(args.indexOf('kafka.Kafka'));
    expect(args).toContain(`-Dlog4j2.configurationFile=${paths.log4jFile}`);
    expect(args.slice(-4)).toEqual([
      '-cp',
      '/repo/.local/jars/kafka-4.1.2/*',
      'kafka.Kafka',
      paths.propsFile,
    ]);
  });

  it('hands the log level to the log4j2 configuration, INFO for the broker, lower for the storage tool', () => {
    // Prepare
    const level = (logLevel?: 'WARN') =>
      kafkaJavaArgs({ jarsDir: '/j', paths, marker: 'm', mainClass: 'kafka.Kafka', args: [], logLevel })
        .find((a) => a.startsWith('-Dlocal.infra.logLevel='))
        ?.split('=')[1];

    // Act
    const rootLevel = parse(kafkaLog4j2Properties().replaceAll(' = ', '=')).get('rootLogger.level');

    // Assess
    expect(level()).toBe('INFO');
    expect(level('WARN')).toBe('WARN');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j2 lookup
    expect(rootLevel).toBe('${sys:local.infra.logLevel:-INFO}');
  });
});
