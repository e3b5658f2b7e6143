/**
 * The compiled closure of every compiled role, stored by entry point: for each entry point, the
 * roles whose sub-tree grants something on it and the packed allow/deny bits they grant.
 *
 * Why by entry point: a check knows one entry point and a handful of roles (the user's). Keeping
 * the roles of one entry point together, sorted, puts everything a check reads in one 64-byte
 * slot (a real installation has about ten roles per entry point), where a table per role costs one
 * cache miss per role of the user.
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';

/** Bits of an entry holding the grant bits; the role sits above them. @internal */
export const ENTRY_SHIFT = 12;
const BITS_MASK = (1 << ENTRY_SHIFT) - 1;
/** Most roles the store can hold: entries are `role << 12 | bits` in a signed 32-bit integer. @internal */
export const MAX_ROLES = 1 << 19;

// Each entry point owns a slot of 16 integers (one cache line): its length, the start and capacity
// of its overflow segment in `data`, the entry point's flags (so a check reads nothing else about
// the entry point), and room for 12 entries. Up to 12 entries live in the slot; more move, all
// together, to a segment of `data`.
const SLOT_SHIFT = 4;
const SLOT = 1 << SLOT_SHIFT;
const LENGTH = 0;
const START = 1;
const CAPACITY = 2;
const FLAGS = 3;
const INLINE = 4;
/** Entries that fit in an entry point's slot. @internal */
export const INLINE_ENTRIES = SLOT - INLINE;

/** What a probe needs of a holder: its `'all'`-scoped roles, the first six inline. @internal */
export interface ProbeRoles {
  /** Number of roles. */
  readonly n: number;
  readonly r0: number;
  readonly r1: number;
  readonly r2: number;
  readonly r3: number;
  readonly r4: number;
  readonly r5: number;
  /** All roles, ascending. */
  readonly roles: readonly number[];
}

/**
 * Sorted lists of `role << 12 | bits`, one per entry point, in slots and overflow segments. A
 * segment that fills up moves to the end of `data` with twice the room; the space it leaves is
 * reclaimed by compaction once it is half the array.
 *
 * @internal
 */
export class ClosureStore {
  /** Per entry point, 16 integers: length, overflow start, overflow capacity, flags, 12 inline entries. */
  slots: Int32Array;
  /** Overflow segments of entry points with more than 12 entries. */
  data: Int32Array;
  private used = 0;
  private waste = 0;

  /**
   * @param entryPointCapacity - entry point integers to make room for
   * @param compactAfter - abandoned space tolerated before compaction is considered (small in tests)
   */
  constructor(
    entryPointCapacity: number,
    private readonly compactAfter = 4096,
  ) {
    this.slots = new Int32Array(Math.max(16, entryPointCapacity) << SLOT_SHIFT);
    this.data = new Int32Array(1024);
  }

  /** Make room for entry point integers below `n`. */
  ensureEntryPoints(n: number): void {
    if (n << SLOT_SHIFT <= this.slots.length) return;
    const next = new Int32Array(Math.max(n, (this.slots.length >> SLOT_SHIFT) * 2) << SLOT_SHIFT);
    next.set(this.slots);
    this.slots = next;
  }

  /** Total entries held. */
  get entries(): number {
    let total = 0;
    for (let i = LENGTH; i < this.slots.length; i += SLOT) total += this.slots[i]!;
    return total;
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    return this.data.byteLength + this.slots.byteLength;
  }

  /** The flags of entry point `e` (kept here so a check finds them in the slot it reads anyway). */
  flags(e: number): number {
    return this.slots[(e << SLOT_SHIFT) + FLAGS]!;
  }

  /** Set the flags of entry point `e`. */
  setFlags(e: number, flags: number): void {
    this.slots[(e << SLOT_SHIFT) + FLAGS] = flags;
  }

