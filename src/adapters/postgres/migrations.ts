/**
 * The database schema of the PostgreSQL store as versioned migrations, shipped in the package as
 * SQL text, and `migrate` which applies the missing ones.
 *
 * @module
 */
import { invalid, isRecord, kindOf, readOptions } from '../../model/arguments.js';
import { SecGovError } from '../../model/errors.js';
import { asError, storeError } from './errors.js';
import { checkedClient, isPool, releaseClient, type PgClient, type PgPool } from './pool.js';

/** One schema migration: applied once, in version order, inside a transaction. */
export interface Migration {
  /** The version (1, 2, ...): migrations are applied in this order. */
  readonly version: number;
  /** A short name for people. */
  readonly name: string;
  /** The SQL. It names tables without a schema: `migrate` sets the search path. */
  readonly sql: string;
}

/**
 * Payloads (sessions, change batches, snapshots, log entries, versions) are kept as `json`, not
 * `jsonb`: `json` keeps the text exactly as written (key order, `\u0000` escapes), which hash
 * chains over log entries and round trips rely on, and costs nothing since the store never looks
 * inside a payload. The columns it queries on are kept beside the payload.
 * Text columns the store sorts or compares use the "C" collation (code-point order, the order
 * the memory store uses).
 */
const V1 = `
CREATE TABLE secgov_heads (
  name text COLLATE "C" PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO secgov_heads (name, value) VALUES ('state', 0), ('session-changes', 0);

CREATE TABLE secgov_state_batches (
  revision bigint PRIMARY KEY,
  changes json NOT NULL
);

CREATE TABLE secgov_snapshot (
  slot smallint PRIMARY KEY DEFAULT 1 CHECK (slot = 1),
  revision bigint NOT NULL,
  data json NOT NULL
);

CREATE TABLE secgov_sessions (
  key text COLLATE "C" PRIMARY KEY,
  id text COLLATE "C" NOT NULL,
  user_key text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL,
  due_at text COLLATE "C",
  version integer NOT NULL,
  change_seq bigint,
  data json NOT NULL
);
CREATE INDEX secgov_sessions_by_user ON secgov_sessions (user_key, key);
CREATE INDEX secgov_sessions_by_status ON secgov_sessions (status, key);
CREATE INDEX secgov_sessions_due ON secgov_sessions (due_at, id) WHERE due_at IS NOT NULL;
CREATE INDEX secgov_sessions_changes ON secgov_sessions (change_seq);

CREATE TABLE secgov_sequences (
  name text COLLATE "C" PRIMARY KEY,
  value bigint NOT NULL
);

CREATE TABLE secgov_user_activity (
  key text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL,
  data json NOT NULL
);

CREATE TABLE secgov_log_streams (
  stream text COLLATE "C" PRIMARY KEY,
  length bigint NOT NULL
);
CREATE TABLE secgov_log_records (
  stream text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  data json NOT NULL,
  PRIMARY KEY (stream, seq)
);

CREATE TABLE secgov_versions (
  key text COLLATE "C" PRIMARY KEY,
  position bigserial NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  description text,
  created_at text NOT NULL,
  created_by text NOT NULL,
  revision bigint NOT NULL,
  data json NOT NULL
);
CREATE INDEX secgov_versions_by_position ON secgov_versions (position);

-- Large payloads (a d365-size snapshot is about 70 MB of JSON) compress faster with lz4 than with
-- the default pglz, where the server supports it (PostgreSQL 14+ built with lz4).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    EXECUTE 'ALTER TABLE secgov_snapshot ALTER COLUMN data SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE secgov_versions ALTER COLUMN data SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE secgov_state_batches ALTER COLUMN changes SET COMPRESSION lz4';
  END IF;
END
$$;
`;

/** Every migration shipped with this version of the package, oldest first. */
export const migrations: readonly Migration[] = Object.freeze([Object.freeze({ version: 1, name: 'initial schema', sql: V1 })]);

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /**
   * The PostgreSQL schema to keep the tables in (created when missing). Default: the first schema
   * of the connection's search path (normally `public`). Pass the same value to `postgresStore`.
   */
  readonly schema?: string;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call, in order (empty when the database was up to date). */
  readonly applied: readonly number[];
  /** The newest version recorded in the database after the call. */
  readonly version: number;
}

/** The table recording applied migrations. */
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS secgov_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Bring the database schema up to date: apply every shipped migration not yet recorded in the
 * `secgov_migrations` table, all in one transaction. Idempotent. Safe when several servers start
 * at once: a transaction-level advisory lock makes one apply while the others wait, then find
 * nothing left to do. A recorded migration whose SQL differs from the shipped one is refused
 * (`STORE_FAILURE`): the database was changed by a different build.
 *
 * @example
 * import pg from 'pg';
 * import { migrate, postgresStore } from 'secgov/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const store = postgresStore({ pool });
 */
export async function migrate(pool: PgPool, options: MigrateOptions = {}): Promise<MigrateResult> {
  if (!isRecord(options)) throw invalid('options', 'an object { schema? }', options);
  const { schema } = readOptions(options, ['schema']);
  if (schema !== undefined) checkSchemaName(schema);
  if (!isPool(pool, 'pool')) throw invalid('pool', 'a pg.Pool or an object with connect()', pool);
  let client: PgClient;
  try {
    client = checkedClient(await pool.connect(), 'connect to run migrations');
  } catch (error) {
    throw storeError(error, 'connect to run migrations');
  }
  const onError = () => undefined;
  let broken: Error | undefined;
  try {
    client.on?.('error', onError);
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`secgov:migrate:${schema ?? ''}`]);
    if (schema !== undefined) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    }
    await client.query(MIGRATIONS_TABLE);
    const recorded = new Map<number, string>();
    for (const row of (await client.query('SELECT version, checksum FROM secgov_migrations')).rows) recorded.set(Number(row['version']), String(row['checksum']));
    const applied: number[] = [];
    for (const m of migrations) {
      const sum = checksum(m.sql);
      const seen = recorded.get(m.version);
      if (seen !== undefined) {
        if (seen !== sum) {
          throw new SecGovError('STORE_FAILURE', `migration ${m.version} ("${m.name}") recorded in the database differs from the one shipped with this package: the schema was made by another build`, { retryable: false });
        }
        continue;
      }
      await client.query(m.sql);
      await client.query('INSERT INTO secgov_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, sum]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    const version = Math.max(0, ...recorded.keys(), ...applied);
    return { applied, version };
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = asError(rollbackError);
    }
    throw storeError(error, 'apply the secgov migrations');
  } finally {
    releaseClient(client, onError, broken ?? false);
  }
}

/** Schema names: letters, digits, `_` and `$`, at most 63 bytes, as PostgreSQL identifiers. */
export function checkSchemaName(schema: unknown): asserts schema is string {
  if (typeof schema !== 'string' || !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
    const shown = typeof schema === 'string' ? JSON.stringify(schema).slice(0, 80) : kindOf(schema);
    throw new SecGovError('VALIDATION_FAILED', `schema must be a PostgreSQL identifier (letters, digits, "_", at most 63 characters), not ${shown}`, { ids: ['schema'] });
  }
}

/** A double-quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** FNV-1a (32-bit) of the SQL with its whitespace normalized, as 8 hex digits: detects edited migrations. */
function checksum(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
