/**
 * Every failure of compaction is a CompactionError: the CLI and the coming Lambda catch one class.
 * Each subclass says what went wrong and what to do; none of them leaves data deleted (the deletes
 * come last and only after the new file has been read back and verified).
 */
export class CompactionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CompactionError';
  }
}

/** The request itself is wrong (a date that is not a day, prefixes that overlap). */
export class CompactionRequestError extends CompactionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CompactionRequestError';
  }
}

/**
 * Two stored copies of one Kafka offset differ. The sink builds objects only from the records, so
 * copies are identical unless something else wrote there; compaction will not pick one for you.
 */
export class ConflictingCopiesError extends CompactionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConflictingCopiesError';
  }
}

/** An object under the ticks prefix is not what the sink writes there (format, columns, coordinates). */
export class ForeignObjectError extends CompactionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ForeignObjectError';
  }
}

/** The new file, encoded or read back, does not hold exactly the rows it replaces. Nothing was deleted. */
export class VerificationError extends CompactionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VerificationError';
  }
}

/** A delete outside what the new file replaces was about to happen: a bug, stopped before it ran. */
export class UnsafeDeleteError extends CompactionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnsafeDeleteError';
  }
}

/** A seal manifest that cannot be read as one this version writes. */
export class SealFormatError extends CompactionError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SealFormatError';
  }
}
