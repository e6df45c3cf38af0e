import { ConfigError } from './errors';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables with the rules written once, next to their names, and collects
 * every problem before failing, so one cold start tells the user everything to fix.
 *
 * @example
 * const env = new EnvReader(process.env);
 * const topic = env.string('KAFKA_TOPIC', { default: 'ticks' });
 * const auth = env.oneOf('KAFKA_AUTH', ['iam', 'scram', 'plaintext'] as const);
 * env.done(); // throws ConfigError listing every bad variable
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** A string; required unless a default is given. */
  string(name: string, opts: { default?: string; pattern?: RegExp; example?: string } = {}): string {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (opts.default !== undefined) return opts.default;
      this.problem(name, 'is required', opts.example);
      return '';
    }
    if (opts.pattern && !opts.pattern.test(raw)) {
      this.problem(name, `is "${raw}", which is not valid`, opts.example);
    }
    return raw;
  }

  /** A string that may be absent. */
  optional(name: string, opts: { pattern?: RegExp; example?: string } = {}): string | undefined {
    const raw = this.raw(name);
    if (raw !== undefined && opts.pattern && !opts.pattern.test(raw)) {
      this.problem(name, `is "${raw}", which is not valid`, opts.example);
    }
    return raw;
  }

  /** One of a fixed set of words. */
  oneOf<const T extends string>(name: string, values: readonly T[], opts: { default?: T } = {}): T {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (opts.default !== undefined) return opts.default;
      this.problem(name, `is required: one of ${values.join(', ')}`);
      return values[0] as T;
    }
    if (!(values as readonly string[]).includes(raw)) {
      this.problem(name, `is "${raw}": expected one of ${values.join(', ')}`);
      return values[0] as T;
    }
    return raw as T;
  }

  /** A whole number within bounds. */
  int(name: string, opts: { default: number; min: number; max: number }): number {
    const raw = this.raw(name);
    if (raw === undefined) return opts.default;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < opts.min || value > opts.max) {
      this.problem(name, `is "${raw}": expected a whole number from ${opts.min} to ${opts.max}`);
      return opts.default;
    }
    return value;
  }

  /** A comma-separated list of non-empty items. */
  list(name: string, opts: { default?: readonly string[]; item?: RegExp; example?: string } = {}): string[] {
    const raw = this.raw(name);
    if (raw === undefined) {
      if (opts.default) return [...opts.default];
      this.problem(name, 'is required', opts.example);
      return [];
    }
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (items.length === 0) this.problem(name, 'is empty', opts.example);
    const bad = opts.item ? items.filter((s) => !opts.item?.test(s)) : [];
    if (bad.length > 0) this.problem(name, `has invalid items: ${bad.join(', ')}`, opts.example);
    return items;
  }

  /** Records a problem found by the caller, e.g. a rule across two variables. */
  problem(name: string, what: string, example?: string): void {
    this.problems.push(`${name} ${what}${example ? ` (example: ${example})` : ''}`);
  }

  /** Throws one ConfigError listing every problem found, if any. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }
}
