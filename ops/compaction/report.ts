/** The text of a compaction's outcome, for the CLI (ops/cli/compact.ts). */
import type { DaySummary, PartitionOutcome } from '../../shared/compaction';

const LISTED_INPUTS = 10;

const SEAL_STATES = {
  written: 'written',
  unchanged: 'unchanged (it already says what the day holds)',
  planned: 'would be written',
  withheld: 'not written: the audit against Kafka is not clean',
  unaudited: 'not written: compacted without an audit (--no-seal)',
} as const;

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MiB`;
const n = (count: number) => count.toLocaleString('en');

function describe(p: PartitionOutcome, dryRun: boolean, verbose: boolean): string[] {
  const inBytes = p.inputs.reduce((sum, i) => sum + i.bytes, 0);
  const inRows = p.inputs.reduce((sum, i) => sum + i.rows, 0);
  const done =
    p.action === 'unchanged'
      ? 'already compacted: nothing to do'
      : dryRun
        ? `would write it${p.inputs.some((i) => i.key === p.output.key) ? ' (replacing the file of that name)' : ''} and delete ${p.inputs.filter((i) => i.key !== p.output.key).length} objects`
        : `${p.wrote ? 'written' : 'already written'}, verified, ${p.deleted.length} objects deleted`;
  const lines = [
    `  partition ${p.partition}: ${n(p.inputs.length)} objects, ${n(inRows)} rows, ${mib(inBytes)}` +
      ` -> ${p.output.key}: ${n(p.output.rows)} rows (offsets ${p.firstOffset}..${p.lastOffset}), ${mib(p.output.bytes)}` +
      ` | ${n(p.copiesDropped)} copies dropped, ${n(p.tickIdRepeats)} tick_id repeats | ${done}`,
  ];
  if (dryRun) {
    const shown = verbose ? p.inputs : p.inputs.slice(0, LISTED_INPUTS);
    for (const i of shown) lines.push(`      ${i.key}  ${n(i.rows)} rows, ${n(i.bytes)} bytes`);
    if (shown.length < p.inputs.length)
      lines.push(`      … and ${p.inputs.length - shown.length} more (--verbose lists them all)`);
  }
  return lines;
}

/**
 * What `npm run compact` prints for a day: per partition the objects it read and the file it made
 * (in a dry run, the inputs too), the seal, and the totals with bytes per tick.
 */
export function formatCompaction(summary: DaySummary, where: string, verbose: boolean): string {
  const lines = [
    `${summary.dryRun ? 'dry run: ' : ''}compaction of ${summary.topic} on ${summary.dt} in ${where}`,
  ];
  if (summary.partitions.length === 0) lines.push('  no tick objects of this topic on that day');
  for (const p of summary.partitions) lines.push(...describe(p, summary.dryRun, verbose));
  for (const key of summary.ignored) lines.push(`  left alone (not a tick object the sink writes): ${key}`);
  if (summary.seal) lines.push(`  seal ${summary.seal.key}: ${SEAL_STATES[summary.seal.state]}`);
  if (summary.seal?.state === 'withheld')
    for (const reason of summary.seal.reasons) lines.push(`    ${reason}`);
  const checked =
    summary.seal && 'audit' in summary.seal && summary.seal.audit.state === 'clean'
      ? summary.seal.audit.partitions.filter((p) => p.from < p.to)
      : [];
  if (checked.length > 0)
    lines.push(
      `  audit against Kafka: the day's records ${checked.map((p) => `${p.partition}:${p.from}..${p.to - 1}`).join(', ')} (partition:offsets) all in S3`,
    );
  const before = summary.partitions.reduce((sum, p) => sum + p.inputs.reduce((s, i) => s + i.bytes, 0), 0);
  const after = summary.partitions.reduce((sum, p) => sum + p.output.bytes, 0);
  const rows = summary.partitions.reduce((sum, p) => sum + p.output.rows, 0);
  if (rows > 0)
    lines.push(
      `  ${n(summary.partitions.reduce((s, p) => s + p.inputs.length, 0))} objects, ${mib(before)} -> ` +
        `${summary.partitions.length} files, ${mib(after)}; ${(after / rows).toFixed(1)} bytes per tick`,
    );
  lines.push(
    summary.dryRun
      ? '  nothing written or deleted (dry run)'
      : `  ${summary.writes} objects written, ${summary.deletes} deleted`,
  );
  return lines.join('\n');
}
