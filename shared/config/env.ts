import { ConfigError } from './errors';

type Source = Readonly<Record<string, unknown>>;

/** How a reader words its messages: the example's quoting and what a missing setting is called. */
export interface ReaderWording {
  /** e.g. `(example: ticks)` for a variable, `(example: --param="topic=ticks")` for a parameter. */
  readonly example: (name: string, example: string) => string;
  /** `is required` for a variable, `is missing` for a stack parameter. */
  readonly missing: string;
}

const ENVIRONMENT: ReaderWording = {
  example: (_, example) => `(example: ${example})`,
  missing: 'is required',
};

/**
 * Reads settings (environment variables, or a stack's parameters) with the rules written once,
 * next to their names, and collects every problem before failing, so one cold start or one
 * `sls package` tells the user everything to fix. Every configuration reader of the project is
 * built on it: the functions', the local harness's and the stack's.
 *
 * @example
 * const env = new EnvReader(process.env);
 * const topic = env.string('KAFKA_TOPIC', { default: 'ticks' });
 * const auth = env.oneOf('KAFKA_AUTH', ['iam', 'scram', 'plaintext'] as const);
 * env.done(); // throws ConfigError listing every bad variable
 */
export class EnvReader {
  private readonly found: string[] = [];

  constructor(
    private readonly source: Source,
    private readonly wording: ReaderWording = ENVIRONMENT,
  ) {}

  /** A string; required unless a default is given. `what` describes the accepted shape. */
  string(
    name: string,
    opts: { default?: string; pattern?: RegExp; example?: string; what?: string } = {},
  ): string {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (opts.default !== undefined) return opts.default;
      this.problem(name, this.wording.missing, opts.example);
      return '';
    }
    if (opts.pattern && !opts.pattern.test(raw)) this.refuse(name, raw, opts.what, opts.example);
    return raw;
  }

  /** A string that may be absent. */
  optional(
    name: string,
    opts: { pattern?: RegExp; example?: string; what?: string } = {},
  ): string | undefined {
    const raw = this.raw(name);
    if (raw !== undefined && opts.pattern && !opts.pattern.test(raw)) {
      this.refuse(name, raw, opts.what, opts.example);
      return undefined;
    }
    return raw;
  }

  /** One of a fixed set of words; required unless a default is given. */
  oneOf<const T extends string>(
    name: string,
    values: readonly T[],
    opts: { default?: T; example?: string } = {},
  ): T {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (opts.default !== undefined) return opts.default;
      this.problem(name, `${this.wording.missing}: one of ${values.join(', ')}`, opts.example);
      return values[0] as T;
    }
    if (!(values as readonly string[]).includes(raw)) {
      this.problem(name, `is "${raw}": expected one of ${values.join(', ')}`, opts.example);
      return values[0] as T;
    }
    return raw as T;
  }

  /** A whole number within bounds; required unless a default is given. */
  int(name: string, opts: { default?: number; min: number; max: number; example?: string }): number {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (opts.default !== undefined) return opts.default;
      this.problem(name, this.wording.missing, opts.example);
      return opts.min;
    }
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < opts.min || value > opts.max) {
      this.problem(
        name,
        `is "${raw}": expected a whole number from ${opts.min} to ${opts.max}`,
        opts.example,
      );
      return opts.default ?? opts.min;
    }
    return value;
  }

  /** A comma-separated list of non-empty items; required unless a default is given. */
  list(
    name: string,
    opts: { default?: readonly string[]; item?: RegExp; example?: string; what?: string } = {},
  ): string[] {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (opts.default) return [...opts.default];
      this.problem(name, this.wording.missing, opts.example);
      return [];
    }
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const bad = opts.item ? items.filter((s) => !opts.item?.test(s)) : [];
    if (opts.what && (items.length === 0 || bad.length > 0)) {
      this.problem(name, `is "${raw}": expected a comma-separated list of ${opts.what}`, opts.example);
    } else {
      if (items.length === 0) this.problem(name, 'is empty', opts.example);
      if (bad.length > 0) this.problem(name, `has invalid items: ${bad.join(', ')}`, opts.example);
    }
    return items;
  }

  /** True when the setting is given (not absent, not blank). */
  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** Records a problem found by the caller, e.g. a rule across two settings. */
  problem(name: string, what: string, example?: string): void {
    this.found.push(`${name} ${what}${example ? ` ${this.wording.example(name, example)}` : ''}`);
  }

  /** Every problem recorded so far. */
  problems(): readonly string[] {
    return [...this.found];
  }

  /** Throws one ConfigError listing every problem found, if any. */
  done(): void {
    if (this.found.length > 0) throw new ConfigError(this.found);
  }

  private refuse(name: string, raw: string, what: string | undefined, example: string | undefined): void {
    this.problem(name, what ? `is "${raw}": expected ${what}` : `is "${raw}", which is not valid`, example);
  }

  private raw(name: string): string | undefined {
    const value = this.source[name];
    if (value === undefined || value === null) return undefined;
    const text = String(value).trim();
    return text === '' ? undefined : text;
  }
}
