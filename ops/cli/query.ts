/**
 * `npm run query -- "<SQL>" [--format table|json|csv]`: SQL over the `ticks` view (one row per
 * tick) and the `ticks_raw` table, read through the S3 API (local S3 by default; set S3_ENDPOINT=aws
 * and TICKS_BUCKET for a deployed bucket).
 */
import { parseArgs } from 'node:util';
import * as infra from '../../local/infra';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../query/format';
import { queryTicks } from '../query/run';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { format: { type: 'string', default: 'table' }, prefix: { type: 'string', default: 'ticks/' } },
});
const sql = positionals.join(' ').trim();
if (!sql) {
  console.error(
    'usage: npm run query -- "SELECT symbol, max(close) FROM ticks GROUP BY symbol" [--format table|json|csv]',
  );
  process.exit(2);
}
if (!OUTPUT_FORMATS.includes(values.format as OutputFormat)) {
  console.error(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got "${values.format}")`);
  process.exit(2);
}

async function main(): Promise<void> {
  const env = await infra.up({ services: ['s3'], log: (line) => console.error(line) });
  try {
    const result = await queryTicks(env.s3, sql, values.prefix);
    console.log(formatResult(result, values.format as OutputFormat));
    if (result.skipped.length > 0)
      console.error(
        `note: ${result.skipped.length} objects under the table's prefix are not Parquet tick objects and were not ` +
          `queried (first: ${result.skipped[0]}); .json.gz tick objects come from a version before 0.2.`,
      );
  } finally {
    await infra.down({ only: env.started });
  }
}

main().catch((error) => {
  console.error(`query failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
