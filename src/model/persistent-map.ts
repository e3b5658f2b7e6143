/**
 * An immutable map with string keys whose new versions share almost everything with the old one,
 * for the model's largest collection (assignments: about 60,000 at ERP scale). Changing one entry of
 * an immutable `Map` means copying all of it; here it copies one chunk and one index shard, each a
 * few dozen entries, whatever the size.
 *
 * It behaves as a `ReadonlyMap`: entries iterate in insertion order, and setting an existing key
 * keeps its place. Changes are made through {@link MapEditor}, which copies each chunk or shard at
 * most once per edit, so a batch of any size costs no more than rebuilding the map.
 *
 * @module
 */

/** Entries per chunk when appending. */
const CHUNK = 64;
/** Average entries per index shard above which the index is rebuilt with more shards. */
const SHARD_MAX = 64;

/** The chunks of a {@link PersistentMap}, for {@link partsOf} (set in the class's static block). */
let chunksOf: <V>(map: PersistentMap<V>) => readonly ReadonlyMap<string, V>[];

/** The private constructor of {@link PersistentMap}, for the editor (set in the class's static block). */
let make: <V>(chunks: readonly ReadonlyMap<string, V>[], shards: readonly ReadonlyMap<string, number>[], size: number) => PersistentMap<V>;

/**
 * An immutable, insertion-ordered map with string keys. Entries live in chunks (native maps of at
 * most {@link CHUNK} entries, in insertion order); an index, split into shards by a hash of the key,
 * gives each key's chunk.
 *
 * @internal
 */
export class PersistentMap<V> implements ReadonlyMap<string, V> {
  // Private fields: invisible to `Object.entries`, so two maps with equal entries compare equal in
  // deep-equality checks whatever their chunk layout.
  readonly #chunks: readonly ReadonlyMap<string, V>[];
  readonly #shards: readonly ReadonlyMap<string, number>[];
  readonly #size: number;

  private constructor(chunks: readonly ReadonlyMap<string, V>[], shards: readonly ReadonlyMap<string, number>[], size: number) {
    this.#chunks = chunks;
    this.#shards = shards;
    this.#size = size;
    Object.freeze(this);
  }

  static {
    make = (chunks, shards, size) => new PersistentMap(chunks, shards, size);
    chunksOf = (map) => map.#chunks;
  }

