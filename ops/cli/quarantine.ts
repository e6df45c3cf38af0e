/**
 * `npm run quarantine -- list | show [key] | replay [--dry-run]`: inspect refused records and,
 * after a fix, run them through the sink's decoding again. Replay is idempotent.
 */
import { parseArgs } from 'node:util';
import * as infra from '../../local/infra';
import { readQuarantine, replayQuarantine } from '../quarantine/replay';
import { sinkTarget } from './sink-target';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    prefix: { type: 'string' },
    'quarantine-prefix': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const [command, key] = positionals;

async function main(): Promise<void> {
  if (!['list', 'show', 'replay'].includes(command ?? '')) {
    throw new Error('usage: npm run quarantine -- list | show [object key] | replay [--dry-run]');
  }
  const env = await infra.up({ services: ['s3'], log: (line) => console.error(line) });
  try {
    const target = sinkTarget(env, { prefix: values.prefix, quarantinePrefix: values['quarantine-prefix'] });
    if (command === 'replay') {
      const summary = await replayQuarantine(target.s3, target.bucket, target.prefixes, {
        dryRun: values['dry-run'],
      });
      console.log(
        `${values['dry-run'] ? 'dry run: ' : ''}${summary.examined} quarantined records examined: ${summary.replayed} ` +
          `now valid${values['dry-run'] ? '' : ' and written as ticks'}, ${summary.stillBad} still refused`,
      );
      for (const k of summary.written) console.log(`  wrote   ${k}`);
      for (const k of summary.trimmed) console.log(`  trimmed ${k}`);
      for (const k of summary.deleted) console.log(`  emptied ${k}`);
      return;
    }
    const objects = await readQuarantine(target.s3, target.bucket, target.prefixes.quarantine);
    if (command === 'list') {
      const reasons = new Map<string, number>();
      for (const o of objects) {
        console.log(`${o.key}  ${o.entries.length} records`);
        for (const e of o.entries) {
          const reason = e.reason.replace(/\d+/g, 'N').slice(0, 100);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
      console.log(
        `\n${objects.reduce((n, o) => n + o.entries.length, 0)} records in ${objects.length} objects; reasons:`,
      );
      for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]))
        console.log(`  ${String(n).padStart(6)}  ${reason}`);
      return;
    }
    for (const o of objects.filter((x) => !key || x.key === key)) {
      for (const e of o.entries) {
        const value = e.value === null ? null : Buffer.from(e.value, 'base64').toString('utf8').slice(0, 500);
        console.log(JSON.stringify({ object: o.key, ...e, value_text: value }));
      }
    }
  } finally {
    await infra.down({ only: env.started });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
