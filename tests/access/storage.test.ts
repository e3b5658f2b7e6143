import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClosureStore, INLINE_ENTRIES } from '../../src/access/closure-store.js';
import { IntLists } from '../../src/access/int-lists.js';

// The closure store and the int lists hold lists that move between a slot, overflow segments and
// compacted arrays; small models never make them move, so they are tested here against plain maps.

const EPS = 4;
const ROLES = 60;

type Op = { kind: 'set'; e: number; role: number; bits: number } | { kind: 'clear'; e: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('set' as const), e: fc.nat(EPS - 1), role: fc.nat(ROLES - 1), bits: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4095 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), e: fc.nat(EPS - 1) }) },
);

function holder(roles: number[]) {
  const sorted = [...new Set(roles)].sort((a, b) => a - b);
  return { n: sorted.length, r0: sorted[0] ?? -1, r1: sorted[1] ?? -1, r2: sorted[2] ?? -1, r3: sorted[3] ?? -1, r4: sorted[4] ?? -1, r5: sorted[5] ?? -1, roles: sorted };
}

describe('ClosureStore', () => {
  it('keeps every entry point list exact through loads, growth, shrinking and compaction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ e: fc.nat(EPS - 1), bits: fc.integer({ min: 1, max: 4095 }) }), { maxLength: EPS }), { maxLength: ROLES }),
        fc.array(opArb, { maxLength: 400 }),
        fc.array(fc.uniqueArray(fc.nat(ROLES - 1), { maxLength: 9 }), { minLength: 1, maxLength: 5 }),
        (initial, ops, holders) => {
          const reference = Array.from({ length: EPS }, () => new Map<number, number>());
          const store = new ClosureStore(EPS, 0);
          const roles: number[] = [];
          const closures: { eps: Int32Array; bits: Int32Array }[] = [];
          initial.forEach((entries, role) => {
            const byEp = new Map<number, number>();
            for (const { e, bits } of entries) byEp.set(e, bits);
            roles.push(role);
            closures.push({ eps: Int32Array.from(byEp.keys()), bits: Int32Array.from(byEp.values()) });
            for (const [e, bits] of byEp) reference[e]!.set(role, bits);
          });
          store.load(EPS, new Uint8Array([1, 0, 1, 0]), roles, closures);
          for (const op of ops) {
            if (op.kind === 'set') {
              expect(store.set(op.e, op.role, op.bits)).toBe(reference[op.e]!.get(op.role) ?? 0);
              if (op.bits === 0) reference[op.e]!.delete(op.role);
              else reference[op.e]!.set(op.role, op.bits);
            } else {
              for (const role of [...reference[op.e]!.keys()]) store.set(op.e, role, 0);
              reference[op.e]!.clear();
              store.clear(op.e);
              store.setFlags(op.e, op.e % 2 === 0 ? 1 : 0);
            }
          }
          for (let e = 0; e < EPS; e++) {
            const want = [...reference[e]!].sort((a, b) => a[0] - b[0]);
            const got: [number, number][] = [];
            store.forEach(e, (role, bits) => got.push([role, bits]));
            expect(got).toEqual(want);
            expect(store.count(e)).toBe(want.length);
            expect(store.flags(e)).toBe(e % 2 === 0 ? 1 : 0);
            for (let role = 0; role < ROLES; role++) expect(store.get(e, role)).toBe(reference[e]!.get(role) ?? 0);
            for (const roles of holders) {
              let want = 0;
              for (const role of roles) want |= reference[e]!.get(role) ?? 0;
              expect(store.probe(e, holder(roles))).toBe(want);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compacts the overflow space that lists moving back to their slots leave behind', () => {
    const store = new ClosureStore(8, 0);
    const reference = Array.from({ length: 8 }, () => new Map<number, number>());
    const set = (e: number, role: number, bits: number) => {
      store.set(e, role, bits);
      if (bits === 0) reference[e]!.delete(role);
      else reference[e]!.set(role, bits);
    };
    for (let round = 0; round < 3; round++) {
      for (let e = 0; e < 8; e++) for (let role = 0; role < 40; role++) set(e, role, (role * 7 + e + round) % 4095 || 1);
      for (let e = 0; e < 8; e++) for (let role = 0; role < 40; role++) if (role % 9 !== round) set(e, role, 0);
    }
    for (let e = 0; e < 8; e++) {
      const got: [number, number][] = [];
      store.forEach(e, (role, bits) => got.push([role, bits]));
      expect(got).toEqual([...reference[e]!].sort((a, b) => a[0] - b[0]));
    }
  });

  it('moves a list out of its slot past the inline size and back well below it', () => {
    const store = new ClosureStore(2);
    for (let role = 0; role < 40; role++) store.set(1, role, role + 1);
    expect(store.count(1)).toBe(40);
    expect(store.probe(1, holder([0, 13, 39]))).toBe(1 | 14 | 40);
    for (let role = 39; role >= 0; role--) if (role % 5 !== 0) store.set(1, role, 0);
    expect(store.count(1)).toBeLessThan(INLINE_ENTRIES);
    expect(store.probe(1, holder([0, 5, 10, 35, 36, 37, 38]))).toBe(1 | 6 | 11 | 36);
  });
});

describe('IntLists', () => {
  it('keeps every list exact through replacement and compaction', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ owner: fc.nat(30), values: fc.array(fc.integer(), { maxLength: 600 }), clear: fc.boolean() }), { maxLength: 120 }), (ops) => {
        const lists = new IntLists(4, 16, 0);
        const reference = new Map<number, number[]>();
        for (const op of ops) {
          if (op.clear) {
            lists.clear(op.owner);
            reference.set(op.owner, []);
          } else {
            lists.set(op.owner, op.values);
            reference.set(op.owner, op.values);
          }
        }
        for (let owner = 0; owner <= 31; owner++) {
          expect([...lists.get(owner)]).toEqual(reference.get(owner) ?? []);
          expect(lists.length(owner)).toBe((reference.get(owner) ?? []).length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
