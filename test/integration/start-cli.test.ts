import { describe, expect, it } from 'vitest';
import { localEnv, runCli } from './support';

describe('npm start -- --duration', () => {
  it('runs the pipeline, drains, prints a summary and the last prices, and exits 0', async () => {
    expect(localEnv().kafkaBrokers.length).toBeGreaterThan(0);
    const { code, out } = await runCli(['local/cli/start.ts', '--duration', '12', '--every', '2'], 150_000);
    expect(out).toMatch(/summary: \d+ producer runs \(0 failed\), \d+ ticks produced/);
    const produced = Number(/(\d+) ticks produced/.exec(out)?.[1]);
    const delivered = Number(/(\d+) delivered in/.exec(out)?.[1]);
    expect(produced).toBeGreaterThan(0);
    // Everything produced in this run was sunk before exit (earlier runs' leftovers may add more).
    expect(delivered).toBeGreaterThanOrEqual(produced);
    expect(out).toMatch(/lag 0/);
    // Drained, compacted, audited against the local Kafka and sealed.
    expect(out).toMatch(/compacted dt=\d{4}-\d{2}-\d{2}: \d+ partitions, seal (written|unchanged)/);
    expect(out).toMatch(/Last price per symbol/);
    expect(out).toMatch(/^NYA\s+\|/m);
    expect(code).toBe(0);
  });

  it('then answers npm run query in every format', async () => {
    const json = await runCli(
      [
        'ops/cli/query.ts',
        'SELECT symbol, count(*) AS n FROM ticks GROUP BY symbol ORDER BY symbol',
        '--format',
        'json',
      ],
      120_000,
    );
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.out.slice(json.out.indexOf('['))) as { symbol: string; n: number }[];
    expect(rows.map((r) => r.symbol)).toContain('NYA');
    for (const row of rows) expect(row.n).toBeGreaterThan(0);
    const csv = await runCli(
      ['ops/cli/query.ts', "SELECT symbol FROM ticks WHERE symbol = 'NYA' LIMIT 1", '--format', 'csv'],
      120_000,
    );
    expect(csv.code).toBe(0);
    expect(csv.out.trim().split('\n').slice(-2)).toEqual(['symbol', 'NYA']);
  });

  it('then passes npm run audit and lists the quarantine', async () => {
    const audit = await runCli(['ops/cli/audit.ts'], 120_000);
    expect(audit.out).toMatch(/^topic ticks$/m);
    expect(audit.out).toMatch(/partition 0: kafka \d+\.\.\d+ committed \d+/);
    expect(audit.out).toMatch(/OK: no gap/);
    expect(audit.code).toBe(0);
    const list = await runCli(['ops/cli/quarantine.ts', 'list'], 120_000);
    expect(list.out).toMatch(/\d+ records in \d+ objects; reasons:/);
    expect(list.code).toBe(0);
  });

  it('stops cleanly on Ctrl-C: drains what was produced and exits 0', async () => {
    let interrupted = false;
    const { code, out } = await runCli(['local/cli/start.ts', '--every', '1'], 150_000, (text, child) => {
      // Interrupt once the producer has run a few times.
      if (!interrupted && (text.match(/produced [1-9]\d*/g) ?? []).length >= 1) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    expect(interrupted).toBe(true);
    expect(out).toMatch(/Ctrl-C: stopping the schedule and draining/);
    expect(out).toMatch(/summary: .* lag 0/);
    expect(code).toBe(0);
  });

  it('refuses a bad option with a message naming it', async () => {
    const { code, out } = await runCli(['local/cli/start.ts', '--every', 'soon'], 30_000);
    expect(code).toBe(2);
    expect(out).toMatch(/--every must be a positive number of seconds \(got "soon"\)/);
  });
});
