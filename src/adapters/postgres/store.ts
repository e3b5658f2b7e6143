/**
 * The PostgreSQL store: a durable {@link Store} shared by several application servers.
 *
 * Each unit of work is one PostgreSQL transaction (READ COMMITTED) on one pooled connection.
 * Optimistic concurrency needs no stronger isolation: every versioned write is a conditional
 * `UPDATE ... WHERE version = expected`, which PostgreSQL re-checks against the newest committed
 * row after waiting for a concurrent writer, so of two units based on the same version exactly one
 * succeeds and the other gets `CONCURRENT_MODIFICATION`.
 *
 * @module
 */
import type { Change } from '../../model/changes.js';
import type { ModelData } from '../../model/data.js';
import { SecGovError } from '../../model/errors.js';
import type {
  LogPage,
  LogRecord,
  SessionChanges,
  SessionQuery,
  StateReading,
  StateSnapshot,
  Store,
  StoreTransaction,
  StoredVersion,
  UserActivity,
  VersionInfo,
} from '../../ports/store.js';
import type { Session } from '../../sessions/schemas.js';
import { storeError } from './errors.js';
import { checkSchemaName, quoteIdent } from './migrations.js';
import type { PgClient, PgPool, PgQueryResult } from './pool.js';

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** Where connections come from: a `pg.Pool`, or anything with the same `connect()`. */
  readonly pool: PgPool;
  /**
   * The PostgreSQL schema holding the tables (as given to `migrate`). Default: the connection's
   * search path (normally `public`).
   */
  readonly schema?: string;
  /** Whether `store.close()` ends the pool. Default true; pass false when the pool is shared. */
  readonly endPoolOnClose?: boolean;
}

const key = (id: string) => id.toLowerCase();

/** When the processor must look at a session (as the memory store): start (or end, if earlier) while scheduled, end while active. */
function dueAt(s: Session): string | null {
  switch (s.status) {
    case 'planned':
    case 'approved':
      return s.start < s.end ? s.start : s.end;
    case 'active':
      return s.end;
    default:
      return null;
  }
}

/** A whole number in [min, max], or `fallback` when the value is missing or not a finite number. */
function whole(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

const MAX_ROWS = 1_000_000_000;

/** JSON text of a payload; `undefined` (not JSON) is stored as null, as `JSON.stringify` does inside arrays. */
function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function parse<T>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}

/**
 * Create a {@link Store} over PostgreSQL. Run {@link migrate} once before (at deployment or at
 * start-up: it is idempotent and safe when several servers start at once).
 *
 * - Every unit of work is one transaction; a unit that throws, or whose connection is lost,
 *   leaves nothing behind. Driver errors become `SecGovError`s: `STORE_FAILURE` (with
 *   `details.retryable: true` for a lost connection, a restart, a timeout),
 *   `CONCURRENT_MODIFICATION` for stale versions, serialization failures and deadlocks.
 * - `findDueSessions` claims the rows it returns (`FOR UPDATE SKIP LOCKED`): processors on several
 *   servers share due sessions without waiting for each other and without double transitions.
 * - `lastLog` and `appendLog` lock the stream's row until the transaction ends, so hash-chained
 *   appends (the audit trail) to one stream are serialized; appends to different streams are not.
 * - Session changes are numbered at commit, under a short lock, so a reader's cursor never skips
 *   a change that commits late.
 *
 * @example
 * import pg from 'pg';
 * import { createGovernance } from 'secgov';
 * import { migrate, postgresStore } from 'secgov/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const gov = await createGovernance({ store: postgresStore({ pool }) });
 */
