/**
 * A store wrapper that fails chosen writes or commits, for fault tests.
 *
 * @module
 */
import { invalid, readArgument } from '../model/arguments.js';
import { SecGovError } from '../model/errors.js';
import type { Store, StoreTransaction } from '../ports/store.js';

/** The methods of a {@link StoreTransaction} that write. */
export const storeWriteMethods = ['appendState', 'saveSnapshot', 'insertSession', 'updateSession', 'nextSequence', 'putUserActivity', 'appendLog', 'saveVersion', 'deleteVersion'] as const;

/** One operation the faulty store is about to do. */
export interface FaultPoint {
  /** A write inside a unit of work, or the commit at its end. */
  readonly kind: 'write' | 'commit';
  /** The write method (for writes). */
  readonly method?: (typeof storeWriteMethods)[number];
  /** 1-based position among all operations of this kind since the store was made (or reset). */
  readonly position: number;
}

/** Which operations fail. */
export interface FaultPlan {
  /** Fail these write positions (1-based, counted over all units of work). */
  readonly failWrites?: readonly number[];
  /** Fail these commit positions (1-based; only units of work that wrote something count). */
  readonly failCommits?: readonly number[];
  /** Fail whatever this predicate picks. */
  readonly failWhen?: (point: FaultPoint) => boolean;
}

/** A {@link Store} that injects faults, with counters of what it saw. */
export interface FaultyStore extends Store {
  /** Writes attempted so far. */
  readonly writes: number;
  /** Commits attempted so far (units of work that wrote). */
  readonly commits: number;
  /** Faults injected so far. */
  readonly faults: number;
  /** Replace the plan and reset the counters. */
  reset(plan?: FaultPlan): void;
}

/**
 * Wrap a store so that chosen writes or commits fail with a retryable `STORE_FAILURE`. A failed
 * write or commit rolls the whole unit of work back (the inner store sees the error), exactly as a
 * lost connection would.
 *
 * @example
 * const store = faultyStore(memoryStore(), { failWrites: [3] }); // the third write fails
 */
export function faultyStore(inner: Store, plan: FaultPlan = {}): FaultyStore {
  if (!readArgument('inner', () => typeof inner === 'object' && inner !== null && typeof inner.transact === 'function')) throw invalid('inner', 'a Store (an object with transact)', inner);
  let current = plan;
  let writes = 0;
  let commits = 0;
  let faults = 0;
  const shouldFail = (point: FaultPoint): boolean => {
    const listed = point.kind === 'write' ? current.failWrites : current.failCommits;
    return (listed?.includes(point.position) ?? false) || (current.failWhen?.(point) ?? false);
  };
  const fault = (point: FaultPoint): SecGovError => {
    faults += 1;
    const what = point.kind === 'write' ? `write ${point.position} (${point.method})` : `commit ${point.position}`;
    return new SecGovError('STORE_FAILURE', `injected fault at ${what}`, { retryable: true, fault: point });
  };

  return {
    get writes() {
      return writes;
    },
    get commits() {
      return commits;
    },
    get faults() {
      return faults;
    },
    reset(next: FaultPlan = {}) {
      current = next;
      writes = 0;
      commits = 0;
      faults = 0;
    },
    transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      return inner.transact(async (tx) => {
        let wrote = false;
        const wrapped: StoreTransaction = { ...bind(tx) };
        for (const method of storeWriteMethods) {
          const original = tx[method].bind(tx) as (...args: unknown[]) => Promise<unknown>;
          (wrapped as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
            wrote = true;
            writes += 1;
            const point: FaultPoint = { kind: 'write', method, position: writes };
            if (shouldFail(point)) throw fault(point);
            return original(...args);
          };
        }
        const result = await work(wrapped);
        if (wrote) {
          commits += 1;
          const point: FaultPoint = { kind: 'commit', position: commits };
          if (shouldFail(point)) throw fault(point);
        }
        return result;
      });
    },
    ...(inner.close ? { close: () => inner.close!() } : {}),
  };
}

function bind(tx: StoreTransaction): StoreTransaction {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(tx) as (keyof StoreTransaction)[]) {
    const value = tx[key];
    out[key] = typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(tx) : value;
  }
  // Adapters may implement the transaction as a class: pick up prototype methods too.
  let proto = Object.getPrototypeOf(tx) as object | null;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key in out) continue;
      const value = (tx as unknown as Record<string, unknown>)[key];
      if (typeof value === 'function') out[key] = (value as (...a: unknown[]) => unknown).bind(tx);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return out as unknown as StoreTransaction;
}
