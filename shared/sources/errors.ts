/** Base error of the tick sources. */
export class TickSourceError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TickSourceError';
  }
}

/** A replay CSV is not in the tutorial's `indexProcessed.csv` format. */
export class ReplayCsvError extends TickSourceError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReplayCsvError';
  }
}
