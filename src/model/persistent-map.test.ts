import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isModelMap, PersistentMap } from './persistent-map.js';

type Op = { readonly set: string; readonly value: number } | { readonly delete: string };

/** Apply `ops` to a copy of `map` (the reference: a native Map). */
function reference(map: ReadonlyMap<string, number>, ops: readonly Op[]): Map<string, number> {
  const next = new Map(map);
  for (const op of ops) {
    if ('set' in op) next.set(op.set, op.value);
    else next.delete(op.delete);
  }
  return next;
}

function edited(map: PersistentMap<number>, ops: readonly Op[]): PersistentMap<number> {
  const editor = map.edit();
  for (const op of ops) {
    if ('set' in op) editor.set(op.set, op.value);
    else editor.delete(op.delete);
  }
  return editor.done();
}

/** Everything a reader can see, in order. */
function view(map: ReadonlyMap<string, number>) {
  const forEach: [string, number][] = [];
  map.forEach((value, key, self) => {
    expect(self).toBe(map);
    forEach.push([key, value]);
  });
  return { size: map.size, entries: [...map.entries()], keys: [...map.keys()], values: [...map.values()], iterated: [...map], forEach };
}

describe('PersistentMap', () => {
  it('reads like a Map: insertion order, replacing in place, appending after a delete', () => {
    const map = PersistentMap.from<number>([['b', 1], ['a', 2], ['c', 3], ['a', 4]]);
    expect([...map]).toEqual([['b', 1], ['a', 4], ['c', 3]]);
    const next = edited(map, [{ delete: 'b' }, { set: 'b', value: 5 }, { set: 'c', value: 6 }]);
    expect([...next]).toEqual([['a', 4], ['c', 6], ['b', 5]]);
    expect(next.get('c')).toBe(6);
    expect(next.has('z')).toBe(false);
    expect(next.get('z')).toBeUndefined();
    // The old version is untouched.
    expect([...map]).toEqual([['b', 1], ['a', 4], ['c', 3]]);
  });

  it('is frozen, counts as a model map, and an editor cannot be used after done()', () => {
    const map = PersistentMap.empty<number>();
    expect(Object.isFrozen(map)).toBe(true);
    expect(isModelMap(map)).toBe(true);
    expect(isModelMap(new Map())).toBe(true);
    expect(isModelMap({})).toBe(false);
    const editor = map.edit();
    editor.set('a', 1);
    editor.done();
    expect(() => editor.set('b', 2)).toThrow(/already done/);
    expect(map.size).toBe(0);
  });

  it('compares equal to another map with the same entries in a deep-equality check', () => {
    const built = PersistentMap.from<number>(Array.from({ length: 1_000 }, (_, i) => [`k${i}`, i] as const));
    const edited1 = edited(built, [{ delete: 'k999' }]);
    const rebuilt = PersistentMap.from<number>(Array.from({ length: 999 }, (_, i) => [`k${i}`, i] as const));
    expect(edited1).toEqual(rebuilt);
    expect(edited1).not.toEqual(built);
  });

  it('keeps a large map whole through many one-entry edits', () => {
    const big = PersistentMap.from<number>(Array.from({ length: 60_000 }, (_, i) => [`user${i}\u0000role`, i] as const));
    let map = big;
    for (let i = 0; i < 2_000; i++) map = edited(map, i % 2 === 0 ? [{ set: `new${i}`, value: i }] : [{ delete: `user${i * 29}\u0000role` }]);
    expect(map.size).toBe(60_000);
    expect(map.get('user59999\u0000role')).toBe(59_999);
    expect(map.has('user29\u0000role')).toBe(false);
    expect([...map.keys()].at(-1)).toBe('new1998');
    expect(big.size).toBe(60_000);
    expect(big.has('user29\u0000role')).toBe(true);
  });

  it('matches a native Map over random edits of random versions (property)', () => {
    const key = fc.integer({ min: 0, max: 700 }).map((n) => `k${n}`);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ set: key, value: fc.integer() }),
      fc.record({ delete: key }),
    );
    // Batches of edits, each on a random earlier version (so versions branch), some large enough
    // to grow, shrink and re-index the map.
    const batch = fc.record({ from: fc.nat(), ops: fc.oneof(fc.array(op, { maxLength: 5 }), fc.array(op, { minLength: 200, maxLength: 1_500 })) });
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 12 }), (batches) => {
        const versions: { map: PersistentMap<number>; expected: Map<string, number> }[] = [{ map: PersistentMap.empty(), expected: new Map() }];
        for (const { from, ops } of batches) {
          const base = versions[from % versions.length]!;
          versions.push({ map: edited(base.map, ops), expected: reference(base.expected, ops) });
        }
        for (const { map, expected } of versions) {
          expect(view(map)).toEqual(view(expected));
          for (let n = 0; n <= 700; n++) {
            expect(map.get(`k${n}`)).toBe(expected.get(`k${n}`));
            expect(map.has(`k${n}`)).toBe(expected.has(`k${n}`));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('packs its chunks again after many deletions, keeping the order', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    let map = PersistentMap.from<number>(keys.map((k, i) => [k, i] as const));
    let expected = new Map(keys.map((k, i) => [k, i] as const));
    // One at a time, so each edit judges whether to pack; then a batch, and appends after it.
    for (let i = 0; i < 9_000; i += 3) {
      const ops: Op[] = [{ delete: `k${i}` }, { delete: `k${i + 1}` }, { delete: `k${i + 2}` }];
      map = edited(map, ops);
      expected = reference(expected, ops);
    }
    const more: Op[] = Array.from({ length: 500 }, (_, i) => ({ set: `k${i * 2}`, value: -i }));
    map = edited(map, more);
    expected = reference(expected, more);
    expect(view(map)).toEqual(view(expected));
    for (const k of keys) expect(map.get(k)).toBe(expected.get(k));
  });

  it('matches a native Map when built from one, whatever its size', () => {
    for (const size of [0, 1, 63, 64, 65, 127, 128, 129, 1_000, 40_000]) {
      const native = new Map(Array.from({ length: size }, (_, i) => [`id-${(i * 7919) % 100_003}`, i] as const));
      expect(view(PersistentMap.of(native))).toEqual(view(native));
    }
    const map = PersistentMap.from<number>([['a', 1]]);
    expect(PersistentMap.of(map)).toBe(map);
  });
});
