/**
 * Sets of licences as bitmasks over the catalogue's positions: plain numbers while the catalogue
 * has at most 31 licences (the usual case, and the fast one), `bigint` beyond that.
 *
 * @module
 * @internal
 */

/** The operations the roll-up needs on one representation of licence sets. @internal */
export interface MaskOps<M> {
  /** The empty set. */
  readonly empty: M;
  /** The set holding only position `index`. */
  bit(index: number): M;
  /** Union. */
  or(a: M, b: M): M;
  /** `a` without the members of `b`. */
  andNot(a: M, b: M): M;
  /** Intersection. */
  and(a: M, b: M): M;
  /** True for the empty set. */
  isEmpty(a: M): boolean;
  /** True when both sets have the same members. */
  equals(a: M, b: M): boolean;
  /** The positions in `a`, ascending. */
  indices(a: M): number[];
}

/** Most licences a catalogue may have for the `number` representation (bit 31 is the sign bit). */
export const MAX_NUMBER_MASK_LICENSES = 31;

/** Licence sets as 31-bit numbers. @internal */
export const numberMasks: MaskOps<number> = {
  empty: 0,
  bit: (index) => 1 << index,
  or: (a, b) => a | b,
  andNot: (a, b) => a & ~b,
  and: (a, b) => a & b,
  isEmpty: (a) => a === 0,
  equals: (a, b) => a === b,
  indices(a) {
    const out: number[] = [];
    let rest = a;
    while (rest !== 0) {
      const lowest = rest & -rest;
      out.push(31 - Math.clz32(lowest));
      rest ^= lowest;
    }
    return out;
  },
};

/** Licence sets of any size as bigints. @internal */
export const bigintMasks: MaskOps<bigint> = {
  empty: 0n,
  bit: (index) => 1n << BigInt(index),
  or: (a, b) => a | b,
  andNot: (a, b) => a & ~b,
  and: (a, b) => a & b,
  isEmpty: (a) => a === 0n,
  equals: (a, b) => a === b,
  indices(a) {
    const out: number[] = [];
    let rest = a;
    for (let index = 0; rest !== 0n; index += 1, rest >>= 1n) if ((rest & 1n) === 1n) out.push(index);
    return out;
  },
};
