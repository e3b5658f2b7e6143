/**
 * `secgov/postgres`: the PostgreSQL store for deployments with several application servers.
 * Needs the `pg` package (an optional peer dependency) or any pool with the same `connect()`.
 *
 * @example
 * import pg from 'pg';
 * import { createGovernance } from 'secgov';
 * import { migrate, postgresStore } from 'secgov/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const gov = await createGovernance({ store: postgresStore({ pool }) });
 *
 * @packageDocumentation
 */
export * from './adapters/postgres/index.js';
