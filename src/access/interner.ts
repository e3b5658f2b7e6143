/**
 * Interning of case-insensitive ids to small integers, so that the compiled index works on typed
 * arrays instead of strings.
 *
 * @module
 */
import { idKey } from '../model/ids.js';

/**
 * A string-keyed lookup table with no prototype. Why not a `Map`: V8 internalizes a string used as
 * a property key and turns the caller's copy into a reference to the internalized one, so repeated
 * lookups with the same id string compare pointers; a `Map` compares the characters of every
 * distinct string object again on every lookup, which costs about twice as much for ids built at
 * run time (`kind:name`). With no prototype, ids such as `__proto__` or `constructor` are plain
 * keys.
 *
 * @internal
 */
export type Dictionary<T> = Record<string, T | undefined>;

/** A new, empty {@link Dictionary}. @internal */
export function dictionary<T>(): Dictionary<T> {
  return Object.create(null) as Dictionary<T>;
}

/**
 * Ids to dense integers. Each id is reachable under two keys: the author's spelling (so the usual
 * exact-spelling lookup hits on the first probe) and its {@link idKey} (any other spelling falls
 * back to it). Freed integers are reused, so ids that come and go do not grow the arrays.
 *
 * The table is a {@link Dictionary} when `hot` (ids looked up on every check: lookups are faster,
 * inserts about twice as slow), a `Map` otherwise.
 *
 * @internal
 */
export class Interner {
  private readonly dict: Dictionary<number> | null;
  private readonly map: Map<string, number> | null;
  /** Display id by integer; undefined for a free slot. */
  readonly ids: (string | undefined)[] = [];
  /** Key ({@link idKey}) by integer. */
  private readonly keys: (string | undefined)[] = [];
  private readonly free: number[] = [];
  private live = 0;

  constructor(hot = false) {
    this.dict = hot ? dictionary<number>() : null;
    this.map = hot ? null : new Map();
  }

  private get(key: string): number | undefined {
    return this.dict !== null ? this.dict[key] : this.map!.get(key);
  }

  private set(key: string, n: number): void {
    if (this.dict !== null) this.dict[key] = n;
    else this.map!.set(key, n);
  }

  private delete(key: string): void {
    if (this.dict !== null) delete this.dict[key];
    else this.map!.delete(key);
  }

  /** Number of integers handed out so far (live or free): arrays indexed by integer need this length. */
  get capacity(): number {
    return this.ids.length;
  }

  /** Number of live ids. */
  get size(): number {
    return this.live;
  }

  /** The integer of `id` in exactly this spelling (the author's, or lowercase), or undefined: one probe. */
  lookup(id: string): number | undefined {
    return this.dict !== null ? this.dict[id] : this.map!.get(id);
  }

  /** The integer of `id` in any spelling, or -1. */
  find(id: string): number {
    const exact = this.get(id);
    if (exact !== undefined) return exact;
    const byKey = this.get(idKey(id));
    return byKey === undefined ? -1 : byKey;
  }

  /** The integer of the id whose key is `key` (already lowercase), or -1. */
  findKey(key: string): number {
    const found = this.get(key);
    return found === undefined ? -1 : found;
  }

  /**
   * The integer of `id`, interning it when new. When it exists under another spelling, the display
   * spelling becomes `id` (the object was re-added or renamed in case only). `key` is `idKey(id)`
   * when the caller has it (the model's own key string, which saves a copy).
   */
  intern(id: string, key: string = idKey(id)): number {
    const existing = this.get(key);
    if (existing !== undefined) {
      const old = this.ids[existing]!;
      if (old !== id) {
        if (old !== key) this.delete(old);
        this.ids[existing] = id;
        this.set(id, existing);
      }
      return existing;
    }
    const n = this.free.length > 0 ? this.free.pop()! : this.ids.length;
    this.ids[n] = id;
    this.keys[n] = key;
    this.set(key, n);
    if (id !== key) this.set(id, n);
    this.live++;
    return n;
  }

  /** Forget the id held by integer `n`; the integer may be handed out again. */
  release(n: number): void {
    const id = this.ids[n];
    if (id === undefined) return;
    const key = this.keys[n]!;
    this.delete(key);
    if (id !== key) this.delete(id);
    this.ids[n] = undefined;
    this.keys[n] = undefined;
    this.free.push(n);
    this.live--;
  }

  /** The display id of integer `n`. */
  id(n: number): string {
    return this.ids[n]!;
  }

  /** The key ({@link idKey}) of integer `n`. */
  keyOf(n: number): string {
    return this.keys[n]!;
  }

  /** Whether integer `n` is live. */
  has(n: number): boolean {
    return this.ids[n] !== undefined;
  }
}
