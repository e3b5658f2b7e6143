/**
 * The PostgreSQL adapter: the store, its migrations, and the driver surface it needs.
 *
 * @module
 */
export { postgresStore, type PostgresStoreOptions } from './store.js';
export { migrate, migrations, type Migration, type MigrateOptions, type MigrateResult } from './migrations.js';
export type { PgClient, PgPool, PgQueryResult } from './pool.js';
