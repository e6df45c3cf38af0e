export type { CompactionJobConfig } from './config';
export { loadCompactionJobConfig } from './config';
export { closedDays, isDay } from './days';
export type { AuditSession, CompactionDeps, CompactionRunSummary } from './handler';
export { CompactionRunError, createCompactionHandler } from './handler';