  /** An empty map. */
  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>([], [new Map()], 0);
  }

  /** A map of `entries` (later entries of one key replace earlier ones, in place, as `Map` does). */
  static from<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    const editor = PersistentMap.empty<V>().edit();
    for (const [key, value] of entries) editor.set(key, value);
    return editor.done();
  }

  /** The map itself when it already is one, else a persistent copy of `map`. */
  static of<V>(map: ReadonlyMap<string, V>): PersistentMap<V> {
    return map instanceof PersistentMap ? (map as PersistentMap<V>) : PersistentMap.from(map);
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    const chunk = chunkOf(this.#shards, key);
    return chunk === undefined ? undefined : this.#chunks[chunk]!.get(key);
  }

  has(key: string): boolean {
    return chunkOf(this.#shards, key) !== undefined;
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const chunk of this.#chunks) for (const [key, value] of chunk) callback.call(thisArg, value, key, this);
  }

  entries(): MapIterator<[string, V]> {
    return new ChunkIterator(this.#chunks, (chunk) => chunk.entries());
  }

  keys(): MapIterator<string> {
    return new ChunkIterator(this.#chunks, (chunk) => chunk.keys());
  }

  values(): MapIterator<V> {
    return new ChunkIterator(this.#chunks, (chunk) => chunk.values());
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  /** A transient copy to change; {@link MapEditor.done} gives the new map, this one is untouched. */
  edit(): MapEditor<V> {
    return new MapEditor(this.#chunks, this.#shards, this.#size);
  }
}

/**
 * Changes to a {@link PersistentMap}, made in place on copies: the first change to a chunk or an
 * index shard copies it, later ones in the same edit reuse the copy.
 *
 * @internal
 */
export class MapEditor<V> {
  readonly #chunks: Map<string, V>[];
  readonly #shards: Map<string, number>[];
  #size: number;
  /** Chunks and shards copied by this edit (so changed in place from now on). */
  readonly #ownChunks = new Set<number>();
  readonly #ownShards = new Set<number>();
  #done = false;

  /** @internal Made by {@link PersistentMap.edit}. */
  constructor(
    chunks: readonly ReadonlyMap<string, V>[],
    shards: readonly ReadonlyMap<string, number>[],
    size: number,
  ) {
    // The arrays are copied (a few thousand references at most, a fast copy); the maps in them only
    // when changed (copying a map costs about 0.1 µs an entry).
    this.#chunks = chunks.slice() as Map<string, V>[];
    this.#shards = shards.slice() as Map<string, number>[];
    this.#size = size;
  }

  /** Set `key` to `value`: in its place when present, else last. */
  set(key: string, value: V): this {
    this.#assertOpen();
    const shard = shardOf(key, this.#shards.length);
    const chunk = this.#shards[shard]!.get(key);
    if (chunk !== undefined) {
      this.#chunk(chunk).set(key, value);
      return this;
    }
    let last = this.#chunks.length - 1;
    if (last < 0 || this.#chunks[last]!.size >= CHUNK) {
      this.#chunks.push(new Map());
      this.#ownChunks.add(++last);
    }
    this.#chunk(last).set(key, value);
    this.#shard(shard).set(key, last);
    this.#size++;
    return this;
  }

  /** Remove `key`; whether it was present. */
  delete(key: string): boolean {
    this.#assertOpen();
    const shard = shardOf(key, this.#shards.length);
    const chunk = this.#shards[shard]!.get(key);
    if (chunk === undefined) return false;
    this.#chunk(chunk).delete(key);
    this.#shard(shard).delete(key);
    this.#size--;
    return true;
  }

  /** The new map. The editor cannot be used afterwards (the map shares its copies). */
  done(): PersistentMap<V> {
    this.#assertOpen();
    this.#done = true;
    // Many deletions leave chunks half empty: past twice the chunks needed, start over (amortized,
    // as a dynamic array's growth). The index keeps its shards small as the map grows.
    const needed = Math.ceil(this.#size / CHUNK);
    if (this.#chunks.length > 2 * needed + 2) return rebuilt(this.#chunks, this.#size);
    if (this.#size > SHARD_MAX * this.#shards.length) return make(this.#chunks, indexOf(this.#chunks, this.#size), this.#size);
    return make(this.#chunks, this.#shards, this.#size);
  }

  #chunk(n: number): Map<string, V> {
    if (!this.#ownChunks.has(n)) {
      this.#chunks[n] = new Map(this.#chunks[n]);
      this.#ownChunks.add(n);
    }
    return this.#chunks[n]!;
  }

  #shard(n: number): Map<string, number> {
    if (!this.#ownShards.has(n)) {
      this.#shards[n] = new Map(this.#shards[n]);
      this.#ownShards.add(n);
    }
    return this.#shards[n]!;
  }

  #assertOpen(): void {
    if (this.#done) throw new Error('MapEditor: already done');
  }
}

/** The entries of `chunks` packed into full chunks, with a new index. */
function rebuilt<V>(chunks: readonly ReadonlyMap<string, V>[], size: number): PersistentMap<V> {
  const packed: Map<string, V>[] = [];
  let current: Map<string, V> | undefined;
  for (const chunk of chunks) {
    for (const [key, value] of chunk) {
      if (!current || current.size >= CHUNK) packed.push((current = new Map()));
      current.set(key, value);
    }
  }
  return make(packed, indexOf(packed, size), size);
}

/** The index of `chunks`: as many shards (a power of two) as keep about half of {@link SHARD_MAX} keys each. */
function indexOf(chunks: readonly ReadonlyMap<string, unknown>[], size: number): Map<string, number>[] {
  let count = 1;
  while (count * (SHARD_MAX / 2) < size) count *= 2;
  const shards = Array.from({ length: count }, () => new Map<string, number>());
  chunks.forEach((chunk, n) => {
    for (const key of chunk.keys()) shards[shardOf(key, count)]!.set(key, n);
  });
  return shards;
}

/** The chunk holding `key`, if any. */
function chunkOf(shards: readonly ReadonlyMap<string, number>[], key: string): number | undefined {
  return shards[shardOf(key, shards.length)]!.get(key);
}

/** The shard of `key` among `count` (a power of two): FNV-1a over its UTF-16 code units. */
function shardOf(key: string, count: number): number {
  if (count === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  // Fold the high bits, which mix best, into the low ones the mask keeps.
  return (hash ^ (hash >>> 16)) & (count - 1);
}

/** Iterates the chunks' own iterators one after the other: native iteration, no generator. */
class ChunkIterator<V, T> implements MapIterator<T> {
  #at = 0;
  #inner: Iterator<T> | undefined;

  constructor(
    private readonly chunks: readonly ReadonlyMap<string, V>[],
    private readonly open: (chunk: ReadonlyMap<string, V>) => Iterator<T>,
  ) {}

  next(): IteratorResult<T, undefined> {
    for (;;) {
      if (this.#inner) {
        const step = this.#inner.next();
        if (!step.done) return step;
      }
      if (this.#at >= this.chunks.length) return { done: true, value: undefined };
      this.#inner = this.open(this.chunks[this.#at++]!);
    }
  }

  [Symbol.iterator](): MapIterator<T> {
    return this;
  }
}

/**
 * The native maps that hold `map`'s entries, in its order: a persistent map's chunks, or the map
 * itself. For passes over every entry that must not allocate: a `for…of` over a native map's
 * `values()` is compiled without a result object per entry, where the persistent map's own
 * iterator hands each one on. Read only: a chunk may be shared by many versions.
 *
 * @internal
 */
export function partsOf<V>(map: ReadonlyMap<string, V>): readonly ReadonlyMap<string, V>[] {
  return map instanceof PersistentMap ? chunksOf(map as PersistentMap<V>) : [map];
}

/** Whether `value` is a map a model may hold: a `Map` or a {@link PersistentMap}. @internal */
export function isModelMap(value: unknown): value is ReadonlyMap<string, unknown> {
  return value instanceof Map || value instanceof PersistentMap;
}
