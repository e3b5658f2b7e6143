/**
 * The small part of a PostgreSQL driver the adapter uses, declared structurally (as kysely's
 * dialects do) so that the core never imports `pg`: a `pg.Pool` fits as it is, and so does any
 * other pool with the same few methods (a test double, a PGlite wrapper, an instrumented pool).
 *
 * @module
 */

/** The result of one statement: the rows it returned and how many rows it touched. */
export interface PgQueryResult {
  /** Returned rows, one object per row keyed by column name. */
  readonly rows: readonly Record<string, unknown>[];
  /** Rows inserted, updated, deleted or returned; null when the driver does not know. */
  readonly rowCount: number | null;
}

/** A connection checked out of a {@link PgPool}: `pg.PoolClient` fits. */
export interface PgClient {
  /**
   * Run one statement. `values` fill `$1`, `$2`, ... Without values the text may hold several
   * statements separated by semicolons (the adapter uses this only for `BEGIN; SET LOCAL ...`).
   */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Give the connection back to the pool; pass an error (or true) to close it instead. */
  release(error?: Error | boolean): void;
  /** Listen for connection errors (pg emits them on a client whose connection is lost). Optional. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** Stop listening (the counterpart of `on`). Optional. */
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** A connection pool: `pg.Pool` fits. */
export interface PgPool {
  /** Check a connection out; the adapter releases it when its unit of work ends. */
  connect(): Promise<PgClient>;
  /** Close every connection. Called by `store.close()` unless told otherwise. */
  end?(): Promise<void>;
}
