/**
 * What is known about the tutorial's indexes: where they trade, their currency, a plausible price
 * level for the synthetic source, and a fixed rate to US dollars (close_usd is indicative, as in
 * the tutorial's CloseUSD column, not a live FX conversion).
 */
export interface Market {
  /** ISO 10383 market identifier code of the exchange (e.g. XNYS for the New York Stock Exchange). */
  readonly exchange: string;
  readonly currency: string;
  readonly basePrice: number;
  readonly usdPerUnit: number;
}

export const MARKETS: Readonly<Record<string, Market>> = {
  NYA: { exchange: 'XNYS', currency: 'USD', basePrice: 19_500, usdPerUnit: 1 },
  IXIC: { exchange: 'XNAS', currency: 'USD', basePrice: 18_900, usdPerUnit: 1 },
  HSI: { exchange: 'XHKG', currency: 'HKD', basePrice: 20_100, usdPerUnit: 0.128 },
  '000001.SS': { exchange: 'XSHG', currency: 'CNY', basePrice: 3_300, usdPerUnit: 0.138 },
  GSPTSE: { exchange: 'XTSE', currency: 'CAD', basePrice: 24_800, usdPerUnit: 0.73 },
  '399001.SZ': { exchange: 'XSHE', currency: 'CNY', basePrice: 10_400, usdPerUnit: 0.138 },
  NSEI: {
    exchange: 'XNSE',
    currency: 'INR',
    basePrice: 24_300,
    usdPerUnit: 0.012,
  },
  GDAXI: { exchange: 'XETR', currency: 'EUR', basePrice: 19_800, usdPerUnit: 1.08 },
  KS11: { exchange: 'XKRX', currency: 'KRW', basePrice: 2_600, usdPerUnit: 0.00073 },
  SSMI: { exchange: 'XSWX', currency: 'CHF', basePrice: 11_900, usdPerUnit: 1.12 },
  TWII: { exchange: 'XTAI', currency: 'TWD', basePrice: 22_300, usdPerUnit: 0.031 },
  'J203.JO': {
    exchange: 'XJSE',
    currency: 'ZAR',
    basePrice: 84_000,
    usdPerUnit: 0.054,
  },
  N225: { exchange: 'XJPX', currency: 'JPY', basePrice: 38_900, usdPerUnit: 0.0066 },
  N100: { exchange: 'XPAR', currency: 'EUR', basePrice: 1_480, usdPerUnit: 1.08 },
};

/** The tutorial's fourteen indexes, the default symbol set. */
export const DEFAULT_SYMBOLS: readonly string[] = Object.keys(MARKETS);
