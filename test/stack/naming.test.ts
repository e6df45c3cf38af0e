import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { mappingLogicalId } from '../../resources/stack';

// The framework's own naming, to check that the extension of the generated mapping targets the
// logical id osls really gives it (a mismatch fails `sls package` with "Cannot extend …").
const naming = createRequire(import.meta.url)('osls/lib/plugins/aws/lib/naming.js') as {
  getMSKEventLogicalId(fn: string, cluster: string, topic: string): string;
  getKafkaEventLogicalId(fn: string, topic: string): string;
};

describe('the logical id of the sink mapping', () => {
  it.each([
    ['ticks', 'ticks'],
    ['my-cluster', 'prices.v1_raw-2'],
    ['MskCluster', 'ticks'],
    ['a'.repeat(100), 't'.repeat(100)],
  ])('matches osls for cluster %s and topic %s', (cluster, topic) => {
    expect(mappingLogicalId('msk', cluster, topic)).toBe(
      naming.getMSKEventLogicalId('sinkTicks', cluster, topic),
    );
    expect(mappingLogicalId('self-managed', '', topic)).toBe(
      naming.getKafkaEventLogicalId('sinkTicks', topic),
    );
  });
});
