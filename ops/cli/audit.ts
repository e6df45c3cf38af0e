/**
 * `npm run audit`: reconciles S3 with Kafka per topic-partition — offsets covered, gaps, overlaps,
 * record counts, quarantined records — and checks every sealed day against its seal. Exits 1 on a
 * gap or a sealed day that changed.
 *
 *   npm run audit [-- --topic ticks --group <consumer group> --prefix ticks/ --quarantine-prefix quarantine/ --seals-prefix seals/]
 *   npm run audit -- --kafka-auth scram    after `npm start -- --kafka-auth scram` (the SASL_SSL broker)
 */
import { parseArgs } from 'node:util';
import * as infra from '../../local/infra';
import { LOCAL_SCRAM_PIPELINE_TOPIC } from '../../local/run/pipeline';
import { auditTopic, formatAudit } from '../audit';
import { sinkTarget } from './sink-target';

const { values } = parseArgs({
  options: {
    topic: { type: 'string' },
    group: { type: 'string' },
    prefix: { type: 'string' },
    'quarantine-prefix': { type: 'string' },
    'seals-prefix': { type: 'string' },
    json: { type: 'boolean', default: false },
    'kafka-auth': { type: 'string', default: 'plaintext' },
  },
});

async function main(): Promise<number> {
  const scram = values['kafka-auth'] === 'scram';
  const env = await infra.up({
    log: (line) => console.error(line),
    services: scram ? ['kafkaScram', 's3'] : ['kafka', 's3'],
  });
  try {
    const target = sinkTarget(env, {
      // npm start -- --kafka-auth scram writes its own topic (local/run/pipeline.ts says why).
      topic: values.topic ?? (scram ? LOCAL_SCRAM_PIPELINE_TOPIC : undefined),
      group: values.group ?? (scram ? `${LOCAL_SCRAM_PIPELINE_TOPIC}-sink-local` : undefined),
      prefix: values.prefix,
      quarantinePrefix: values['quarantine-prefix'],
    });
    const kafka = scram && env.kafkaScram ? env.kafkaScram : { brokers: env.kafkaBrokers };
    const report = await auditTopic({ kafka, ...target, sealsPrefix: values['seals-prefix'] });
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
