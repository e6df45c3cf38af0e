/**
 * `npm run query -- "<SQL>" [--format table|json|csv] [--stage local]`, or `npm run query --
 * --named "<name>"`: Athena SQL, exactly as typed in the Athena console, on Athena's own engine
 * (Trino) over the objects in the local S3, with the tables and view the stack deploys for the
 * stage (database `stock_ticks_<stage>`). Starts S3 and Trino when they are not running and stops
 * what it started.
 */
import { parseArgs } from 'node:util';
import * as infra from '../../local/infra';
import { namedQueries } from '../../resources/stack/ticks-sql';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../query/format';
import { localAthena } from '../query/local-athena';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string', default: 'table' },
    named: { type: 'string' },
    stage: { type: 'string', default: 'local' },
  },
});
const sql = positionals.join(' ').trim();
const usage = [
  'usage: npm run query -- "SELECT symbol, max(close) FROM ticks GROUP BY symbol" [--format table|json|csv]',
  `       npm run query -- --named "<name>"   (${namedQueries()
    .map((q) => `"${q.name}"`)
    .join(', ')})`,
].join('\n');
if (Boolean(sql) === Boolean(values.named)) {
  console.error(usage);
  process.exit(2);
}
if (!OUTPUT_FORMATS.includes(values.format as OutputFormat)) {
  console.error(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got "${values.format}")`);
  process.exit(2);
}

async function main(): Promise<void> {
  const env = await infra.up({ services: ['s3', 'trino'], log: (line) => console.error(line) });
  try {
    const athena = await localAthena(env, { stage: values.stage });
    const result = values.named ? await athena.named(values.named) : await athena.run(sql);
    console.log(formatResult(result, values.format as OutputFormat));
    // For a person reading the table; JSON and CSV stay clean for the next program.
    if (values.format === 'table')
      console.error(
        `(${athena.database} on Trino: ${result.stats.elapsedMs} ms, ${result.stats.processedRows} rows read)`,
      );
  } finally {
    await infra.down({ only: env.started });
  }
}

main().catch((error) => {
  console.error(`query failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
