/**
 * Writes data/indexProcessed.sample.csv: daily rows in the tutorial's `indexProcessed.csv` format
 * for its fourteen indexes, priced by the project's own synthetic model (no third-party data).
 *
 *   npx tsx local/tools/make-sample-csv.ts [days]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SYMBOLS, MARKETS, REPLAY_CSV_HEADER, syntheticPrice } from '../../shared/sources';
import { projectRoot } from '../paths';

const days = Number(process.argv[2] ?? 20);
const firstDay = Date.UTC(2021, 4, 3); // a Monday
const rows = [REPLAY_CSV_HEADER.join(',')];
for (let d = 0, written = 0; written < days; d++) {
  const day = firstDay + d * 86_400_000;
  const weekday = new Date(day).getUTCDay();
  if (weekday === 0 || weekday === 6) continue;
  written++;
  for (const symbol of DEFAULT_SYMBOLS) {
    // Sample the session hourly (09:00-16:00 UTC) for open, high, low and close.
    const prices = Array.from({ length: 8 }, (_, h) => syntheticPrice(symbol, day + (9 + h) * 3_600_000));
    const open = prices[0]!;
    const close = prices.at(-1)!;
    const volume = Math.round(1e6 * (1 + ((d * 7919 + symbol.length * 104_729) % 1000) / 250)) * 100;
    const usd = close * MARKETS[symbol]!.usdPerUnit;
    const fixed = (n: number) => n.toFixed(6);
    rows.push(
      [
        symbol,
        new Date(day).toISOString().slice(0, 10),
        fixed(open),
        fixed(Math.max(...prices)),
        fixed(Math.min(...prices)),
        fixed(close),
        fixed(close),
        `${volume}.0`,
        fixed(usd),
      ].join(','),
    );
  }
}
const file = join(projectRoot(), 'data', 'indexProcessed.sample.csv');
writeFileSync(file, `${rows.join('\n')}\n`);
console.log(`wrote ${rows.length - 1} rows to ${file}`);
