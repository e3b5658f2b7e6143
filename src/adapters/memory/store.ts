/**
 * The embedded memory store: the default `Store`, zero setup, one process.
 *
 * @module
 */
import type { Change } from '../../model/changes.js';
import { invalid, readArgument } from '../../model/arguments.js';
import { activityArgument, changesArgument, expectedRevisionArgument, idArgument, logArguments, logOptionsArgument, nowArgument, queryArgument, snapshotArgument, versionArgument, whole } from '../store-arguments.js';
import { SecGovError } from '../../model/errors.js';
import type {
  LogPage,
  SessionChanges,
  SessionQuery,
  StateReading,
  StateSnapshot,
  Store,
  StoreTransaction,
  UserActivity,
  LogRecord,
  StoredVersion,
  VersionInfo,
} from '../../ports/store.js';
import { dueAtOf } from '../../sessions/due.js';
import { assertSession } from '../../sessions/guard.js';
import type { Session } from '../../sessions/schemas.js';

interface Committed {
  revision: number;
  snapshot: StateSnapshot | null;
  batches: { revision: number; changes: readonly Change[] }[];
  sessions: Map<string, Session>;
  /** Session keys by user key: finding one user's sessions does not read everyone's. */
  byUser: Map<string, Set<string>>;
  /** Sessions in a status the processor looks at (Planned, Approved, Active), with the instant each is due. */
  open: Map<string, string>;
  /** Session keys in write order: the session written by change n is at index n - 1. */
  sessionWrites: string[];
  sequences: Map<string, number>;
  activity: Map<string, UserActivity>;
  logs: Map<string, unknown[]>;
  versions: Map<string, StoredVersion>;
}

/** The key of an id (case-insensitive); a caller's id that is not a string is refused, naming it. */
const key = (id: string, name = 'id'): string => idArgument(id, name).toLowerCase();

/**
 * A frozen copy of the caller's record `name`: what reading it throws (a getter, a Proxy's trap) is
 * `VALIDATION_FAILED` naming it, and later reads see the copy, not the caller's object.
 */
function copyOf<T>(value: T, name: string): T {
  return readArgument(name, () => clone(value));
}


/**
 * Create an empty in-memory {@link Store}. Units of work run one at a time; each sees its own
 * writes and commits them all at once when its work resolves. Records are copied on write, so
 * callers cannot change stored data by mutating objects they passed in.
 */
