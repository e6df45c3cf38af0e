/** Writing a batch's objects failed after the client's retries; the mapping will redeliver it. */
export class SinkWriteError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SinkWriteError';
  }
}
