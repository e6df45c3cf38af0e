/**
 * The one error of the local infrastructure. Callers only ever need to tell "our failure, with a
 * message meant for the user" from a bug (the CLI prints the first and the stack of the second), so
 * there is no class per failure: each message says what went wrong and what to do about it, and the
 * original failure, when there is one, is carried as `cause`.
 */

/** Catch this to handle any failure of the local infrastructure. */
export class LocalInfraError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalInfraError';
  }
}
