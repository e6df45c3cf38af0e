import type { LocalKafka } from '../../local/infra';
import { kafkaDayAuditor } from '../../shared/audit';
import type { CompactionPrefixes, CompactionStore } from '../../shared/compaction';
import type { AuditSession } from '../../shared/compaction-job';
import { localAdmin } from './admin';

/**
 * The day audit of a local cluster (or one given by KAFKA_BROKERS), for `npm run compact` and
 * the compaction of `npm start`: what the compaction function does against the deployed cluster.
 */
export async function openDayAudit(options: {
  readonly kafka: LocalKafka;
  readonly groupId: string;
  readonly store: CompactionStore;
  readonly prefixes: CompactionPrefixes;
}): Promise<AuditSession> {
  const admin = localAdmin(options.kafka, 'compaction-audit');
  await admin.connect();
  return {
    audit: kafkaDayAuditor({
      admin,
      groupId: options.groupId,
      store: options.store,
      prefixes: options.prefixes,
    }),
    close: () => admin.disconnect(),
  };
}