  /**
   * Replace the whole content. `roles` must be in ascending order; `closures[i]` lists the entry
   * points and bits of `roles[i]`; `flags` are the entry points' flags.
   */
  load(entryPointCapacity: number, flags: Uint8Array, roles: readonly number[], closures: readonly { eps: Int32Array; bits: Int32Array }[]): void {
    const count = Math.max(16, entryPointCapacity);
    const slots = new Int32Array(count << SLOT_SHIFT);
    for (let e = 0; e < Math.min(count, flags.length); e++) slots[(e << SLOT_SHIFT) + FLAGS] = flags[e]!;
    for (const closure of closures) for (const e of closure.eps) slots[(e << SLOT_SHIFT) + LENGTH]!++;
    let offset = 0;
    for (let e = 0; e < count; e++) {
      const base = e << SLOT_SHIFT;
      const n = slots[base + LENGTH]!;
      if (n <= INLINE_ENTRIES) continue;
      slots[base + START] = offset;
      slots[base + CAPACITY] = slack(n);
      offset += slack(n);
    }
    const data = new Int32Array(Math.max(1024, offset + (offset >> 3)));
    // Count again while filling, in the slot itself: an inline entry then costs one cache line.
    for (let e = 0; e < count; e++) slots[(e << SLOT_SHIFT) + LENGTH] = 0;
    roles.forEach((role, i) => {
      const { eps, bits } = closures[i]!;
      const packedRole = role << ENTRY_SHIFT;
      for (let k = 0; k < eps.length; k++) {
        const base = eps[k]! << SLOT_SHIFT;
        const at = slots[base + LENGTH]!;
        slots[base + LENGTH] = at + 1;
        if (slots[base + CAPACITY] === 0) slots[base + INLINE + at] = packedRole | bits[k]!;
        else data[slots[base + START]! + at] = packedRole | bits[k]!;
      }
    });
    this.slots = slots;
    this.data = data;
    this.used = offset;
    this.waste = 0;
  }

  /**
   * The OR of the bits the holder's roles grant on entry point `e`. The hot path of every check:
   * one slot read, and for each role a scan of a short sorted list.
   */
  probe(e: number, holder: ProbeRoles): number {
    const base = e << SLOT_SHIFT;
    const slots = this.slots;
    const length = slots[base + LENGTH]!;
    if (length === 0 || holder.n === 0) return 0;
    let list = slots;
    let start = base + INLINE;
    if (slots[base + CAPACITY] !== 0) {
      list = this.data;
      start = slots[base + START]!;
    }
    const end = start + length;
    const n = holder.n;
    if (n > 6) {
      let bits = 0;
      for (const role of holder.roles) bits |= find(list, start, end, role);
      return bits & BITS_MASK;
    }
    let bits = find(list, start, end, holder.r0);
    if (n > 1) {
      bits |= find(list, start, end, holder.r1);
      if (n > 2) {
        bits |= find(list, start, end, holder.r2);
        if (n > 3) {
          bits |= find(list, start, end, holder.r3);
          if (n > 4) {
            bits |= find(list, start, end, holder.r4);
            if (n > 5) bits |= find(list, start, end, holder.r5);
          }
        }
      }
    }
    return bits & BITS_MASK;
  }

  /** The bits role `role` grants on entry point `e` (0 when none). */
  get(e: number, role: number): number {
    const base = e << SLOT_SHIFT;
    const slots = this.slots;
    const length = slots[base + LENGTH]!;
    if (length === 0) return 0;
    if (slots[base + CAPACITY] === 0) return find(slots, base + INLINE, base + INLINE + length, role);
    const start = slots[base + START]!;
    return find(this.data, start, start + length, role);
  }

  /** Set the bits of role `role` on entry point `e` (0 removes the entry). Returns the old bits. */
  set(e: number, role: number, bits: number): number {
    const base = e << SLOT_SHIFT;
    const length = this.slots[base + LENGTH]!;
    const inline = this.slots[base + CAPACITY] === 0;
    let list = inline ? this.slots : this.data;
    let start = inline ? base + INLINE : this.slots[base + START]!;
    const key = role << ENTRY_SHIFT;
    const at = search(list, start, start + length, key);
    if (at >= 0) {
      const old = list[at]! & BITS_MASK;
      if (bits !== 0) {
        list[at] = key | bits;
        return old;
      }
      list.copyWithin(at, at + 1, start + length);
      this.slots[base + LENGTH] = length - 1;
      // Back into the slot only well below its size, so a list hovering at the limit does not move
      // back and forth.
      if (!inline && length - 1 <= INLINE_ENTRIES - 4) this.moveInline(e);
      return old;
    }
    if (bits === 0) return 0;
    const position = ~at - start;
    if (inline ? length === INLINE_ENTRIES : length === this.slots[base + CAPACITY]) {
      this.grow(e);
      list = this.data;
      start = this.slots[base + START]!;
    }
    list.copyWithin(start + position + 1, start + position, start + length);
    list[start + position] = key | bits;
    this.slots[base + LENGTH] = length + 1;
    return 0;
  }

