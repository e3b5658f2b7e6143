/**
 * The caller's {@link Store} as the governance service uses it: every answer checked cheaply
 * against the port's contract (no zod: the processor steps run through it), and every failure that
 * is not a {@link SecGovError} (a rejection with `null`, a synchronous throw, a driver's own Error)
 * turned into a `STORE_FAILURE` naming the method, with the original as `cause`. A wrong answer is
 * refused inside the unit of work, so the store rolls back what the unit wrote.
 *
 * @module
 * @internal
 */
import { isCanonicalInstant, isIdString, isRecord, kindOf, portFailure } from '../model/arguments.js';
import { SecGovError } from '../model/errors.js';
import type { LogPage, LogRecord, SessionChanges, StateReading, Store, StoreTransaction, StoredVersion, UserActivity, VersionInfo } from '../ports/store.js';
import { assertSession } from '../sessions/guard.js';
import type { Session } from '../sessions/schemas.js';

/** The error for an answer of `method` that does not fit the port's contract. */
const wrong = (method: string, what: string) => new SecGovError('STORE_FAILURE', `the store's ${method} answered ${what}`, { retryable: false });

const isWhole = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function whole(method: string, value: unknown, min: number): number {
  if (!isWhole(value, min)) throw wrong(method, `${kindOf(value)}, not a whole number from ${min}`);
  return value;
}

function session(method: string, value: unknown, index?: number): Session {
  try {
    assertSession(value, 'session', index);
  } catch (error) {
    throw wrong(method, `a malformed session: ${(error as Error).message}`);
  }
  return value;
}

function sessions(method: string, value: unknown): Session[] {
  if (!Array.isArray(value)) throw wrong(method, `${kindOf(value)}, not a list of sessions`);
  for (let i = 0; i < value.length; i++) session(method, value[i], i);
  return value as Session[];
}

function stateReading(value: unknown, after: number): StateReading {
  const method = 'tx.readState';
  if (!isRecord(value)) throw wrong(method, `${kindOf(value)}, not { snapshot, batches }`);
  const snapshot = value['snapshot'];
  if (snapshot !== null && snapshot !== undefined) {
    if (!isRecord(snapshot) || !isWhole(snapshot['revision'], after + 1) || !isRecord(snapshot['data'])) throw wrong(method, `a snapshot that is ${kindOf(snapshot)}, not { revision, data } after revision ${after}`);
  }
  const batches = value['batches'];
  if (!Array.isArray(batches)) throw wrong(method, `batches that are ${kindOf(batches)}, not a list`);
  for (const batch of batches as unknown[]) {
    if (!isRecord(batch) || !isWhole(batch['revision'], 1) || !Array.isArray(batch['changes'])) throw wrong(method, `a batch that is ${kindOf(batch)}, not { revision, changes: [...] }`);
  }
  return value as unknown as StateReading;
}

function sessionChanges(value: unknown): SessionChanges {
  const method = 'tx.sessionChanges';
  if (!isRecord(value)) throw wrong(method, `${kindOf(value)}, not { cursor, sessions }`);
  whole(method, value['cursor'], 0);
  sessions(method, value['sessions']);
  return value as unknown as SessionChanges;
}

function logPage(value: unknown, after: number, limit: number): LogPage {
  const method = 'tx.readLog';
  if (!isRecord(value)) throw wrong(method, `${kindOf(value)}, not { records, cursor, more }`);
  const records = value['records'];
  if (!Array.isArray(records) || records.length > limit) throw wrong(method, `records that are ${kindOf(records)}, not a list of at most ${limit}`);
  for (const record of records as unknown[]) if (!isRecord(record) || !isWhole(record['seq'], 1)) throw wrong(method, `a record that is ${kindOf(record)}, not { seq, data }`);
  const cursor = whole(method, value['cursor'], after);
  if (typeof value['more'] !== 'boolean') throw wrong(method, `more as ${kindOf(value['more'])}, not a boolean`);
  // More to read but the cursor did not move: reading on would never end.
  if (value['more'] && cursor === after) throw wrong(method, `more records without moving the cursor past ${after}`);
  return value as unknown as LogPage;
}

function logRecord(value: unknown): LogRecord | null {
  if (value === null || value === undefined) return null;
  if (!isRecord(value) || !isWhole(value['seq'], 1)) throw wrong('tx.lastLog', `${kindOf(value)}, not null or { seq, data }`);
  return value as unknown as LogRecord;
}

function activity(value: unknown): UserActivity | undefined {
  if (value === null || value === undefined) return undefined;
  const method = 'tx.getUserActivity';
  if (!isRecord(value) || !isIdString(value['user'])) throw wrong(method, `${kindOf(value)}, not a user activity { user, lastSignIn, openSignIns, version }`);
  if (value['lastSignIn'] !== null && !isCanonicalInstant(value['lastSignIn'])) throw wrong(method, `lastSignIn as ${kindOf(value['lastSignIn'])}, not an instant or null`);
  const open = value['openSignIns'];
  if (!Array.isArray(open)) throw wrong(method, `openSignIns as ${kindOf(open)}, not a list`);
  for (const o of open as unknown[]) {
    const ok = isRecord(o) && isIdString(o['id']) && isCanonicalInstant(o['at']) && Array.isArray(o['sessions']) && (o['sessions'] as unknown[]).every(isIdString);
    if (!ok) throw wrong(method, `an open sign-in that is ${kindOf(o)}, not { id, at, sessions }`);
  }
  whole(method, value['version'], 1);
  return value as unknown as UserActivity;
}

