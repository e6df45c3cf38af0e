/**
 * The audit of one day: Kafka's log for the day against the objects in S3, offset by offset. It is
 * what a seal waits for (shared/compaction).
 */
export type { DayAudit, DayAuditor, OffsetRange, PartitionDayAudit } from './day-audit';
export { describeDayAudit, judgeDay, kafkaDayAuditor } from './day-audit';
export type { DayLogAdmin, PartitionDayLog } from './kafka-day';
export { kafkaDayLog } from './kafka-day';
export type { OffsetWindow } from './stored-offsets';
export { storedOffsetsIn } from './stored-offsets';
