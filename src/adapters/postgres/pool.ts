/**
 * The small part of a PostgreSQL driver the adapter uses, declared structurally (as kysely's
 * dialects do) so that the core never imports `pg`: a `pg.Pool` fits as it is, and so does any
 * other pool with the same few methods (a test double, a PGlite wrapper, an instrumented pool).
 *
 * @module
 */

import { isRecord, kindOf, readArgument } from '../../model/arguments.js';
import { SecGovError } from '../../model/errors.js';

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

/**
 * Whether `pool` can be used as a {@link PgPool}: an object with `connect()`. What reading it
 * throws is `VALIDATION_FAILED` naming `name`: the pool is the caller's argument. @internal
 */
export function isPool(pool: unknown, name: string): pool is PgPool {
  return isRecord(pool) && readArgument(name, () => typeof pool['connect'] === 'function');
}

/**
 * The client a pool's `connect()` answered, checked: an object with `query()` and `release()`.
 * Anything else is the driver's fault, not the caller's: `STORE_FAILURE`, with what reading it
 * threw as the cause. @internal
 */
export function checkedClient(client: unknown, doing: string): PgClient {
  let ok = false;
  let cause: unknown;
  try {
    ok = typeof client === 'object' && client !== null && typeof (client as PgClient).query === 'function' && typeof (client as PgClient).release === 'function';
  } catch (error) {
    cause = error;
  }
  if (ok) return client as PgClient;
  const failure = new SecGovError('STORE_FAILURE', `could not ${doing}: the pool's connect() answered ${kindOf(client)}, not a client with query() and release()`, { retryable: false });
  if (cause !== undefined) (failure as Error).cause = cause;
  throw failure;
}

/**
 * Stop listening and give `client` back (closing it when `broken`). What that throws is ignored:
 * the unit of work has ended, committed or not, and failing it now would say the opposite of what
 * happened to its data; the pool is left to deal with its connection. @internal
 */
export function releaseClient(client: PgClient, listener: (error: Error) => void, broken: Error | boolean): void {
  try {
    client.removeListener?.('error', listener);
    client.release(broken);
  } catch {
    // See above.
  }
}
