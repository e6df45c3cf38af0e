/** The event is not a Kafka event source mapping event at all (not a bad record inside one). */
export class EsmEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EsmEventError';
  }
}
