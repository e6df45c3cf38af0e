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

/**
 * Another run (a second compaction of the day, or the sink rewriting an object) changed a key
 * between this run's listing and its write or delete: S3 refused the conditional request, so
 * nothing of that step happened. What was written before stays valid; run again to finish.
 */
export class ConcurrentChangeError extends CompactionError {
  readonly key: string;
  constructor(key: string, options?: ErrorOptions) {
    super(
      `${key} changed while this compaction ran (is another compaction of the day running?); S3 refused the ` +
        'conditional write, so nothing was overwritten or deleted by it. Run again once the other run has finished',
      options,
    );
    this.name = 'ConcurrentChangeError';
    this.key = key;
  }
}
