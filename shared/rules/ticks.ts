/** What a tick may say about itself and where ticks come from. */

/**
 * A ticker symbol: upper-case letters, digits and the punctuation index and exchange tickers use
 * (`^NYA`, `000001.SS`, `GC=F`). The tick schema takes it as a string pattern.
 */
export const SYMBOL_PATTERN = '^[A-Z0-9^][A-Z0-9.^=_-]{0,31}$';
export const SYMBOL = new RegExp(SYMBOL_PATTERN);

/** Where the producer's ticks come from. */
export const TICK_SOURCES = ['synthetic', 'replay'] as const;
export type TickSource = (typeof TICK_SOURCES)[number];

/** The order replayed CSV rows are sent in. */
export const REPLAY_ORDERS = ['random', 'sequential'] as const;
export type ReplayOrder = (typeof REPLAY_ORDERS)[number];