export function postgresStore(options: PostgresStoreOptions): Store {
  if (!options || typeof options !== 'object' || typeof options.pool?.connect !== 'function') {
    throw new SecGovError('VALIDATION_FAILED', 'postgresStore needs { pool }: a pg.Pool or an object with connect()');
  }
  const { pool } = options;
  if (options.schema !== undefined) checkSchemaName(options.schema);
  const begin = options.schema === undefined ? 'BEGIN' : `BEGIN; SET LOCAL search_path TO ${quoteIdent(options.schema)}`;
  const endPool = options.endPoolOnClose ?? true;
  let closed = false;

  return {
    async transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (closed) throw new SecGovError('STORE_FAILURE', 'the PostgreSQL store is closed', { retryable: false });
      let client: PgClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw storeError(error, 'connect to PostgreSQL');
      }
      // pg emits 'error' on a checked-out client whose connection dies; without a listener that
      // would crash the process. The failure reaches us through the pending query instead.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on?.('error', onError);
      const unit = new Unit(client);
      try {
        await unit.run(begin, undefined, 'begin a transaction');
        const result = await work(unit.tx);
        await unit.beforeCommit();
        unit.committing = true;
        await unit.run('COMMIT', undefined, 'commit');
        unit.closed = true;
        return result;
      } catch (error) {
        const committing = unit.committing;
        unit.closed = true;
        if (!committing || lost === undefined) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            lost ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
        }
        if (committing && !(error instanceof SecGovError && error.code === 'CONCURRENT_MODIFICATION')) {
          const failure = storeError(error, 'commit');
          if (failure.details.retryable === true) {
            // The COMMIT was sent but its answer never came: it may or may not have taken effect.
            throw new SecGovError('STORE_FAILURE', `${failure.message} (the connection was lost while committing: the unit of work either committed completely or not at all)`, {
              ...failure.details,
              commitUnknown: true,
            });
          }
          throw failure;
        }
        throw error;
      } finally {
        client.removeListener?.('error', onError);
        client.release(lost ?? false);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (endPool) await pool.end?.();
    },
  };
}

/** One unit of work: a transaction on one connection. */
class Unit {
  closed = false;
  committing = false;
  /** Keys of sessions written by this unit: numbered for `sessionChanges` at commit. */
  private readonly touched = new Set<string>();
  readonly tx: StoreTransaction;

  constructor(private readonly client: PgClient) {
    this.tx = this.makeTransaction();
  }

  async run(text: string, values: unknown[] | undefined, doing: string): Promise<PgQueryResult> {
    try {
      return values === undefined ? await this.client.query(text) : await this.client.query(text, values);
    } catch (error) {
      throw storeError(error, doing);
    }
  }

  /** Number this unit's session writes: one change number for all, taken under a lock held only until the commit right after. */
  async beforeCommit(): Promise<void> {
    if (this.touched.size === 0) return;
    await this.run(
      `WITH c AS (UPDATE secgov_heads SET value = value + 1 WHERE name = 'session-changes' RETURNING value)
       UPDATE secgov_sessions SET change_seq = c.value FROM c WHERE secgov_sessions.key = ANY($1::text[])`,
      [[...this.touched]],
      'number session changes',
    );
  }

