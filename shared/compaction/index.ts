/**
 * Compaction: one Parquet file per (day, topic, partition) in place of the sink's many batch
 * objects, verified before anything is deleted, and a seal per (day, topic) that the audit checks.
 */
export type { CompactDayRequest, DaySummary, SealOutcome } from './day';
export { auditFoundGap, compactDay } from './day';
export {
  CompactionError,
  CompactionRequestError,
  ConcurrentChangeError,
  ConflictingCopiesError,
  ForeignObjectError,
  SealFormatError,
  UnsafeDeleteError,
  VerificationError,
} from './errors';
export type { PartitionOutcome } from './partition';
export type { CompactionPrefixes } from './prefixes';
export { compactionPrefixes, sealsPrefixBeside } from './prefixes';
export type { Seal, SealFile, SealPartition } from './seal';
export { parseSeal, sealKey } from './seal';
export type { SealCheck } from './seal-check';
export { checkSeals } from './seal-check';
export type { CompactionStore, ListedObject, WriteCondition } from './store';
export { s3CompactionStore } from './store';
