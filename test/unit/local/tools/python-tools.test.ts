import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PYTHON_TOOLS } from '../../../../local/tools/python-tools';

describe('PYTHON_TOOLS', () => {
  it('are the versions .ci/run installs, so CI and local test runs judge with the same tools', () => {
    // Prepare
    const ci = readFileSync(new URL('../../../../.ci/run', import.meta.url), 'utf8');
    const installed = [...ci.matchAll(/"([a-z-]+)==([0-9.]+)"/g)].map((m) => [m[1], m[2]]);

    // Assess
    expect(Object.fromEntries(installed)).toEqual(PYTHON_TOOLS);
  });
});
