import { expect } from 'vitest';
import { ConfigError } from '../../shared/config';

/**
 * The error `act` throws, which must be an instance of `kind`; fails the test when `act` returns.
 *
 * @example const error = thrownBy(() => recordsOf(event), EsmEventError);
 */
export function thrownBy<E extends Error>(act: () => unknown, kind: abstract new (...args: never[]) => E): E {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return error as E;
  }
  throw new Error(`expected a ${kind.name}`);
}

/** The problems of the ConfigError `act` throws; fails the test when it loads. */
export function configProblems(act: () => unknown): readonly string[] {
  return thrownBy(act, ConfigError).problems;
}