export function memoryStore(): Store {
  const data: Committed = {
    revision: 0,
    snapshot: null,
    batches: [],
    sessions: new Map(),
    byUser: new Map(),
    open: new Map(),
    sessionWrites: [],
    sequences: new Map(),
    activity: new Map(),
    logs: new Map(),
    versions: new Map(),
  };
  let queue: Promise<unknown> = Promise.resolve();

  async function run<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const staged = new Stage(data);
    try {
      const result = await work(staged.tx);
      staged.commit();
      return result;
    } catch (error) {
      staged.abandon();
      throw error;
    }
  }

  return {
    transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (typeof work !== 'function') return Promise.reject(invalid('work', 'a function (tx) => Promise', work));
      const next = queue.then(() => run(work));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

/**
 * A deep, frozen copy: stored records can be changed neither by the writer nor by readers.
 * Records are plain JSON-like data, copied by hand (much cheaper than `structuredClone` for small
 * records); anything else (a Date, a Map) falls back to `structuredClone`.
 */
function clone<T>(value: T): T {
  return copyFrozen(value) as T;
}

function copyFrozen(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyFrozen(value[i]);
    return Object.freeze(out);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return deepFreeze(structuredClone(value));
  const out: Record<string, unknown> = proto === null ? (Object.create(null) as Record<string, unknown>) : {};
  for (const key of Object.keys(value)) {
    const copied = copyFrozen((value as Record<string, unknown>)[key]);
    // A key such as `__proto__` stays an ordinary property.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else out[key] = copied;
  }
  return Object.freeze(out);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The writes of one unit of work, applied to the committed data only by {@link Stage.commit}. */
class Stage {
  private revision: number;
  private snapshot: StateSnapshot | null | undefined;
  private readonly batches: { revision: number; changes: readonly Change[] }[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly sequences = new Map<string, number>();
  private readonly activity = new Map<string, UserActivity>();
  private readonly logs = new Map<string, unknown[]>();
  /** Versions written (a value) or deleted (null) by this unit of work. */
  private readonly versions = new Map<string, StoredVersion | null>();
  private closed = false;
  readonly tx: StoreTransaction;

  constructor(private readonly data: Committed) {
    this.revision = data.revision;
    const stage = this;
    const live = () => {
      if (stage.closed) throw new SecGovError('STORE_FAILURE', 'this unit of work has already ended; start a new one with store.transact()');
    };
    const session = (id: string) => this.sessions.get(key(id)) ?? this.data.sessions.get(key(id));
    this.tx = {
      async stateRevision() {
        live();
        return stage.revision;
      },
      async readState(afterRevision: number): Promise<StateReading> {
        live();
        const snapshot = stage.snapshot !== undefined ? stage.snapshot : stage.data.snapshot;
        const after = whole(afterRevision, 0, Number.MAX_SAFE_INTEGER, 0);
        const useSnapshot = snapshot !== null && snapshot.revision > after ? snapshot : null;
        const from = useSnapshot ? useSnapshot.revision : after;
        const batches = [...stage.data.batches, ...stage.batches].filter((b) => b.revision > from);
        return { snapshot: useSnapshot, batches };
      },
      async appendState(expectedRevision: number, changes: readonly Change[]) {
        live();
        expectedRevisionArgument(expectedRevision);
        if (expectedRevision !== stage.revision) {
          throw new SecGovError('CONCURRENT_MODIFICATION', `the governed state is at revision ${stage.revision}, not ${expectedRevision}: reload and retry`, { retryable: true });
        }
        const copy = copyOf(changesArgument(changes), 'changes');
        stage.revision += 1;
        stage.batches.push({ revision: stage.revision, changes: copy });
        return stage.revision;
      },
      async saveSnapshot(snapshot: StateSnapshot) {
        live();
        const copy = copyOf(snapshotArgument(snapshot), 'snapshot') as StateSnapshot;
        if (copy.revision > stage.revision) throw new SecGovError('VALIDATION_FAILED', `snapshot revision ${copy.revision} is ahead of the state (${stage.revision})`);
        stage.snapshot = copy;
      },
      async getSession(id: string) {
        live();
        return session(id);
      },
      async findSessions(query: SessionQuery) {
        live();
        const { user: given, statuses, limit } = queryArgument(query);
        const user = given === undefined ? undefined : key(given);
        const all = new Map<string, Session>();
        if (user === undefined) for (const [k, s] of stage.data.sessions) all.set(k, s);
        else for (const k of stage.data.byUser.get(user) ?? []) all.set(k, stage.data.sessions.get(k)!);
        for (const [k, s] of stage.sessions) if (user === undefined || key(s.user) === user) all.set(k, s);
        const result = [...all.values()]
          .filter((s) => statuses === undefined || statuses.includes(s.status))
          .sort((a, b) => (key(a.id) < key(b.id) ? -1 : key(a.id) > key(b.id) ? 1 : 0));
        return limit === undefined ? result : result.slice(0, limit);
      },
      async findDueSessions(now: string, limit: number) {
        live();
        nowArgument(now);
        const earliest = new Earliest(whole(limit, 0, Number.MAX_SAFE_INTEGER, 0));
        for (const s of stage.sessions.values()) {
          const at = dueAtOf(s);
          if (at !== null && at <= now) earliest.offer(at, s);
        }
        for (const [k, at] of stage.data.open) if (at <= now && !stage.sessions.has(k)) earliest.offer(at, stage.data.sessions.get(k)!);
        return earliest.sorted();
      },
      async insertSession(s: Session) {
        live();
        // Checked once here, so what the store keeps is a session (it reads them unchecked later).
        assertSession(s, 'session');
        if (session(s.id)) throw new SecGovError('DUPLICATE_ID', `session "${s.id}" already exists`, { ids: [s.id] });
        if (s.version !== 1) throw new SecGovError('VALIDATION_FAILED', `a new session must have version 1, not ${s.version}`, { ids: [s.id] });
        stage.sessions.set(key(s.id), clone(s));
      },
      async updateSession(s: Session) {
        live();
        assertSession(s, 'session');
        const current = session(s.id);
        if (!current) throw new SecGovError('NOT_FOUND', `session "${s.id}" does not exist`, { ids: [s.id] });
        if (s.version !== current.version + 1) {
          throw new SecGovError('CONCURRENT_MODIFICATION', `session "${s.id}" is at version ${current.version}; a write of version ${s.version} is stale`, { ids: [s.id], retryable: true });
        }
        stage.sessions.set(key(s.id), clone(s));
      },
      async sessionChanges(cursor: number): Promise<SessionChanges> {
        live();
        const writes = stage.data.sessionWrites;
        const keys = new Set(writes.slice(whole(cursor, 0, Number.MAX_SAFE_INTEGER, 0)));
        const sessions = [...keys].map((k) => stage.data.sessions.get(k)!);
        return { cursor: writes.length, sessions };
      },
      async nextSequence(name: string) {
        live();
        const next = (stage.sequences.get(name) ?? stage.data.sequences.get(name) ?? 0) + 1;
        stage.sequences.set(name, next);
        return next;
      },
      async getUserActivity(user: string) {
        live();
        return stage.activity.get(key(user)) ?? stage.data.activity.get(key(user));
      },
      async putUserActivity(given: UserActivity) {
        live();
        // Checked on the copy: it is what is kept.
        const activity = copyOf(given, 'activity');
        activityArgument(activity);
        const current = stage.activity.get(key(activity.user)) ?? stage.data.activity.get(key(activity.user));
        const expected = (current?.version ?? 0) + 1;
        if (activity.version !== expected) {
          throw new SecGovError('CONCURRENT_MODIFICATION', `activity of user "${activity.user}" is at version ${current?.version ?? 0}; a write of version ${activity.version} is stale`, { ids: [activity.user], retryable: true });
        }
        stage.activity.set(key(activity.user), activity);
      },
      async appendLog(stream: string, entries: readonly unknown[]) {
        live();
        const copies = copyOf(logArguments(stream, entries), 'entries');
        let staged = stage.logs.get(stream);
        if (!staged) stage.logs.set(stream, (staged = []));
        for (const entry of copies) staged.push(entry);
      },
      async readLog(stream: string, options: { readonly after?: number; readonly limit?: number } = {}): Promise<LogPage> {
        live();
        const read = logOptionsArgument(options);
        const after = whole(read.after, 0, Number.MAX_SAFE_INTEGER, 0);
        const limit = whole(read.limit, 1, Number.MAX_SAFE_INTEGER, 1000);
        const committed = stage.data.logs.get(stream) ?? [];
        const all = stage.logs.has(stream) ? [...committed, ...stage.logs.get(stream)!] : committed;
        const slice = all.slice(after, after + limit);
        const records = slice.map((data, i) => ({ seq: after + i + 1, data }));
        return { records, cursor: after + records.length, more: after + records.length < all.length };
      },
      async lastLog(stream: string): Promise<LogRecord | null> {
        live();
        // Units of work run one at a time here, so the tail cannot move under this one.
        const committed = stage.data.logs.get(stream) ?? [];
        const own = stage.logs.get(stream) ?? [];
        const count = committed.length + own.length;
        if (count === 0) return null;
        return { seq: count, data: own.length > 0 ? own[own.length - 1] : committed[committed.length - 1] };
      },
      async saveVersion(given: StoredVersion) {
        live();
        const version = copyOf(given, 'version');
        versionArgument(version);
        if (version_(version.id)) throw new SecGovError('DUPLICATE_ID', `version "${version.id}" already exists`, { ids: [version.id] });
        stage.versions.set(key(version.id), version);
      },
      async getVersion(id: string) {
        live();
        return version_(id);
      },
      async listVersions(): Promise<VersionInfo[]> {
        live();
        const all = new Map(stage.data.versions);
        for (const [k, v] of stage.versions) {
          if (v) all.set(k, v);
          else all.delete(k);
        }
        return [...all.values()].map(({ data: _data, ...info }) => info);
      },
      async deleteVersion(id: string) {
        live();
        const existed = version_(id) !== undefined;
        if (existed) stage.versions.set(key(id), null);
        return existed;
      },
    };
    function version_(id: string): StoredVersion | undefined {
      const staged = stage.versions.get(key(id));
      if (staged !== undefined) return staged ?? undefined;
      return stage.data.versions.get(key(id));
    }
  }

  commit(): void {
    this.closed = true;
    const d = this.data;
    d.revision = this.revision;
    d.batches.push(...this.batches);
    if (this.snapshot !== undefined) d.snapshot = this.snapshot;
    for (const [k, s] of this.sessions) {
      d.sessions.set(k, s);
      const user = key(s.user);
      let mine = d.byUser.get(user);
      if (!mine) d.byUser.set(user, (mine = new Set()));
      mine.add(k);
      d.sessionWrites.push(k);
      const at = dueAtOf(s);
      if (at !== null) d.open.set(k, at);
      else d.open.delete(k);
    }
    for (const [k, v] of this.sequences) d.sequences.set(k, v);
    for (const [k, v] of this.activity) d.activity.set(k, v);
    for (const [k, v] of this.versions) {
      if (v) d.versions.set(k, v);
      else d.versions.delete(k);
    }
    for (const [stream, entries] of this.logs) {
      const log = d.logs.get(stream);
      if (log) for (const e of entries) log.push(e);
      else d.logs.set(stream, entries);
    }
  }

  /** Mark the unit of work ended without committing. */
  abandon(): void {
    this.closed = true;
  }
}

/**
 * The `limit` earliest due sessions (by due time, then id), kept in a bounded max-heap so that
 * picking a batch costs O(n log limit) instead of sorting every due session.
 */
class Earliest {
  private readonly heap: { at: string; s: Session }[] = [];

  constructor(private readonly limit: number) {}

  private static later(a: { at: string; s: Session }, b: { at: string; s: Session }): boolean {
    return a.at > b.at || (a.at === b.at && a.s.id > b.s.id);
  }

  offer(at: string, s: Session): void {
    const heap = this.heap;
    if (this.limit === 0) return;
    // Full, and this one is due later than every kept one: nothing to do (the common case).
    if (heap.length === this.limit && (at > heap[0]!.at || (at === heap[0]!.at && s.id > heap[0]!.s.id))) return;
    const item = { at, s };
    if (heap.length < this.limit) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!Earliest.later(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
      return;
    }
    if (!Earliest.later(heap[0]!, item)) return;
    heap[0] = item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && Earliest.later(heap[l]!, heap[top]!)) top = l;
      if (r < heap.length && Earliest.later(heap[r]!, heap[top]!)) top = r;
      if (top === i) break;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  }

  sorted(): Session[] {
    return [...this.heap].sort((a, b) => (Earliest.later(a, b) ? 1 : -1)).map((x) => x.s);
  }
}