function versionInfo(method: string, value: unknown): void {
  const ok =
    isRecord(value) && isIdString(value['id']) && typeof value['name'] === 'string' && (value['description'] === null || typeof value['description'] === 'string') &&
    typeof value['createdAt'] === 'string' && typeof value['createdBy'] === 'string' && isWhole(value['revision'], 0);
  if (!ok) throw wrong(method, `${kindOf(value)}, not a version { id, name, description, createdAt, createdBy, revision }`);
}

function storedVersion(value: unknown): StoredVersion | undefined {
  if (value === null || value === undefined) return undefined;
  versionInfo('tx.getVersion', value);
  if (!isRecord((value as Record<string, unknown>)['data'])) throw wrong('tx.getVersion', `a version whose data is ${kindOf((value as Record<string, unknown>)['data'])}, not model data`);
  return value as StoredVersion;
}

function versionInfos(value: unknown): VersionInfo[] {
  if (!Array.isArray(value)) throw wrong('tx.listVersions', `${kindOf(value)}, not a list of versions`);
  for (const v of value as unknown[]) versionInfo('tx.listVersions', v);
  return value as VersionInfo[];
}

/** A unit of work whose answers are checked and whose failures are SecGovErrors. */
function checkedTransaction(tx: StoreTransaction): StoreTransaction {
  const call = async (method: keyof StoreTransaction, args: unknown[]): Promise<unknown> => {
    const f: unknown = typeof tx === 'object' && tx !== null ? tx[method] : undefined;
    if (typeof f !== 'function') throw new SecGovError('STORE_FAILURE', `the store's tx.${method} is ${kindOf(f)}, not a function`, { retryable: false });
    try {
      return await (f as (...a: unknown[]) => unknown).apply(tx, args);
    } catch (error) {
      throw portFailure('STORE_FAILURE', `the store's tx.${method}`, error);
    }
  };
  return {
    stateRevision: async () => whole('tx.stateRevision', await call('stateRevision', []), 0),
    readState: async (after) => stateReading(await call('readState', [after]), after),
    appendState: async (expected, changes) => {
      const revision = await call('appendState', [expected, changes]);
      if (revision !== expected + 1) throw wrong('tx.appendState', `${kindOf(revision)}, not the next revision ${expected + 1}`);
      return revision;
    },
    saveSnapshot: async (snapshot) => void (await call('saveSnapshot', [snapshot])),
    getSession: async (id) => {
      const s = await call('getSession', [id]);
      return s === null || s === undefined ? undefined : session('tx.getSession', s);
    },
    findSessions: async (query) => sessions('tx.findSessions', await call('findSessions', [query])),
    findDueSessions: async (now, limit) => sessions('tx.findDueSessions', await call('findDueSessions', [now, limit])),
    insertSession: async (s) => void (await call('insertSession', [s])),
    updateSession: async (s) => void (await call('updateSession', [s])),
    sessionChanges: async (cursor) => sessionChanges(await call('sessionChanges', [cursor])),
    nextSequence: async (name) => whole('tx.nextSequence', await call('nextSequence', [name]), 1),
    getUserActivity: async (user) => activity(await call('getUserActivity', [user])),
    putUserActivity: async (a) => void (await call('putUserActivity', [a])),
    appendLog: async (stream, entries) => void (await call('appendLog', [stream, entries])),
    readLog: async (stream, options) => logPage(await call('readLog', options === undefined ? [stream] : [stream, options]), options?.after ?? 0, options?.limit ?? Number.MAX_SAFE_INTEGER),
    lastLog: async (stream) => logRecord(await call('lastLog', [stream])),
    saveVersion: async (v) => void (await call('saveVersion', [v])),
    getVersion: async (id) => storedVersion(await call('getVersion', [id])),
    listVersions: async () => versionInfos(await call('listVersions', [])),
    deleteVersion: async (id) => {
      const existed = await call('deleteVersion', [id]);
      if (typeof existed !== 'boolean') throw wrong('tx.deleteVersion', `${kindOf(existed)}, not true or false`);
      return existed;
    },
  };
}

/**
 * The store, checked: `transact` gives the work a checked unit of work, and resolves with exactly
 * what the work returned (a store that resolves without running it, or with something else, is
 * refused). The work's own errors pass through unchanged.
 *
 * @internal
 */
export function checkedStore(store: Store): Store {
  return {
    async transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      let outcome: { value: T } | undefined;
      let thrown: { error: unknown } | undefined;
      const unit = async (tx: StoreTransaction): Promise<T> => {
        outcome = undefined;
        thrown = undefined;
        try {
          const value = await work(checkedTransaction(tx));
          outcome = { value };
          return value;
        } catch (error) {
          thrown = { error };
          throw error;
        }
      };
      let pending: unknown;
      try {
        pending = store.transact(unit);
      } catch (error) {
        throw portFailure('STORE_FAILURE', "the store's store.transact", error);
      }
      if (typeof (pending as { then?: unknown } | null)?.then !== 'function') throw wrong('store.transact', `${kindOf(pending)}, not a promise`);
      let answer: unknown;
      try {
        answer = await pending;
      } catch (error) {
        if (thrown !== undefined && error === thrown.error) throw error;
        throw portFailure('STORE_FAILURE', "the store's store.transact", error);
      }
      if (outcome === undefined) throw wrong('store.transact', `${kindOf(answer)} without the unit of work having completed`);
      if (!Object.is(answer, outcome.value)) throw wrong('store.transact', `${kindOf(answer)}, not what the unit of work returned`);
      return answer as T;
    },
    ...(typeof store.close === 'function' ? { close: () => store.close!() } : {}),
  };
}
