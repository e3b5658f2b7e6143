/**
 * The `Store` port: where the governance service keeps the governed state, sessions, user activity
 * and logs. Named after the domain, not after a database. Adapters implement it (the embedded
 * memory store, PostgreSQL, or your own) and prove it with `describeStoreConformance` from
 * `secgov/testing`.
 *
 * @module
 */
import type { Change } from '../model/changes.js';
import type { ModelData } from '../model/data.js';
import type { Session, SessionStatus } from '../sessions/schemas.js';

/**
 * Persistence for the governance service. Every command runs in one {@link Store.transact} call,
 * so all its writes commit together or not at all.
 */
export interface Store {
  /**
   * Run `work` as one atomic unit of work. If `work` throws (or the commit fails), nothing it
   * wrote is kept and the error is rethrown. Units of work are isolated from each other: an
   * adapter may run them one at a time or rely on optimistic concurrency, but two units must never
   * both succeed with writes that were based on the same version of a record.
   */
  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Release resources (connections). The store is not used afterwards. */
  close?(): Promise<void>;
}

/** A snapshot of the governed state at a revision. */
export interface StateSnapshot {
  /** The revision the snapshot reflects. */
  readonly revision: number;
  /** The whole governed state as plain data. */
  readonly data: ModelData;
}

/** One committed batch of change records: the governed state moved from `revision - 1` to `revision`. */
export interface StateBatch {
  /** The revision this batch produced (1 for the first batch). */
  readonly revision: number;
  /** The change records, in order. */
  readonly changes: readonly Change[];
}

/** The governed state after a revision: the newest snapshot past it (if any) and the batches after that. */
export interface StateReading {
  /** The newest snapshot whose revision is greater than the revision asked for, or null. */
  readonly snapshot: StateSnapshot | null;
  /** Batches after the snapshot (or after the revision asked for), in revision order. */
  readonly batches: readonly StateBatch[];
}

/** Which sessions to find. Every given criterion must hold. */
export interface SessionQuery {
  /** Only sessions of this user (case-insensitive). */
  readonly user?: string;
  /** Only sessions in one of these statuses. */
  readonly statuses?: readonly SessionStatus[];
  /** At most this many, in id order. */
  readonly limit?: number;
}

/** A user's sign-in activity: kept outside the governed state because it changes on every sign-in. */
export interface UserActivity {
  /** The user id. */
  readonly user: string;
  /** The last sign-in (ISO-8601), or null for never. */
  readonly lastSignIn: string | null;
  /** Sign-ins not yet signed out: id, instant, and the sessions active at sign-in. */
  readonly openSignIns: readonly { readonly id: string; readonly at: string; readonly sessions: readonly string[] }[];
  /** Record version, for optimistic concurrency. */
  readonly version: number;
}

/** One stored log entry: its position in the stream and its JSON payload. */
export interface LogRecord {
  /** Position in the stream, from 1, without gaps. */
  readonly seq: number;
  /** The payload, as appended. */
  readonly data: unknown;
}

/** A page of a log stream. */
export interface LogPage {
  /** The entries, in append order. */
  readonly records: readonly LogRecord[];
  /** Pass as `after` to read the next page; equals the last record's seq (or the `after` given). */
  readonly cursor: number;
  /** Whether more records follow. */
  readonly more: boolean;
}

/** A named version of the governed state: an immutable snapshot kept until deleted. */
export interface StoredVersion {
  /** The version id (case-insensitive, unique). */
  readonly id: string;
  /** A name for people. */
  readonly name: string;
  /** Why the version was made, or null. */
  readonly description: string | null;
  /** When it was made (ISO-8601). */
  readonly createdAt: string;
  /** Who made it. */
  readonly createdBy: string;
  /** The state revision it captures. */
  readonly revision: number;
  /** The whole governed state. */
  readonly data: ModelData;
}

/** A version without its data, for listing. */
export type VersionInfo = Omit<StoredVersion, 'data'>;

/** What changed in sessions since a cursor: for keeping several service instances in step. */
export interface SessionChanges {
  /** Pass back to get only later changes. */
  readonly cursor: number;
  /** The current version of every session written after the cursor. */
  readonly sessions: readonly Session[];
}

/** The operations of one unit of work. */
export interface StoreTransaction {
  /** The current revision of the governed state (0 when nothing was ever written). */
  stateRevision(): Promise<number>;
  /** The governed state after `afterRevision`. */
  readState(afterRevision: number): Promise<StateReading>;
  /**
   * Append a batch of change records. Fails with `CONCURRENT_MODIFICATION` when the current
   * revision is not `expectedRevision`.
   *
   * @returns the new revision (`expectedRevision + 1`)
   */
  appendState(expectedRevision: number, changes: readonly Change[]): Promise<number>;
  /** Keep a snapshot so loading need not replay every batch. */
  saveSnapshot(snapshot: StateSnapshot): Promise<void>;

  /** The session with this id (case-insensitive), or undefined. */
  getSession(id: string): Promise<Session | undefined>;
  /** Sessions matching `query`, in id order. */
  findSessions(query: SessionQuery): Promise<Session[]>;
  /**
   * Sessions the processor must look at: Planned or Approved with `start <= now` or `end <= now`,
   * and Active with `end <= now`; at most `limit`, earliest due first. An adapter serving several
   * processors may claim (lock) the rows it returns so that other units of work skip them.
   */
  findDueSessions(now: string, limit: number): Promise<Session[]>;
  /** Store a new session (its version must be 1). Fails with `DUPLICATE_ID` if the id exists. */
  insertSession(session: Session): Promise<void>;
  /**
   * Replace a session. Its `version` must be exactly the stored version + 1, otherwise the write is
   * stale and fails with `CONCURRENT_MODIFICATION`.
   */
  updateSession(session: Session): Promise<void>;
  /** Sessions written after `cursor` (0 for all). */
  sessionChanges(cursor: number): Promise<SessionChanges>;
  /** The next number (1, 2, ...) of a named sequence, unique across units of work. */
  nextSequence(name: string): Promise<number>;

  /** A user's activity, or undefined when never recorded. */
  getUserActivity(user: string): Promise<UserActivity | undefined>;
  /** Store a user's activity; same version rule as {@link StoreTransaction.updateSession} (version 1 for a new record). */
  putUserActivity(activity: UserActivity): Promise<void>;

  /** Append entries to a log stream (created on first use). Logs are append-only. */
  appendLog(stream: string, entries: readonly unknown[]): Promise<void>;
  /** Read a log stream in order, starting after `after` (0 for the beginning), at most `limit` records. */
  readLog(stream: string, options?: { readonly after?: number; readonly limit?: number }): Promise<LogPage>;
  /**
   * The last record of a log stream (this unit of work's own appends included), or null when the
   * stream is empty. Reading the tail claims the stream until this unit of work ends: a concurrent
   * unit of work that reads the same tail or appends to the stream waits, or one of them fails with
   * `CONCURRENT_MODIFICATION`, so two units can never both extend the same tail. Hash-chained logs
   * (the audit trail) rely on it.
   */
  lastLog(stream: string): Promise<LogRecord | null>;
  /** Keep a named version. Fails with `DUPLICATE_ID` when the id (case-insensitive) exists. */
  saveVersion(version: StoredVersion): Promise<void>;
  /** A version with its data, or undefined. */
  getVersion(id: string): Promise<StoredVersion | undefined>;
  /** Every version without its data, oldest first. */
  listVersions(): Promise<VersionInfo[]>;
  /** Delete a version. @returns whether it existed */
  deleteVersion(id: string): Promise<boolean>;
}
