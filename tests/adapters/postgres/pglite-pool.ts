/**
 * A pool-shaped wrapper over PGlite (PostgreSQL compiled to WebAssembly, in process) for tests.
 * PGlite has one connection, so `connect()` hands it to one unit of work at a time: the others
 * wait in line, as they would for a pool of size one.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { migrate, postgresStore, type PgClient, type PgPool, type PgQueryResult } from '../../../src/postgres.js';
import type { Store } from '../../../src/ports/store.js';

/** A {@link PgPool} over one PGlite database, plus the database itself. */
export interface PglitePool extends PgPool {
  readonly db: PGlite;
  end(): Promise<void>;
}

/** Open a fresh in-memory PGlite database behind a one-connection pool. */
export async function pglitePool(): Promise<PglitePool> {
  const db = await PGlite.create();
  let queue: Promise<void> = Promise.resolve();
  const query = async (text: string, values?: unknown[]): Promise<PgQueryResult> => {
    if (values === undefined || values.length === 0) {
      // Without parameters the text may hold several statements (migrations, BEGIN; SET LOCAL).
      const results = await db.exec(text);
      const last = results[results.length - 1];
      return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
    }
    const result = await db.query<Record<string, unknown>>(text, values);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    db,
    connect() {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = queue;
      queue = queue.then(() => turn);
      return previous.then(() => {
        let released = false;
        const client: PgClient = {
          query,
          release() {
            if (released) return;
            released = true;
            release();
          },
        };
        return client;
      });
    },
    async end() {
      await queue;
      await db.close();
    },
  };
}

/**
 * Stores on one PGlite database opened for the calling test file (hooks registered with
 * `beforeAll` / `afterAll`), each store on a fresh schema named `prefix_n`.
 */
export function pgliteStores(prefix: string): () => Promise<Store> {
  let pool: PglitePool;
  let n = 0;
  beforeAll(async () => {
    pool = await pglitePool();
  });
  afterAll(async () => {
    await pool.end();
  });
  return async () => {
    const schema = `${prefix}_${++n}`;
    await migrate(pool, { schema });
    return postgresStore({ pool, schema, endPoolOnClose: false });
  };
}
