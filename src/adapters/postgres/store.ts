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
import { invalid, isRecord, readArgument, readOptions } from '../../model/arguments.js';
import { activityArgument, changesArgument, expectedRevisionArgument, idArgument, logArguments, logOptionsArgument, nowArgument, queryArgument, recordJson, snapshotArgument, versionArgument, whole } from '../store-arguments.js';
import { assertSession } from '../../sessions/guard.js';
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
import { sessionDueAt } from '../../sessions/machine.js';
import type { Session } from '../../sessions/schemas.js';
import { asError, driverMessage, isConnectionError, storeError } from './errors.js';
import { checkSchemaName, quoteIdent } from './migrations.js';
import { checkedClient, isPool, releaseClient, type PgClient, type PgPool, type PgQueryResult } from './pool.js';

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

/** The key of an id (case-insensitive); a caller's id that is not a string is refused, naming it. */
const key = (id: string, name = 'id'): string => idArgument(id, name).toLowerCase();


const MAX_ROWS = 1_000_000_000;

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
  const needsPool = () => new SecGovError('VALIDATION_FAILED', 'postgresStore needs { pool }: a pg.Pool or an object with connect()', { ids: ['options.pool'] });
  if (!isRecord(options)) throw needsPool();
  // Each option read once, here.
  const { pool, schema, endPoolOnClose } = readOptions(options, ['pool', 'schema', 'endPoolOnClose']);
  if (!isPool(pool, 'options.pool')) throw needsPool();
  if (schema !== undefined) checkSchemaName(schema);
  if (endPoolOnClose !== undefined && typeof endPoolOnClose !== 'boolean') throw invalid('options.endPoolOnClose', 'a boolean', endPoolOnClose);
  const begin = schema === undefined ? 'BEGIN' : `BEGIN; SET LOCAL search_path TO ${quoteIdent(schema)}`;
  const endPool = endPoolOnClose ?? true;
  const driver = pool;
  let closed = false;

  return {
    async transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (typeof work !== 'function') throw invalid('work', 'a function (tx) => Promise', work);
      if (closed) throw new SecGovError('STORE_FAILURE', 'the PostgreSQL store is closed', { retryable: false });
      let client: PgClient;
      try {
        client = checkedClient(await driver.connect(), 'connect to PostgreSQL');
      } catch (error) {
        throw storeError(error, 'connect to PostgreSQL');
      }
      // pg emits 'error' on a checked-out client whose connection dies; without a listener that
      // would crash the process. The failure reaches us through the pending query instead.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      const unit = new Unit(client);
      try {
        try {
          client.on?.('error', onError);
        } catch (error) {
          throw storeError(error, 'listen for connection errors');
        }
        await unit.run(begin, undefined, 'begin a transaction');
        const result = await work(unit.tx);
        try {
          await unit.beforeCommit();
        } catch (error) {
          throw storeError(error, 'send the unit of work before committing');
        }
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
            lost ??= asError(rollbackError);
          }
        }
        if (committing && !(error instanceof SecGovError && error.code === 'CONCURRENT_MODIFICATION')) {
          const failure = storeError(error, 'commit');
          const cause = (failure as Error).cause ?? error;
          if (isConnectionError(cause)) {
            // The COMMIT was sent but its answer never came: it may or may not have taken effect.
            const unknown = new SecGovError(
              'STORE_FAILURE',
              `the PostgreSQL connection was lost while committing (${driverMessage(cause)}): the unit of work either committed completely or not at all; read before retrying`,
              { ...failure.details, retryable: true, commitUnknown: true },
            );
            (unknown as Error).cause = cause;
            throw unknown;
          }
          throw failure;
        }
        throw error;
      } finally {
        releaseClient(client, onError, lost ?? false);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!endPool) return;
      try {
        await driver.end?.();
      } catch (error) {
        throw storeError(error, 'close the pool');
      }
    },
  };
}

/**
 * `tx` with what the adapter's own code throws on a driver answer it cannot read (a `TypeError` on
 * a result or row of the wrong shape, a `SyntaxError` of stored text) made a `STORE_FAILURE` naming
 * the method, with the original as its cause: the driver's fault, not the caller's. SecGovErrors
 * (the argument checks, the store's own refusals) pass through.
 */
function guardedTransaction(tx: StoreTransaction): StoreTransaction {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(tx) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        throw storeError(error, `run ${name}`);
      }
    };
  }
  return guarded as unknown as StoreTransaction;
}