  /** Calls `visit(role, bits)` for every role with an entry on `e`, in ascending role order. */
  forEach(e: number, visit: (role: number, bits: number) => void): void {
    const base = e << SLOT_SHIFT;
    const length = this.slots[base + LENGTH]!;
    const inline = this.slots[base + CAPACITY] === 0;
    const list = inline ? this.slots : this.data;
    const start = inline ? base + INLINE : this.slots[base + START]!;
    for (let i = start; i < start + length; i++) {
      const x = list[i]!;
      visit(x >>> ENTRY_SHIFT, x & BITS_MASK);
    }
  }

  /** Number of roles with an entry on `e`. */
  count(e: number): number {
    return this.slots[(e << SLOT_SHIFT) + LENGTH]!;
  }

  /** Reset the (empty) slot of a released entry point. */
  clear(e: number): void {
    const base = e << SLOT_SHIFT;
    if (this.slots[base + LENGTH] !== 0) throw new SecGovError('INTEGRITY_VIOLATION', 'access index: a released entry point still has grants');
    this.waste += this.slots[base + CAPACITY]!;
    this.slots.fill(0, base, base + SLOT);
    // flags are reset too: the slot may be handed to another entry point
  }

  // Move the entries of `e` to a new overflow segment with twice the room (from its slot, or from
  // a full segment).
  private grow(e: number): void {
    const base = e << SLOT_SHIFT;
    const slots = this.slots;
    const length = slots[base + LENGTH]!;
    const inline = slots[base + CAPACITY] === 0;
    const capacity = inline ? 2 * SLOT : slots[base + CAPACITY]! * 2;
    if (this.waste > this.compactAfter && this.waste * 2 > this.used) this.compact();
    if (this.used + capacity > this.data.length) {
      const next = new Int32Array(Math.max(this.data.length * 2, this.used + capacity));
      next.set(this.data.subarray(0, this.used));
      this.data = next;
    }
    if (inline) {
      this.data.set(slots.subarray(base + INLINE, base + INLINE + length), this.used);
    } else {
      const from = slots[base + START]!;
      this.data.copyWithin(this.used, from, from + length);
      this.waste += slots[base + CAPACITY]!;
    }
    slots[base + START] = this.used;
    slots[base + CAPACITY] = capacity;
    this.used += capacity;
  }

  // Bring a segment that shrank back into its slot.
  private moveInline(e: number): void {
    const base = e << SLOT_SHIFT;
    const slots = this.slots;
    const start = slots[base + START]!;
    slots.set(this.data.subarray(start, start + slots[base + LENGTH]!), base + INLINE);
    this.waste += slots[base + CAPACITY]!;
    slots[base + START] = 0;
    slots[base + CAPACITY] = 0;
  }

  // Pack every overflow segment again, each with a little room to grow.
  private compact(): void {
    const slots = this.slots;
    const count = slots.length >> SLOT_SHIFT;
    let total = 0;
    for (let e = 0; e < count; e++) if (slots[(e << SLOT_SHIFT) + CAPACITY] !== 0) total += slack(slots[(e << SLOT_SHIFT) + LENGTH]!);
    const data = new Int32Array(Math.max(1024, total + (total >> 3)));
    let offset = 0;
    for (let e = 0; e < count; e++) {
      const base = e << SLOT_SHIFT;
      if (slots[base + CAPACITY] === 0) continue;
      const length = slots[base + LENGTH]!;
      const room = slack(length);
      data.set(this.data.subarray(slots[base + START]!, slots[base + START]! + length), offset);
      slots[base + START] = offset;
      slots[base + CAPACITY] = room;
      offset += room;
    }
    this.data = data;
    this.used = offset;
    this.waste = 0;
  }
}

/** The bits of `role` in the sorted list `list[start..end)`, or 0. Linear: lists are short. */
function find(list: Int32Array, start: number, end: number, role: number): number {
  const key = role << ENTRY_SHIFT;
  if (end - start > 24) {
    let hi = end;
    while (start < hi) {
      const mid = (start + hi) >>> 1;
      if (list[mid]! < key) start = mid + 1;
      else hi = mid;
    }
  } else {
    while (start < end && list[start]! < key) start++;
  }
  if (start === end) return 0;
  const x = list[start]!;
  return x - key <= BITS_MASK ? x & BITS_MASK : 0;
}

// Binary search for `key`'s role in list[start..end): its index, or ~insertion index.
function search(list: Int32Array, start: number, end: number, key: number): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo < end && list[lo]! - key <= BITS_MASK) return lo;
  return ~lo;
}

function slack(length: number): number {
  return length + 2 + (length >> 3);
}
