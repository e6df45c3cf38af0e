import { describe, expect, it } from 'vitest';
import { ConfigError, EnvReader } from '../../../shared/config';
import { configProblems } from '../../support/errors';

const problemsOf = (reader: EnvReader) => configProblems(() => reader.done());

describe('EnvReader', () => {
  describe('string', () => {
    it('returns the value trimmed', () => {
      // Prepare
      const r = new EnvReader({ TOPIC: '  ticks \n' });

      // Act
      const value = r.string('TOPIC');

      // Assess
      expect(value).toBe('ticks');
      expect(() => r.done()).not.toThrow();
    });

    it('uses the default when the variable is absent, empty or blank', () => {
      for (const env of [{}, { TOPIC: '' }, { TOPIC: '   ' }]) {
        const r = new EnvReader(env);
        expect(r.string('TOPIC', { default: 'ticks' })).toBe('ticks');
        expect(() => r.done()).not.toThrow();
      }
    });

    it('reports a missing required variable with its example', () => {
      // Prepare
      const r = new EnvReader({});

      // Act
      r.string('TICKS_BUCKET', { example: 'my-bucket' });

      // Assess
      expect(problemsOf(r)).toEqual(['TICKS_BUCKET is required (example: my-bucket)']);
    });

    it('reports a value that does not match the pattern, quoting it', () => {
      // Prepare
      const r = new EnvReader({ TOPIC: 'a/b' });

      // Act
      const value = r.string('TOPIC', { pattern: /^[a-z]+$/, example: 'ticks' });

      // Assess
      expect(value).toBe('a/b');
      expect(problemsOf(r)).toEqual(['TOPIC is "a/b", which is not valid (example: ticks)']);
    });

    it('does not check a default against the pattern', () => {
      const r = new EnvReader({});
      expect(r.string('P', { default: 'x', pattern: /^y$/ })).toBe('x');
      expect(() => r.done()).not.toThrow();
    });
  });

  describe('optional', () => {
    it('returns undefined when absent and the value when present', () => {
      // Prepare
      const r = new EnvReader({ PRESENT: 'yes', BLANK: ' ' });

      // Act, Assess
      expect(r.optional('ABSENT')).toBeUndefined();
      expect(r.optional('BLANK')).toBeUndefined();
      expect(r.optional('PRESENT')).toBe('yes');
      expect(() => r.done()).not.toThrow();
    });

    it('reports a present value that does not match the pattern', () => {
      const r = new EnvReader({ URL: 'ftp://x' });
      r.optional('URL', { pattern: /^https?:\/\//, example: 'http://127.0.0.1:29090' });
      expect(problemsOf(r)).toEqual([
        'URL is "ftp://x", which is not valid (example: http://127.0.0.1:29090)',
      ]);
    });
  });

  describe('oneOf', () => {
    const MODES = ['iam', 'scram', 'plaintext'] as const;

    it('returns an accepted word', () => {
      const r = new EnvReader({ AUTH: 'scram' });
      expect(r.oneOf('AUTH', MODES)).toBe('scram');
      expect(() => r.done()).not.toThrow();
    });

    it('uses the default when absent', () => {
      const r = new EnvReader({});
      expect(r.oneOf('AUTH', MODES, { default: 'plaintext' })).toBe('plaintext');
      expect(() => r.done()).not.toThrow();
    });

    it('reports a missing required word listing the accepted ones', () => {
      const r = new EnvReader({});
      r.oneOf('AUTH', MODES);
      expect(problemsOf(r)).toEqual(['AUTH is required: one of iam, scram, plaintext']);
    });

    it('reports an unknown word, case-sensitively, listing the accepted ones', () => {
      const r = new EnvReader({ AUTH: 'IAM' });
      r.oneOf('AUTH', MODES, { default: 'iam' });
      expect(problemsOf(r)).toEqual(['AUTH is "IAM": expected one of iam, scram, plaintext']);
    });
  });

  describe('int', () => {
    it.each([
      ['1', 1],
      ['1000', 1000],
      [' 42 ', 42],
    ])('reads %j as %d', (raw, expected) => {
      const r = new EnvReader({ N: raw });
      expect(r.int('N', { default: 5, min: 1, max: 1000 })).toBe(expected);
      expect(() => r.done()).not.toThrow();
    });

    it('uses the default when absent', () => {
      const r = new EnvReader({});
      expect(r.int('N', { default: 5, min: 1, max: 10 })).toBe(5);
    });

    it.each([['0'], ['1001'], ['1.5'], ['abc'], ['-3'], ['9007199254740993']])(
      'reports %j with the accepted range and falls back to the default',
      (raw) => {
        // Prepare
        const r = new EnvReader({ N: raw });

        // Act
        const value = r.int('N', { default: 5, min: 1, max: 1000 });

        // Assess
        expect(value).toBe(5);
        expect(problemsOf(r)).toEqual([`N is "${raw}": expected a whole number from 1 to 1000`]);
      },
    );
  });

  describe('list', () => {
    it('splits on commas, trimming items and dropping empty ones', () => {
      const r = new EnvReader({ L: ' a, b ,,c ,' });
      expect(r.list('L')).toEqual(['a', 'b', 'c']);
      expect(() => r.done()).not.toThrow();
    });

    it('returns a copy of the default when absent', () => {
      // Prepare
      const defaults = ['x', 'y'] as const;
      const r = new EnvReader({});

      // Act
      const list = r.list('L', { default: defaults });
      list.push('z');

      // Assess
      expect(defaults).toEqual(['x', 'y']);
    });

    it('reports a list of only commas as empty', () => {
      const r = new EnvReader({ L: ' , ,' });
      r.list('L', { default: [], example: 'a,b' });
      expect(problemsOf(r)).toEqual(['L is empty (example: a,b)']);
    });

    it('reports a missing required list', () => {
      const r = new EnvReader({});
      r.list('L');
      expect(problemsOf(r)).toEqual(['L is required']);
    });

    it('names every invalid item', () => {
      const r = new EnvReader({ L: 'NYA,nya,../x,N225' });
      r.list('L', { item: /^[A-Z0-9]+$/ });
      expect(problemsOf(r)).toEqual(['L has invalid items: nya, ../x']);
    });
  });

  describe('done', () => {
    it('throws one ConfigError listing every problem, in the order found', () => {
      // Prepare
      const r = new EnvReader({ A: 'x', C: 'nope' });
      r.string('A', { pattern: /^y$/ });
      r.string('B');
      r.oneOf('C', ['yes', 'no'] as const);
      r.problem('D', 'must be set with A');

      // Act
      let thrown: unknown;
      try {
        r.done();
      } catch (error) {
        thrown = error;
      }

      // Assess
      expect(thrown).toBeInstanceOf(ConfigError);
      const error = thrown as ConfigError;
      expect(error.name).toBe('ConfigError');
      expect(error.problems).toEqual([
        'A is "x", which is not valid',
        'B is required',
        'C is "nope": expected one of yes, no',
        'D must be set with A',
      ]);
      expect(error.message).toBe(`Invalid configuration:\n  - ${error.problems.join('\n  - ')}`);
    });

    it('does nothing when every variable is fine', () => {
      const r = new EnvReader({ A: 'y' });
      r.string('A', { pattern: /^y$/ });
      expect(() => r.done()).not.toThrow();
    });
  });
});
