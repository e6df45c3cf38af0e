import { describe, expect, it } from 'vitest';
import { CompactionRequestError, compactionPrefixes, sealsPrefixBeside } from '../../../shared/compaction';

describe('compactionPrefixes', () => {
  it.each([
    ['ticks/', 'seals/'],
    ['stage/data/ticks/', 'stage/data/seals/'],
    ['it-abc/ticks/', 'it-abc/seals/'],
  ])('puts the seals beside the ticks: %s -> %s', (ticks, seals) => {
    expect(sealsPrefixBeside(ticks)).toBe(seals);
    expect(compactionPrefixes({ ticks, quarantine: 'quarantine/' }).seals).toBe(seals);
  });

  it('takes a seals prefix of one’s own', () => {
    expect(compactionPrefixes({ ticks: 'ticks/', quarantine: 'quarantine/' }, 'meta/seals/').seals).toBe(
      'meta/seals/',
    );
  });

  it.each([
    ['inside the ticks prefix', 'ticks/seals/', /seals prefix "ticks\/seals\/" lies inside the ticks prefix/],
    [
      'the quarantine prefix',
      'quarantine/',
      /prefix "quarantine\/" lies inside the (quarantine|seals) prefix/,
    ],
    ['not a folder', 'seals', /must be one or more "folder\/" segments/],
  ])('refuses a seals prefix %s, saying what to do', (_, seals, message) => {
    const make = () => compactionPrefixes({ ticks: 'ticks/', quarantine: 'quarantine/' }, seals);

    expect(make).toThrow(CompactionRequestError);
    expect(make).toThrow(message);
  });
});
