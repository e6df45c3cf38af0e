import type { StoredTick } from '../tick';
import { VerificationError } from './errors';
import { readTickRows, sameRows } from './rows';

/** What the compacted file must hold, worked out from the inputs before it is written. */
export interface ExpectedContent {
  /** The merged rows, in file order. */
  readonly rows: readonly StoredTick[];
  /** Every distinct offset of the inputs, ascending, taken from the inputs themselves. */
  readonly offsets: readonly number[];
}

/** The expectation for merged rows, with the offsets counted from the inputs, not from the merge. */
export function expectedContent(
  inputs: readonly { readonly rows: readonly StoredTick[] }[],
  merged: readonly StoredTick[],
): ExpectedContent {
  const offsets = new Set<number>();
  for (const input of inputs) for (const row of input.rows) offsets.add(row.at.offset);
  return { rows: merged, offsets: [...offsets].sort((a, b) => a - b) };
}

/**
 * Reads a compacted file and checks it against what it must hold: its row count, its exact set
 * of offsets (the audit's currency: an offset missing here would be a gap once the inputs are
 * gone) and every value of every row.
 *
 * @throws VerificationError saying which check failed; the caller has deleted nothing yet
 */
export async function verifyCompacted(
  bytes: Uint8Array,
  key: string,
  expected: ExpectedContent,
): Promise<void> {
  const rows = await readTickRows(bytes, key);
  const fail = (what: string) =>
    new VerificationError(
      `${key} ${what}; no input was deleted. Run again; if it fails again, keep the inputs and report it`,
    );
  if (rows.length !== expected.rows.length)
    throw fail(`holds ${rows.length} rows, not the ${expected.rows.length} expected`);
  const offsets = rows.map((row) => row.at.offset).sort((a, b) => a - b);
  const wrong = offsets.findIndex((offset, i) => offset !== expected.offsets[i]);
  if (offsets.length !== expected.offsets.length || wrong >= 0)
    throw fail(
      `does not hold exactly the inputs' offsets (first difference: ${offsets[wrong]} where ${expected.offsets[wrong]} was expected)`,
    );
  if (!sameRows(rows, expected.rows)) throw fail('holds other values than the rows it replaces');
}
