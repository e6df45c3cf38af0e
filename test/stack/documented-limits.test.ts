import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSlsParams } from '../../local/config/sls-params';
import { readParameters } from '../../resources/stack';
import { awsLimit, iamResourceTypes } from '../support/aws-fixtures';
import { documentedResolution, resolveIntrinsics } from './support/intrinsics';
import { ROOT } from './support/package';
import { actions, allRoleStatements, resourcesOfType, template } from './support/template';
import { VARIANT_NAMES } from './support/variants';

/** The stack against the limits and IAM resource types AWS documents (test/fixtures/aws). */

const DEFAULTS = readSlsParams(join(ROOT, 'serverless.yml'), 'default');
const problemsOf = (overrides: Record<string, unknown>) =>
  readParameters({ ...DEFAULTS, kafkaMode: 'create', sinkPollers: '1-2', ...overrides }, 'us-east-1')
    .problems;

describe('documented limits', () => {
  it('every custom resource answers within the ServiceTimeout range CloudFormation accepts', () => {
    const { min, max } = awsLimit('cloudformation-custom-resource-service-timeout-seconds');
    const custom = Object.entries(template('create').Resources).filter(([, r]) =>
      r.Type.startsWith('Custom::'),
    );

    expect(custom.length).toBeGreaterThan(0);
    for (const [id, r] of custom) {
      const seconds = Number(r.Properties.ServiceTimeout);
      expect(Number.isInteger(seconds), id).toBe(true);
      expect(seconds, id).toBeGreaterThanOrEqual(min!);
      expect(seconds, id).toBeLessThanOrEqual(max!);
    }
  });

  it('retries: the documented range, less -1, which Lambda caps when a destination is set', () => {
    const range = awsLimit('lambda-event-source-mapping-maximum-retry-attempts');
    const cap = awsLimit('lambda-kafka-max-retry-attempts-with-on-failure-destination').max!;

    expect(problemsOf({ sinkMaxRetryAttempts: String(range.max) })).toEqual([]);
    expect(problemsOf({ sinkMaxRetryAttempts: String(range.max! + 1) })).toHaveLength(1);
    const [refusal] = problemsOf({ sinkMaxRetryAttempts: String(range.min) });
    expect(refusal).toContain(`at ${cap} retries`);
  });

  it('record age: -1 or the documented minimum to maximum', () => {
    const age = awsLimit('lambda-event-source-mapping-maximum-record-age-seconds');

    for (const ok of [age.unlimited, age.min, age.max])
      expect(problemsOf({ sinkMaxRecordAgeSeconds: String(ok) })).toEqual([]);
    for (const bad of [age.min! - 1, age.max! + 1])
      expect(problemsOf({ sinkMaxRecordAgeSeconds: String(bad) })).toHaveLength(1);
  });
});

describe('IAM resource types of the Service Authorization Reference', () => {
  it.each(VARIANT_NAMES)(
    '%s: an action with no resource type is granted on "*", the others on their type',
    (name) => {
      const t = template(name);
      const at = documentedResolution(t);
      for (const { action, resourceTypes } of iamResourceTypes()) {
        for (const { owner, statement } of allRoleStatements(t)) {
          if (!actions(statement).includes(action)) continue;
          const granted = [resolveIntrinsics(statement.Resource, at)].flat() as string[];
          if (resourceTypes.length === 0) expect(granted, `${owner} ${action}`).toEqual(['*']);
          for (const type of resourceTypes)
            expect(
              granted.some((arn) => arn.includes(`:${type}/`)),
              `${owner} ${action} on ${type}`,
            ).toBe(true);
        }
      }
      expect(resourcesOfType(t, 'AWS::IAM::Role').length).toBeGreaterThan(0);
    },
  );
});
