/**
 * The embedded memory store: the default `Store`, zero setup, one process.
 *
 * @module
 */
import type { Change } from '../../model/changes.js';
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
} from '../../ports/store.js';
import type { Session } from '../../sessions/schemas.js';

interface Committed {
  revision: number;
  snapshot: StateSnapshot | null;
  batches: { revision: number; changes: readonly Change[] }[];
  sessions: Map<string, Session>;
  /** Session keys in write order: the session written by change n is at index n - 1. */
  sessionWrites: string[];
  sequences: Map<string, number>;
  activity: Map<string, UserActivity>;
  logs: Map<string, unknown[]>;
}

const key = (id: string) => id.toLowerCase();
const open: readonly string[] = ['planned', 'approved', 'active'];

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
    sessionWrites: [],
    sequences: new Map(),
    activity: new Map(),
    logs: new Map(),
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
      const next = queue.then(() => run(work));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

/** A deep, frozen copy: stored records can be changed neither by the writer nor by readers. */
function clone<T>(value: T): T {
  return deepFreeze(structuredClone(value));
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
        const useSnapshot = snapshot !== null && snapshot.revision > afterRevision ? snapshot : null;
        const from = useSnapshot ? useSnapshot.revision : afterRevision;
        const batches = [...stage.data.batches, ...stage.batches].filter((b) => b.revision > from);
        return { snapshot: useSnapshot, batches };
      },
      async appendState(expectedRevision: number, changes: readonly Change[]) {
        live();
        if (expectedRevision !== stage.revision) {
          throw new SecGovError('CONCURRENT_MODIFICATION', `the governed state is at revision ${stage.revision}, not ${expectedRevision}: reload and retry`, { retryable: true });
        }
        stage.revision += 1;
        stage.batches.push({ revision: stage.revision, changes: clone(changes) });
        return stage.revision;
      },
      async saveSnapshot(snapshot: StateSnapshot) {
        live();
        if (snapshot.revision > stage.revision) throw new SecGovError('VALIDATION_FAILED', `snapshot revision ${snapshot.revision} is ahead of the state (${stage.revision})`);
        stage.snapshot = clone(snapshot);
      },
      async getSession(id: string) {
        live();
        return session(id);
      },
      async findSessions(query: SessionQuery) {
        live();
        const all = new Map(stage.data.sessions);
        for (const [k, s] of stage.sessions) all.set(k, s);
        const user = query.user === undefined ? undefined : key(query.user);
        const result = [...all.values()]
          .filter((s) => (user === undefined || key(s.user) === user) && (query.statuses === undefined || query.statuses.includes(s.status)))
          .sort((a, b) => (key(a.id) < key(b.id) ? -1 : key(a.id) > key(b.id) ? 1 : 0));
        return query.limit === undefined ? result : result.slice(0, query.limit);
      },
      async findDueSessions(now: string, limit: number) {
        live();
        const due: { at: string; s: Session }[] = [];
        const seen = new Set<string>();
        for (const source of [stage.sessions, stage.data.sessions]) {
          for (const [k, s] of source) {
            if (seen.has(k)) continue;
            seen.add(k);
            if (!open.includes(s.status)) continue;
            const at = s.status === 'active' ? s.end : s.start < s.end ? s.start : s.end;
            if (at <= now) due.push({ at, s });
          }
        }
        due.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.s.id < b.s.id ? -1 : 1));
        return due.slice(0, limit).map((d) => d.s);
      },
      async insertSession(s: Session) {
        live();
        if (session(s.id)) throw new SecGovError('DUPLICATE_ID', `session "${s.id}" already exists`, { ids: [s.id] });
        if (s.version !== 1) throw new SecGovError('VALIDATION_FAILED', `a new session must have version 1, not ${s.version}`, { ids: [s.id] });
        stage.sessions.set(key(s.id), clone(s));
      },
      async updateSession(s: Session) {
        live();
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
        const keys = new Set(writes.slice(Math.max(0, cursor)));
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
      async putUserActivity(activity: UserActivity) {
        live();
        const current = stage.activity.get(key(activity.user)) ?? stage.data.activity.get(key(activity.user));
        const expected = (current?.version ?? 0) + 1;
        if (activity.version !== expected) {
          throw new SecGovError('CONCURRENT_MODIFICATION', `activity of user "${activity.user}" is at version ${current?.version ?? 0}; a write of version ${activity.version} is stale`, { ids: [activity.user], retryable: true });
        }
        stage.activity.set(key(activity.user), clone(activity));
      },
      async appendLog(stream: string, entries: readonly unknown[]) {
        live();
        let staged = stage.logs.get(stream);
        if (!staged) stage.logs.set(stream, (staged = []));
        for (const entry of entries) staged.push(clone(entry));
      },
      async readLog(stream: string, options: { readonly after?: number; readonly limit?: number } = {}): Promise<LogPage> {
        live();
        const after = Math.max(0, Math.floor(options.after ?? 0));
        const limit = Math.max(1, Math.floor(options.limit ?? 1000));
        const committed = stage.data.logs.get(stream) ?? [];
        const all = stage.logs.has(stream) ? [...committed, ...stage.logs.get(stream)!] : committed;
        const slice = all.slice(after, after + limit);
        const records = slice.map((data, i) => ({ seq: after + i + 1, data }));
        return { records, cursor: after + records.length, more: after + records.length < all.length };
      },
    };
  }

  commit(): void {
    this.closed = true;
    const d = this.data;
    d.revision = this.revision;
    d.batches.push(...this.batches);
    if (this.snapshot !== undefined) d.snapshot = this.snapshot;
    for (const [k, s] of this.sessions) {
      d.sessions.set(k, s);
      d.sessionWrites.push(k);
    }
    for (const [k, v] of this.sequences) d.sequences.set(k, v);
    for (const [k, v] of this.activity) d.activity.set(k, v);
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