/** A session write not yet sent: its row values, computed (and its JSON taken) when it was written. */
interface PendingSession {
  readonly op: 'insert' | 'update';
  readonly id: string;
  readonly version: number;
  readonly userKey: string;
  readonly status: string;
  readonly due: string | null;
  /** The session's JSON text. */
  readonly data: string;
}

/**
 * One unit of work: a transaction on one connection.
 *
 * Session writes and log appends are kept here and sent in bulk (one statement for all session
 * inserts, one for all updates, one for all log entries) when a read needs them or at commit: a
 * processor batch of 500 transitions costs a handful of round trips, not 1,500. Everything else is
 * sent at once.
 */
class Unit {
  closed = false;
  committing = false;
  /** Keys of sessions written by this unit (sent): numbered for `sessionChanges` at commit. */
  private readonly touched = new Set<string>();
  private readonly pendingSessions = new Map<string, PendingSession>();
  /** Log entries not yet sent, by stream, as JSON texts. */
  private readonly pendingLogs = new Map<string, string[]>();
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

  /** Send what is pending, then number this unit's session writes: one change number for all, under a lock held only until the commit right after. */
  async beforeCommit(): Promise<void> {
    await this.flushSessions();
    await this.flushLogs();
    if (this.touched.size === 0) return;
    await this.run(
      `WITH c AS (UPDATE secgov_heads SET value = value + 1 WHERE name = 'session-changes' RETURNING value)
       UPDATE secgov_sessions SET change_seq = c.value FROM c WHERE secgov_sessions.key = ANY($1::text[])`,
      [[...this.touched]],
      'number session changes',
    );
  }