  private makeTransaction(): StoreTransaction {
    const unit = this;
    const q = async (text: string, values: unknown[], doing: string): Promise<PgQueryResult> => {
      if (unit.closed) throw new SecGovError('STORE_FAILURE', 'this unit of work has already ended; start a new one with store.transact()');
      return unit.run(text, values, doing);
    };
    const revision = async (doing: string) => Number((await q(`SELECT value FROM secgov_heads WHERE name = 'state'`, [], doing)).rows[0]?.['value'] ?? 0);
    const sessionVersion = async (k: string) => {
      const row = (await q('SELECT version FROM secgov_sessions WHERE key = $1', [k], 'read a session version')).rows[0];
      return row === undefined ? undefined : Number(row['version']);
    };
    const activityVersion = async (k: string) => Number((await q('SELECT version FROM secgov_user_activity WHERE key = $1', [k], 'read a user activity version')).rows[0]?.['version'] ?? 0);
    const sessionsOf = (result: PgQueryResult) => result.rows.map((r) => parse<Session>(r['data']));

    return {
      async stateRevision() {
        return revision('read the state revision');
      },

      async readState(afterRevision: number): Promise<StateReading> {
        const after = whole(afterRevision, 0, Number.MAX_SAFE_INTEGER, 0);
        const snap = (await q('SELECT revision, data::text AS data FROM secgov_snapshot WHERE revision > $1', [after], 'read the state snapshot')).rows[0];
        const snapshot: StateSnapshot | null = snap === undefined ? null : { revision: Number(snap['revision']), data: parse<ModelData>(snap['data']) };
        const from = snapshot ? snapshot.revision : after;
        const rows = (await q('SELECT revision, changes::text AS changes FROM secgov_state_batches WHERE revision > $1 ORDER BY revision', [from], 'read state batches')).rows;
        return { snapshot, batches: rows.map((r) => ({ revision: Number(r['revision']), changes: parse<Change[]>(r['changes']) })) };
      },

      async appendState(expectedRevision: number, changes: readonly Change[]) {
        const result = await q(
          `WITH h AS (UPDATE secgov_heads SET value = value + 1 WHERE name = 'state' AND value = $1 RETURNING value)
           INSERT INTO secgov_state_batches (revision, changes) SELECT value, $2::json FROM h RETURNING revision`,
          [expectedRevision, json(changes)],
          'append a state batch',
        );
        const row = result.rows[0];
        if (row === undefined) {
          const current = await revision('read the state revision');
          throw new SecGovError('CONCURRENT_MODIFICATION', `the governed state is at revision ${current}, not ${expectedRevision}: reload and retry`, { retryable: true });
        }
        return Number(row['revision']);
      },

      async saveSnapshot(snapshot: StateSnapshot) {
        const current = await revision('read the state revision');
        if (snapshot.revision > current) throw new SecGovError('VALIDATION_FAILED', `snapshot revision ${snapshot.revision} is ahead of the state (${current})`);
        await q(
          `INSERT INTO secgov_snapshot (slot, revision, data) VALUES (1, $1, $2::json)
           ON CONFLICT (slot) DO UPDATE SET revision = excluded.revision, data = excluded.data`,
          [snapshot.revision, json(snapshot.data)],
          'save a state snapshot',
        );
      },

      async getSession(id: string) {
        const result = await q('SELECT data::text AS data FROM secgov_sessions WHERE key = $1', [key(id)], 'read a session');
        return sessionsOf(result)[0];
      },

      async findSessions(query: SessionQuery) {
        const user = query.user === undefined ? null : key(query.user);
        const statuses = query.statuses === undefined ? null : [...query.statuses];
        const limit = query.limit === undefined ? null : whole(query.limit, 0, MAX_ROWS, MAX_ROWS);
        const result = await q(
          `SELECT data::text AS data FROM secgov_sessions
           WHERE ($1::text IS NULL OR user_key = $1) AND ($2::text[] IS NULL OR status = ANY($2::text[]))
           ORDER BY key LIMIT $3`,
          [user, statuses, limit],
          'find sessions',
        );
        return sessionsOf(result);
      },

      async findDueSessions(now: string, limit: number) {
        const n = whole(limit, 0, MAX_ROWS, 0);
        if (n === 0) return [];
        // Claims the rows: other units of work skip them until this one ends.
        const result = await q(
          `SELECT data::text AS data FROM secgov_sessions WHERE due_at <= $1
           ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, n],
          'find due sessions',
        );
        return sessionsOf(result);
      },

      async insertSession(s: Session) {
        if (s.version !== 1) throw new SecGovError('VALIDATION_FAILED', `a new session must have version 1, not ${s.version}`, { ids: [s.id] });
        const k = key(s.id);
        const result = await q(
          `INSERT INTO secgov_sessions (key, id, user_key, status, due_at, version, data)
           VALUES ($1, $2, $3, $4, $5, 1, $6::json) ON CONFLICT (key) DO NOTHING`,
          [k, s.id, key(s.user), s.status, dueAt(s), json(s)],
          'insert a session',
        );
        if (result.rowCount === 0) throw new SecGovError('DUPLICATE_ID', `session "${s.id}" already exists`, { ids: [s.id] });
        unit.touched.add(k);
      },

      async updateSession(s: Session) {
        const k = key(s.id);
        const result = await q(
          `UPDATE secgov_sessions SET user_key = $2, status = $3, due_at = $4, version = $5, data = $6::json, change_seq = NULL
           WHERE key = $1 AND version = $5 - 1`,
          [k, key(s.user), s.status, dueAt(s), s.version, json(s)],
          'update a session',
        );
        if (result.rowCount === 0) {
          const current = await sessionVersion(k);
          if (current === undefined) throw new SecGovError('NOT_FOUND', `session "${s.id}" does not exist`, { ids: [s.id] });
          throw new SecGovError('CONCURRENT_MODIFICATION', `session "${s.id}" is at version ${current}; a write of version ${s.version} is stale`, { ids: [s.id], retryable: true });
        }
        unit.touched.add(k);
      },

      async sessionChanges(cursor: number): Promise<SessionChanges> {
        const after = whole(cursor, 0, Number.MAX_SAFE_INTEGER, 0);
        // One statement, one snapshot: the head and the rows agree.
        const result = await q(
          `SELECT h.value AS head, s.data::text AS data FROM secgov_heads h
           LEFT JOIN secgov_sessions s ON s.change_seq > $1
           WHERE h.name = 'session-changes' ORDER BY s.change_seq, s.key`,
          [after],
          'read session changes',
        );
        const head = Number(result.rows[0]?.['head'] ?? after);
        const sessions = result.rows.filter((r) => r['data'] !== null && r['data'] !== undefined).map((r) => parse<Session>(r['data']));
        return { cursor: Math.max(head, after), sessions };
      },

      async nextSequence(name: string) {
        const result = await q(
          `INSERT INTO secgov_sequences (name, value) VALUES ($1, 1)
           ON CONFLICT (name) DO UPDATE SET value = secgov_sequences.value + 1 RETURNING value`,
          [name],
          'take a sequence number',
        );
        return Number(result.rows[0]!['value']);
      },

      async getUserActivity(user: string) {
        const row = (await q('SELECT data::text AS data FROM secgov_user_activity WHERE key = $1', [key(user)], 'read user activity')).rows[0];
        return row === undefined ? undefined : parse<UserActivity>(row['data']);
      },

      async putUserActivity(activity: UserActivity) {
        const k = key(activity.user);
        const result =
          activity.version === 1
            ? await q('INSERT INTO secgov_user_activity (key, version, data) VALUES ($1, 1, $2::json) ON CONFLICT (key) DO NOTHING', [k, json(activity)], 'store user activity')
            : await q('UPDATE secgov_user_activity SET version = $2, data = $3::json WHERE key = $1 AND version = $2 - 1', [k, activity.version, json(activity)], 'store user activity');
        if (result.rowCount === 0) {
          const current = await activityVersion(k);
          throw new SecGovError('CONCURRENT_MODIFICATION', `activity of user "${activity.user}" is at version ${current}; a write of version ${activity.version} is stale`, { ids: [activity.user], retryable: true });
        }
      },

      async appendLog(stream: string, entries: readonly unknown[]) {
        if (unit.closed) throw new SecGovError('STORE_FAILURE', 'this unit of work has already ended; start a new one with store.transact()');
        if (entries.length === 0) return;
        // The stream's row is locked until the transaction ends: appends to one stream serialize
        // and number their entries without gaps, in commit order.
        await q(
          `WITH s AS (
             INSERT INTO secgov_log_streams (stream, length) VALUES ($1, $2)
             ON CONFLICT (stream) DO UPDATE SET length = secgov_log_streams.length + excluded.length
             RETURNING length
           )
           INSERT INTO secgov_log_records (stream, seq, data)
           SELECT $1, s.length - $2 + e.n, e.value FROM s, json_array_elements($3::json) WITH ORDINALITY AS e(value, n)`,
          [stream, entries.length, json(entries)],
          'append to a log',
        );
      },

      async readLog(stream: string, options: { readonly after?: number; readonly limit?: number } = {}): Promise<LogPage> {
        const after = whole(options?.after, 0, Number.MAX_SAFE_INTEGER, 0);
        const limit = whole(options?.limit, 1, MAX_ROWS, 1000);
        const rows = (
          await q('SELECT seq, data::text AS data FROM secgov_log_records WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3', [stream, after, limit + 1], 'read a log')
        ).rows;
        const more = rows.length > limit;
        const records: LogRecord[] = (more ? rows.slice(0, limit) : rows).map((r) => ({ seq: Number(r['seq']), data: parse<unknown>(r['data']) }));
        return { records, cursor: after + records.length, more };
      },

      async lastLog(stream: string): Promise<LogRecord | null> {
        // Claim the tail: lock the stream's row (creating an empty one if needed) until the
        // transaction ends, so no other unit reads or extends this tail meanwhile.
        const claimed = await q(
          `INSERT INTO secgov_log_streams (stream, length) VALUES ($1, 0)
           ON CONFLICT (stream) DO UPDATE SET length = secgov_log_streams.length RETURNING length`,
          [stream],
          'claim a log tail',
        );
        const length = Number(claimed.rows[0]!['length']);
        if (length === 0) return null;
        // A separate statement: its snapshot is taken after the lock, so it sees the committed tail.
        const row = (await q('SELECT data::text AS data FROM secgov_log_records WHERE stream = $1 AND seq = $2', [stream, length], 'read a log tail')).rows[0];
        if (row === undefined) throw new SecGovError('INTEGRITY_VIOLATION', `log stream "${stream}" has ${length} entries but entry ${length} is missing`);
        return { seq: length, data: parse<unknown>(row['data']) };
      },

      async saveVersion(version: StoredVersion) {
        const result = await q(
          `INSERT INTO secgov_versions (key, id, name, description, created_at, created_by, revision, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json) ON CONFLICT (key) DO NOTHING`,
          [key(version.id), version.id, version.name, version.description, version.createdAt, version.createdBy, version.revision, json(version.data)],
          'save a version',
        );
        if (result.rowCount === 0) throw new SecGovError('DUPLICATE_ID', `version "${version.id}" already exists`, { ids: [version.id] });
      },

      async getVersion(id: string) {
        const row = (
          await q('SELECT id, name, description, created_at, created_by, revision, data::text AS data FROM secgov_versions WHERE key = $1', [key(id)], 'read a version')
        ).rows[0];
        return row === undefined ? undefined : { ...versionInfo(row), data: parse<ModelData>(row['data']) };
      },

      async listVersions(): Promise<VersionInfo[]> {
        const rows = (await q('SELECT id, name, description, created_at, created_by, revision FROM secgov_versions ORDER BY position', [], 'list versions')).rows;
        return rows.map(versionInfo);
      },

      async deleteVersion(id: string) {
        const result = await q('DELETE FROM secgov_versions WHERE key = $1', [key(id)], 'delete a version');
        return (result.rowCount ?? 0) > 0;
      },
    };
  }
}

function versionInfo(row: Record<string, unknown>): VersionInfo {
  return {
    id: String(row['id']),
    name: String(row['name']),
    description: row['description'] === null || row['description'] === undefined ? null : String(row['description']),
    createdAt: String(row['created_at']),
    createdBy: String(row['created_by']),
    revision: Number(row['revision']),
  };
}
