/**
 * Helpers for the tests that need a real PostgreSQL server. They run when `SECGOV_PG_URL` names
 * one (`.ci/run` starts a PostgreSQL 15 server and sets it) and are skipped otherwise.
 */
import pg from 'pg';
import { describe, it } from 'vitest';
import { migrate, postgresStore, type PgClient, type PgPool } from '../../../src/postgres.js';
import { SecGovError, type Store } from '../../../src/index.js';

/** The server to test against, or undefined. */
export const serverUrl: string | undefined = process.env['SECGOV_PG_URL'] || undefined;

/** `describe` for real-server tests: skipped with a message saying how to run them when no server is set. */
export function describeServer(name: string, body: () => void): void {
  if (serverUrl) describe(name, body);
  else describe(name, () => it.skip(`needs a PostgreSQL server: set SECGOV_PG_URL (for example postgres://postgres@127.0.0.1:5432/secgov_test); .ci/run starts one`, () => undefined));
}

let counter = 0;
/** A schema name unique to this test run. */
export function freshSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`;
}

/** A new pg pool on the test server. */
export function newPool(options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: serverUrl, max: 4, ...options });
  pool.on('error', () => undefined); // idle clients killed by tests
  return pool;
}

/** A migrated schema and a store over it; `drop` removes the schema. */
export async function freshStore(pool: PgPool, prefix: string): Promise<{ store: Store; schema: string }> {
  const schema = freshSchema(prefix);
  await migrate(pool, { schema });
  return { store: postgresStore({ pool, schema, endPoolOnClose: false }), schema };
}

/** Drop a test schema. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/**
 * A pool whose clients can be sabotaged: `hook` runs before every statement with the statement's
 * text and the client's backend pid, and may kill the connection (through another pool) first.
 */
export function hookedPool(pool: pg.Pool, hook: (text: string, pid: number) => Promise<void>): PgPool & { dead: boolean } {
  const wrapper = {
    dead: false,
    async connect(): Promise<PgClient> {
      if (wrapper.dead) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1 (the processor is dead)'), { code: 'ECONNREFUSED' });
      const client = await pool.connect();
      const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      return {
        async query(text: string, values?: unknown[]) {
          await hook(text, pid);
          return values === undefined ? client.query(text) : client.query(text, values);
        },
        release: (error?: Error | boolean) => client.release(error),
        on: (event: 'error', listener: (error: Error) => void) => client.on(event, listener),
        removeListener: (event: 'error', listener: (error: Error) => void) => client.removeListener(event, listener),
      };
    },
    end: () => pool.end(),
  };
  return wrapper;
}

/** Terminate a backend from another connection, and wait until it is gone. */
export async function terminate(admin: pg.Pool, pid: number): Promise<void> {
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  for (let i = 0; i < 200; i++) {
    const alive = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (alive.rowCount === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `work`, tried again while another server wins (as a caller retrying a retryable error would). */
export async function persist<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof SecGovError && error.code === 'CONCURRENT_MODIFICATION')) throw error;
    }
  }
}