  /** Send pending session writes: all inserts in one statement, all updates in another (in key order, so concurrent units lock rows in the same order). */
  async flushSessions(): Promise<void> {
    if (this.pendingSessions.size === 0) return;
    const pending = [...this.pendingSessions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.pendingSessions.clear();
    const inserts = pending.filter(([, p]) => p.op === 'insert');
    const updates = pending.filter(([, p]) => p.op === 'update');
    // Row values as typed arrays; the payloads as one JSON array, matched by position (JSON
    // operators would decode the payloads' strings, and \u0000 has no text form).
    const values = (list: typeof pending) => [
      list.map(([k]) => k),
      list.map(([, p]) => p.id),
      list.map(([, p]) => p.userKey),
      list.map(([, p]) => p.status),
      list.map(([, p]) => p.due),
      list.map(([, p]) => p.version),
      `[${list.map(([, p]) => p.data).join(',')}]`,
    ];
    const columns = `SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]), unnest($5::text[]), unnest($6::int[]), json_array_elements($7::json))
                     AS m(key, id, user_key, status, due_at, version, data)`;
    if (inserts.length > 0) {
      const result = await this.run(
        `INSERT INTO secgov_sessions (key, id, user_key, status, due_at, version, data) ${columns}
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        values(inserts),
        'insert sessions',
      );
      if (result.rows.length !== inserts.length) {
        const done = new Set(result.rows.map((r) => String(r['key'])));
        const duplicate = inserts.find(([k]) => !done.has(k))![1];
        throw new SecGovError('DUPLICATE_ID', `session "${duplicate.id}" already exists`, { ids: [duplicate.id] });
      }
      for (const [k] of inserts) this.touched.add(k);
    }
    if (updates.length > 0) {
      const result = await this.run(
        `UPDATE secgov_sessions SET user_key = v.user_key, status = v.status, due_at = v.due_at, version = v.version, data = v.data, change_seq = NULL
         FROM (${columns}) AS v WHERE secgov_sessions.key = v.key AND secgov_sessions.version = v.version - 1 RETURNING secgov_sessions.key`,
        values(updates),
        'update sessions',
      );
      if (result.rows.length !== updates.length) {
        const done = new Set(result.rows.map((r) => String(r['key'])));
        const [k, stale] = updates.find(([key]) => !done.has(key))!;
        const row = (await this.run('SELECT version FROM secgov_sessions WHERE key = $1', [k], 'read a session version')).rows[0];
        if (row === undefined) throw new SecGovError('NOT_FOUND', `session "${stale.id}" does not exist`, { ids: [stale.id] });
        throw new SecGovError('CONCURRENT_MODIFICATION', `session "${stale.id}" is at version ${Number(row['version'])}; a write of version ${stale.version} is stale`, { ids: [stale.id], retryable: true });
      }
      for (const [k] of updates) this.touched.add(k);
    }
  }

  /**
   * Send pending log entries in one statement. Each stream's row is locked until the transaction
   * ends (streams in name order): appends to one stream serialize and are numbered without gaps,
   * in commit order.
   */
  async flushLogs(): Promise<void> {
    if (this.pendingLogs.size === 0) return;
    const streams = [...this.pendingLogs.keys()].sort();
    const counts: number[] = [];
    const entryStreams: string[] = [];
    const payloads: string[] = [];
    for (const stream of streams) {
      const list = this.pendingLogs.get(stream)!;
      counts.push(list.length);
      for (const data of list) {
        entryStreams.push(stream);
        payloads.push(data);
      }
    }
    this.pendingLogs.clear();
    // Lengthen the streams first (locking their rows), then write the entries at the positions
    // that makes free: two statements, no join.
    const lengthened = await this.run(
      `INSERT INTO secgov_log_streams (stream, length) SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::bigint[])) AS c(stream, n)
       ON CONFLICT (stream) DO UPDATE SET length = secgov_log_streams.length + excluded.length
       RETURNING stream, length`,
      [streams, counts],
      'append to logs',
    );
    const base = new Map<string, number>();
    for (const row of lengthened.rows) base.set(String(row['stream']), Number(row['length']));
    const seqs: number[] = [];
    let at = 0;
    streams.forEach((stream, i) => {
      const first = base.get(stream)! - counts[i]!;
      for (let n = 1; n <= counts[i]!; n++) seqs[at++] = first + n;
    });
    await this.run(
      `INSERT INTO secgov_log_records (stream, seq, data)
       SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::bigint[]), json_array_elements($3::json)) AS e(stream, seq, data)`,
      [entryStreams, seqs, `[${payloads.join(',')}]`],
      'append to logs',
    );
  }

  private makeTransaction(): StoreTransaction {
    const unit = this;
    const q = async (text: string, values: unknown[], doing: string): Promise<PgQueryResult> => {
      if (unit.closed) throw new SecGovError('STORE_FAILURE', 'this unit of work has already ended; start a new one with store.transact()');
      return unit.run(text, values, doing);
    };
    const revision = async (doing: string) => Number((await q(`SELECT value FROM secgov_heads WHERE name = 'state'`, [], doing)).rows[0]?.['value'] ?? 0);
    const live = () => {
      if (unit.closed) throw new SecGovError('STORE_FAILURE', 'this unit of work has already ended; start a new one with store.transact()');
    };
    /** Reads of sessions see this unit's own writes: send them first. */
    const sessionsSent = async () => {
      live();
      await unit.flushSessions();
    };
    const logsSent = async () => {
      live();
      await unit.flushLogs();
    };
    const pendSession = (op: 'insert' | 'update', s: Session) => {
      const k = key(s.id);
      unit.pendingSessions.set(k, { op, id: s.id, version: s.version, userKey: key(s.user), status: s.status, due: sessionDueAt(s), data: recordJson(s, 'session') });
    };
    const activityVersion = async (k: string) => Number((await q('SELECT version FROM secgov_user_activity WHERE key = $1', [k], 'read a user activity version')).rows[0]?.['version'] ?? 0);
    const sessionsOf = (result: PgQueryResult) => result.rows.map((r) => parse<Session>(r['data']));

    return guardedTransaction({
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
        live();
        expectedRevisionArgument(expectedRevision);
        const result = await q(
          `WITH h AS (UPDATE secgov_heads SET value = value + 1 WHERE name = 'state' AND value = $1 RETURNING value)
           INSERT INTO secgov_state_batches (revision, changes) SELECT value, $2::json FROM h RETURNING revision`,
          [expectedRevision, recordJson(changesArgument(changes), 'changes')],
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
        const { revision: at, data } = snapshotArgument(snapshot);
        const text = recordJson(data, 'snapshot.data');
        const current = await revision('read the state revision');
        if (at > current) throw new SecGovError('VALIDATION_FAILED', `snapshot revision ${at} is ahead of the state (${current})`);
        await q(
          `INSERT INTO secgov_snapshot (slot, revision, data) VALUES (1, $1, $2::json)
           ON CONFLICT (slot) DO UPDATE SET revision = excluded.revision, data = excluded.data`,
          [at, text],
          'save a state snapshot',
        );
      },

      async getSession(id: string) {
        live();
        const pending = unit.pendingSessions.get(key(id));
        if (pending) return parse<Session>(pending.data);
        const result = await q('SELECT data::text AS data FROM secgov_sessions WHERE key = $1', [key(id)], 'read a session');
        return sessionsOf(result)[0];
      },

      async findSessions(query: SessionQuery) {
        const read = queryArgument(query);
        await sessionsSent();
        const user = read.user === undefined ? null : key(read.user);
        // A status that is not a string matches no session.
        const statuses = read.statuses === undefined ? null : read.statuses.filter((status): status is string => typeof status === 'string');
        const limit = read.limit === undefined ? null : whole(read.limit, 0, MAX_ROWS, MAX_ROWS);
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
        nowArgument(now);
        await sessionsSent();
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
        live();
        assertSession(s, 'session');
        if (s.version !== 1) throw new SecGovError('VALIDATION_FAILED', `a new session must have version 1, not ${s.version}`, { ids: [s.id] });
        if (unit.pendingSessions.has(key(s.id))) throw new SecGovError('DUPLICATE_ID', `session "${s.id}" already exists`, { ids: [s.id] });
        // Sent with the unit's other session writes; a duplicate of a stored session is reported then.
        pendSession('insert', s);
      },

      async updateSession(s: Session) {
        live();
        assertSession(s, 'session');
        const pending = unit.pendingSessions.get(key(s.id));
        if (pending) {
          // This unit's own newer write is the current version.
          if (s.version !== pending.version + 1) {
            throw new SecGovError('CONCURRENT_MODIFICATION', `session "${s.id}" is at version ${pending.version}; a write of version ${s.version} is stale`, { ids: [s.id], retryable: true });
          }
          pendSession(pending.op, s);
          return;
        }
        // Sent with the unit's other session writes; a stale version is reported then (by the next
        // read of sessions, or by transact when it commits), and the whole unit rolls back.
        pendSession('update', s);
      },

      async sessionChanges(cursor: number): Promise<SessionChanges> {
        await sessionsSent();
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
        const { user, version } = activityArgument(activity);
        const text = recordJson(activity, 'activity');
        const k = key(user);
        const result =
          version === 1
            ? await q('INSERT INTO secgov_user_activity (key, version, data) VALUES ($1, 1, $2::json) ON CONFLICT (key) DO NOTHING', [k, text], 'store user activity')
            : await q('UPDATE secgov_user_activity SET version = $2, data = $3::json WHERE key = $1 AND version = $2 - 1', [k, version, text], 'store user activity');
        if (result.rowCount === 0) {
          const current = await activityVersion(k);
          throw new SecGovError('CONCURRENT_MODIFICATION', `activity of user "${user}" is at version ${current}; a write of version ${version} is stale`, { ids: [user], retryable: true });
        }
      },

      async appendLog(stream: string, entries: readonly unknown[]) {
        live();
        const given = logArguments(stream, entries);
        // Taken now (later changes to the objects do not count), sent in bulk later.
        const texts = readArgument('entries', () => given.map((entry, i) => recordJson(entry, `entries[${i}]`)));
        if (texts.length === 0) return;
        let list = unit.pendingLogs.get(stream);
        if (!list) unit.pendingLogs.set(stream, (list = []));
        for (const text of texts) list.push(text);
      },

      async readLog(stream: string, options: { readonly after?: number; readonly limit?: number } = {}): Promise<LogPage> {
        const read = logOptionsArgument(options);
        await logsSent();
        const after = whole(read.after, 0, Number.MAX_SAFE_INTEGER, 0);
        const limit = whole(read.limit, 1, MAX_ROWS, 1000);
        const rows = (
          await q('SELECT seq, data::text AS data FROM secgov_log_records WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3', [stream, after, limit + 1], 'read a log')
        ).rows;
        const more = rows.length > limit;
        const records: LogRecord[] = (more ? rows.slice(0, limit) : rows).map((r) => ({ seq: Number(r['seq']), data: parse<unknown>(r['data']) }));
        return { records, cursor: after + records.length, more };
      },

      async lastLog(stream: string): Promise<LogRecord | null> {
        // Send pending writes before claiming the tail, so the claim (which other units may wait
        // for, e.g. on the audit trail) is held for as short a time as possible.
        await sessionsSent();
        await logsSent();
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
        const id = versionArgument(version);
        const v = readOptions(version as unknown as Record<string, unknown>, ['name', 'description', 'createdAt', 'createdBy', 'revision', 'data'], 'version');
        const text = recordJson(v['data'], 'version.data');
        const result = await q(
          `INSERT INTO secgov_versions (key, id, name, description, created_at, created_by, revision, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json) ON CONFLICT (key) DO NOTHING`,
          [key(id), id, v['name'], v['description'], v['createdAt'], v['createdBy'], v['revision'], text],
          'save a version',
        );
        if (result.rowCount === 0) throw new SecGovError('DUPLICATE_ID', `version "${id}" already exists`, { ids: [id] });
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
    });
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
