/**
 * A client of Trino's HTTP protocol (the one its CLI and JDBC driver speak): POST the statement
 * to /v1/statement, then follow `nextUri` until the query is finished, collecting the column names
 * and rows. Athena engine v3 is Trino, so this is how the project runs Athena SQL on this machine.
 */

export interface TrinoSession {
  /** e.g. http://127.0.0.1:28080 */
  readonly url: string;
  readonly catalog?: string;
  readonly schema?: string;
  /** Trino requires a user name; there is no authentication on a local coordinator. */
  readonly user?: string;
  /** Gives up (and cancels the query) after this long. */
  readonly timeoutMs?: number;
}

export interface TrinoResult {
  readonly columns: readonly string[];
  /** Trino's type names per column (varchar, bigint, timestamp(3), …). */
  readonly types: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Trino's own figures for the query. */
  readonly stats: {
    readonly elapsedMs: number;
    readonly processedRows: number;
    readonly processedBytes: number;
  };
}

/** A query Trino refused or failed, with its own message and error name. */
export class TrinoQueryError extends Error {
  constructor(
    message: string,
    readonly errorName: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TrinoQueryError';
  }
}

interface Page {
  readonly id?: string;
  readonly nextUri?: string;
  readonly columns?: readonly { name: string; type: string }[];
  readonly data?: readonly unknown[][];
  readonly stats?: {
    state?: string;
    elapsedTimeMillis?: number;
    processedRows?: number;
    processedBytes?: number;
  };
  readonly error?: {
    message?: string;
    errorName?: string;
    errorLocation?: { lineNumber: number; columnNumber: number };
  };
}

/**
 * Runs one statement and returns all its rows.
 *
 * @example
 * const { columns, rows } = await runTrino({ url, catalog: 'awsdatacatalog', schema: 'stock_ticks_local' }, 'SELECT 1');
 */
export async function runTrino(session: TrinoSession, sql: string): Promise<TrinoResult> {
  const headers: Record<string, string> = {
    'X-Trino-User': session.user ?? 'stock-ticks',
    'X-Trino-Source': 'stock-ticks',
    // Athena runs every query in UTC: current_date, date_format and timestamps agree with it.
    'X-Trino-Time-Zone': 'UTC',
  };
  if (session.catalog) headers['X-Trino-Catalog'] = session.catalog;
  if (session.schema) headers['X-Trino-Schema'] = session.schema;
  const deadline = Date.now() + (session.timeoutMs ?? 300_000);

  let page = await request(`${session.url.replace(/\/$/, '')}/v1/statement`, {
    method: 'POST',
    headers,
    body: sql,
  });
  let columns: Page['columns'];
  const rows: unknown[][] = [];
  for (;;) {
    if (page.error) throw queryError(page.error, sql);
    columns ??= page.columns;
    if (page.data) rows.push(...page.data);
    if (!page.nextUri) break;
    if (Date.now() > deadline) {
      await fetch(page.nextUri, { method: 'DELETE', headers }).catch(() => undefined);
      throw new TrinoQueryError(
        `The query took longer than ${(session.timeoutMs ?? 300_000) / 1000} s and was cancelled`,
        'TIMEOUT',
      );
    }
    page = await request(page.nextUri, { method: 'GET', headers });
  }
  return {
    columns: (columns ?? []).map((c) => c.name),
    types: (columns ?? []).map((c) => c.type),
    rows,
    stats: {
      elapsedMs: page.stats?.elapsedTimeMillis ?? 0,
      processedRows: page.stats?.processedRows ?? 0,
      processedBytes: page.stats?.processedBytes ?? 0,
    },
  };
}

async function request(url: string, init: RequestInit): Promise<Page> {
  // Trino answers 429/502/503 while busy or starting: the protocol says to retry the same URI.
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (cause) {
      throw new TrinoQueryError(
        `Cannot reach Trino at ${new URL(url).origin}: ${(cause as Error).message}`,
        'UNREACHABLE',
        {
          cause,
        },
      );
    }
    if ([429, 502, 503, 504].includes(response.status) && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      continue;
    }
    const text = await response.text();
    if (!response.ok)
      throw new TrinoQueryError(`Trino answered HTTP ${response.status}: ${text.slice(0, 300)}`, 'HTTP');
    return JSON.parse(text) as Page;
  }
}

function queryError(error: NonNullable<Page['error']>, sql: string): TrinoQueryError {
  const where = error.errorLocation
    ? ` (line ${error.errorLocation.lineNumber}, column ${error.errorLocation.columnNumber}: ${sql.split('\n')[error.errorLocation.lineNumber - 1]?.trim() ?? ''})`
    : '';
  return new TrinoQueryError(`${error.message ?? 'query failed'}${where}`, error.errorName);
}
