/**
 * Driver and server errors translated to {@link SecGovError}: the caller branches on stable codes,
 * never on SQLSTATEs or driver messages.
 *
 * @module
 */
import { SecGovError } from '../../model/errors.js';

/** SQLSTATE classes and codes after which the same command may succeed on a fresh connection. */
const TRANSIENT_STATES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '57014', // query_canceled (statement_timeout)
  '55P03', // lock_not_available (lock_timeout)
  '25P03', // idle_in_transaction_session_timeout
  '25006', // read_only_sql_transaction (a standby after a failover)
]);
/** Node socket errors and pg messages that mean the connection is gone. */
const NODE_CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const CONNECTION_MESSAGE = /connection terminated|connection (?:is )?(?:closed|ended|lost)|client has encountered a connection error|not queryable|timeout exceeded when trying to connect|terminating connection|server closed the connection/i;

/** The parts of a driver error the mapping looks at. */
interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
}

/** A field of a driver error; undefined when it has none or reading it throws (the error is the driver's, not ours to trust). */
function field(error: unknown, name: keyof DriverError): unknown {
  try {
    return typeof error === 'object' && error !== null ? (error as DriverError)[name] : undefined;
  } catch {
    return undefined;
  }
}

/** `value` when it is an `Error`, else an `Error` saying what it was (a driver may throw anything). */
export function asError(value: unknown): Error {
  try {
    if (value instanceof Error) return value;
  } catch {
    // A Proxy whose traps throw: not an Error we can use.
  }
  return new Error(driverMessage(value));
}

/** The SQLSTATE (or Node error code) of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = field(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** What a driver error says, for a message: its message, else its text, else that it cannot be read. */
export function driverMessage(error: unknown): string {
  const message = field(error, 'message');
  if (typeof message === 'string') return message;
  try {
    return String(error);
  } catch {
    return 'an error that cannot be read';
  }
}

/** Whether the error means the connection itself is unusable (it must not go back to the pool). */
export function isConnectionError(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || NODE_CONNECTION_CODES.has(code))) return true;
  const message = field(error, 'message');
  return typeof message === 'string' && CONNECTION_MESSAGE.test(message);
}

/**
 * Translate an error thrown by the driver while `doing` something into a {@link SecGovError}.
 * SecGovErrors pass through unchanged.
 *
 * - connection lost, server shutting down, timeouts, too many connections: `STORE_FAILURE`, retryable
 * - serialization failure, deadlock: `CONCURRENT_MODIFICATION`, retryable
 * - unique violation: `DUPLICATE_ID`
 * - missing tables or schema: `STORE_FAILURE` asking to run `migrate`
 * - anything else: `STORE_FAILURE`, not retryable
 *
 * The driver error is kept as the `cause`; its SQLSTATE is in `details.sqlState`.
 */
export function storeError(error: unknown, doing: string): SecGovError {
  if (error instanceof SecGovError) return error;
  const code = sqlState(error);
  const raw = driverMessage(error);
  const state = code !== undefined ? { sqlState: code } : {};
  let result: SecGovError;
  if (code === '40001' || code === '40P01') {
    result = new SecGovError('CONCURRENT_MODIFICATION', `PostgreSQL refused to ${doing} because a concurrent unit of work changed the same data (${raw}): retry`, { ...state, retryable: true });
  } else if (code === '23505') {
    result = new SecGovError('DUPLICATE_ID', `PostgreSQL refused to ${doing}: a record with the same key exists (${raw})`, { ...state, retryable: false });
  } else if (code === '42P01' || code === '3F000') {
    result = new SecGovError('STORE_FAILURE', `could not ${doing}: the secgov tables are missing (${raw}); run migrate(pool) first`, { ...state, retryable: false });
  } else if (isConnectionError(error) || (code !== undefined && (TRANSIENT_STATES.has(code) || code.startsWith('53')))) {
    result = new SecGovError('STORE_FAILURE', `could not ${doing}: the PostgreSQL connection failed (${raw}); nothing of this unit of work was kept, retry`, { ...state, retryable: true });
  } else {
    result = new SecGovError('STORE_FAILURE', `could not ${doing}: ${raw}`, { ...state, retryable: false });
  }
  (result as Error).cause = error;
  return result;
}
