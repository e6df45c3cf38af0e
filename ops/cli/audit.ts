/**
 * `npm run audit`: reconciles S3 with Kafka per topic-partition — offsets covered, gaps, overlaps,
 * record counts, quarantined records. Exits 1 on a gap.
 *
 *   npm run audit [-- --topic ticks --group <consumer group> --prefix ticks/ --quarantine-prefix quarantine/]
 */
import { parseArgs } from 'node:util';
import * as infra from '../../local/infra';
import { auditTopic, formatAudit } from '../audit';
import { sinkTarget } from './sink-target';

const { values } = parseArgs({
  options: {
    topic: { type: 'string' },
    group: { type: 'string' },
    prefix: { type: 'string' },
    'quarantine-prefix': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const env = await infra.up({ log: (line) => console.error(line) });
  try {
    const target = sinkTarget(env, {
      topic: values.topic,
      group: values.group,
      prefix: values.prefix,
      quarantinePrefix: values['quarantine-prefix'],
    });
    const report = await auditTopic({ brokers: env.kafkaBrokers, ...target });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatAudit(report));
    return report.ok ? 0 : 1;
  } finally {
    await infra.down({ only: env.started });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`audit failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
