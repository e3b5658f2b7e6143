/**
 * The security graph in integer form: entry points, privileges with their grants, duties and roles
 * with their members, and the reverse edges that find what a change affects.
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import type { Duty, EntryPoint, Privilege, Role } from '../model/schemas.js';
import { entryPointId } from '../model/schemas.js';
import { IntLists } from './int-lists.js';
import { Interner } from './interner.js';
import { ALLOW_MASK, INVOKE_ONLY_MASK, effectiveAllow, grantBits } from './rights.js';

/** Flag of an entry point on which only `invoke` applies (service operations, data entity methods). @internal */
export const INVOKE_ONLY = 1;

// The reverse index of grants packs a privilege and its grant bits into one number.
const PACK = 4096;

const EMPTY = new Int32Array(0);

/** Whether only `invoke` applies to an entry point. @internal */
export function isInvokeOnly(ep: Pick<EntryPoint, 'kind' | 'childName'>): boolean {
  return ep.kind === 'service-operation' || (ep.kind === 'data-entity' && ep.childName !== undefined);
}

/** The reverse edges: who lists each privilege, duty and role. @internal */
interface ReverseEdges {
  readonly privDuties: (number[] | undefined)[];
  readonly privRoles: (number[] | undefined)[];
  readonly dutyRoles: (number[] | undefined)[];
  readonly roleParents: (number[] | undefined)[];
}

/**
 * Integer form of the security graph. Members keep the order the model lists them in (explanations
 * follow it).
 *
 * The reverse edges and the reverse index of grants serve explanations, diagnostics and updates,
 * never a check: they are built on first use, which keeps them out of the build.
 *
 * @internal
 */
export class SecurityGraph {
  /** Entry points: looked up on every check, so a dictionary. */
  readonly entryPoints = new Interner(true);
  /** Flags by entry point ({@link INVOKE_ONLY}). */
  epFlags = new Uint8Array(64);

  readonly privileges = new Interner();
  /** Per privilege: its grants as pairs `entryPoint, bits`, ascending by entry point; grants setting nothing are left out. */
  readonly grants = new IntLists();
  /** Per privilege: number of entry points it effectively allows some right on. */
  readonly privAllow: number[] = [];

  readonly duties = new Interner();
  /** Per duty: its privileges. */
  readonly dutyPrivs = new IntLists();

  readonly roles = new Interner();
  /** Per role: its duties, direct privileges and sub-roles. */
  readonly roleDuties = new IntLists();
  readonly rolePrivs = new IntLists();
  readonly roleSubs = new IntLists();

  private grantIndex: (number[] | undefined)[] | null = null;
  private reverseEdges: ReverseEdges | null = null;
  private sortBuffer = new Float64Array(64);
  private memberBuffer = new Int32Array(64);

  /** The mask of rights that apply to entry point `e`. */
  applicable(e: number): number {
    return (this.epFlags[e]! & INVOKE_ONLY) !== 0 ? INVOKE_ONLY_MASK : ALLOW_MASK;
  }

  /** A view of the list of `owner` in `lists` (allocates a view: not for hot loops). */
  static list(lists: IntLists, owner: number): Int32Array {
    const start = lists.start(owner);
    return lists.data.subarray(start, start + lists.length(owner));
  }

  // ---- entry points ----

  /** Intern an entry point (new or re-spelled) and record its flags. `key` is its model key when known. */
  putEntryPoint(ep: EntryPoint, key?: string): number {
    const id = entryPointId(ep);
    const e = this.entryPoints.intern(id, key ?? idKey(id));
    if (e >= this.epFlags.length) {
      const next = new Uint8Array(Math.max(e + 1, this.epFlags.length * 2));
      next.set(this.epFlags);
      this.epFlags = next;
    }
    this.epFlags[e] = isInvokeOnly(ep) ? INVOKE_ONLY : 0;
    return e;
  }

  /** Forget an entry point no grant refers to any more. */
  releaseEntryPoint(e: number): void {
    if (this.grantIndex !== null) this.grantIndex[e] = undefined;
    this.epFlags[e] = 0;
    this.entryPoints.release(e);
  }

  // ---- privileges ----

  /** Intern a privilege id (its grants are set by {@link setGrants}). */
  internPrivilege(id: string, key?: string): number {
    const p = this.privileges.intern(id, key);
    this.privAllow[p] ??= 0;
    return p;
  }

  /**
   * Set the grants of privilege `p`; returns the entry points whose bits changed (none when
   * `initial`: the build sets every privilege once and needs no difference). Every entry point a
   * grant names must be interned.
   */
  setGrants(p: number, privilege: Privilege | undefined, initial = false): Int32Array {
    const list = privilege?.grants ?? [];
    // Sort (entry point, bits) pairs by packing each into one number, in a reused buffer.
    if (this.sortBuffer.length < list.length) this.sortBuffer = new Float64Array(Math.max(list.length, this.sortBuffer.length * 2));
    const packed = this.sortBuffer;
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      const grant = list[i]!;
      const bits = grantBits(grant);
      if (bits === 0) continue;
      const e = this.entryPoints.lookup(grant.entryPoint) ?? this.entryPoints.findKey(idKey(grant.entryPoint));
      if (e < 0) throw new SecGovError('MISSING_REFERENCE', `privilege "${privilege!.id}" grants missing entry point "${grant.entryPoint}"`, { ids: [privilege!.id, grant.entryPoint] });
      packed[n++] = e * PACK + bits;
    }
    sortPrefix(packed, n);
    const pairs = this.pairs(2 * n);
    let allow = 0;
    for (let k = 0; k < n; k++) {
      const e = Math.floor(packed[k]! / PACK);
      const bits = packed[k]! - e * PACK;
      pairs[2 * k] = e;
      pairs[2 * k + 1] = bits;
      if (effectiveAllow(bits, this.applicable(e)) !== 0) allow++;
    }
    this.privAllow[p] = allow;
    if (initial) {
      this.grants.set(p, pairs, 2 * n);
      return EMPTY;
    }
    const old = this.grants.get(p);
    const changed: number[] = [];
    const linked = this.grantIndex !== null;
    // Merge old and new (both ascending) to find the entry points whose bits differ.
    let i = 0;
    let j = 0;
    while (i < old.length || j < 2 * n) {
      const a = i < old.length ? old[i]! : Infinity;
      const b = j < 2 * n ? pairs[j]! : Infinity;
      if (a === b) {
        if (old[i + 1] !== pairs[j + 1]) {
          if (linked) this.unlinkGrant(a, p);
          if (linked) this.linkGrant(a, p, pairs[j + 1]!);
          changed.push(a);
        }
        i += 2;
        j += 2;
      } else if (a < b) {
        if (linked) this.unlinkGrant(a, p);
        changed.push(a);
        i += 2;
      } else {
        if (linked) this.linkGrant(b, p, pairs[j + 1]!);
        changed.push(b);
        j += 2;
      }
    }
    this.grants.set(p, pairs, 2 * n);
    return Int32Array.from(changed);
  }

  /** Forget a privilege no duty or role refers to any more (its grants must already be cleared). */
  releasePrivilege(p: number): void {
    this.grants.clear(p);
    this.privAllow[p] = 0;
    if (this.reverseEdges !== null) {
      this.reverseEdges.privDuties[p] = undefined;
      this.reverseEdges.privRoles[p] = undefined;
    }
    this.privileges.release(p);
  }

  /** Calls `visit(privilege, bits)` for every privilege granting something on `e`. */
  forEachGrantOn(e: number, visit: (p: number, bits: number) => void): void {
    const list = this.grantsOn()[e];
    if (list === undefined) return;
    for (const packed of list) visit(Math.floor(packed / PACK), packed % PACK);
  }

  // The reverse index of grants, built from the grants of every privilege on first use.
  private grantsOn(): (number[] | undefined)[] {
    if (this.grantIndex !== null) return this.grantIndex;
    this.grantIndex = [];
    const { data } = this.grants;
    for (let p = 0; p < this.privileges.capacity; p++) {
      if (!this.privileges.has(p)) continue;
      const start = this.grants.start(p);
      const end = start + this.grants.length(p);
      for (let k = start; k < end; k += 2) this.linkGrant(data[k]!, p, data[k + 1]!);
    }
    return this.grantIndex;
  }

  private linkGrant(e: number, p: number, bits: number): void {
    const index = this.grantIndex!;
    const list = index[e];
    if (list === undefined) index[e] = [p * PACK + bits];
    else list.push(p * PACK + bits);
  }

  private unlinkGrant(e: number, p: number): void {
    const index = this.grantIndex!;
    const list = index[e];
    if (list === undefined) return;
    const at = list.findIndex((packed) => Math.floor(packed / PACK) === p);
    if (at < 0) return;
    list[at] = list[list.length - 1]!;
    list.pop();
    if (list.length === 0) index[e] = undefined;
  }

  private pairs(n: number): Int32Array {
    if (this.memberBuffer.length < n) this.memberBuffer = new Int32Array(Math.max(n, this.memberBuffer.length * 2));
    return this.memberBuffer;
  }

  // ---- duties ----

  /** Intern a duty id (its members are set by {@link setDuty}). */
  internDuty(id: string, key?: string): number {
    return this.duties.intern(id, key);
  }

  /** Set the privileges of duty `d` (undefined: none) and the reverse edges. */
  setDuty(d: number, duty: Duty | undefined): void {
    const reverse = this.reverseEdges;
    if (reverse !== null) unlink(reverse.privDuties, this.dutyPrivs, d);
    this.resolveInto(this.dutyPrivs, d, this.privileges, duty?.privileges ?? [], 'duty', duty?.id, 'privilege');
    if (reverse !== null) link(reverse.privDuties, this.dutyPrivs, d);
  }

  /** Forget a duty no role refers to any more (its members must already be cleared). */
  releaseDuty(d: number): void {
    this.dutyPrivs.clear(d);
    if (this.reverseEdges !== null) this.reverseEdges.dutyRoles[d] = undefined;
    this.duties.release(d);
  }

  // ---- roles ----

  /** Intern a role id (its members are set by {@link setRole}). */
  internRole(id: string, maxRoles: number, key?: string): number {
    const r = this.roles.intern(id, key);
    if (r >= maxRoles) {
      this.roles.release(r);
      throw new SecGovError('LIMIT_EXCEEDED', `the access index holds at most ${maxRoles} roles; role "${id}" is one too many`, { ids: [id] });
    }
    return r;
  }

  /** Set the members of role `r` (undefined: none) and the reverse edges. */
  setRole(r: number, role: Role | undefined): void {
    const reverse = this.reverseEdges;
    if (reverse !== null) {
      unlink(reverse.dutyRoles, this.roleDuties, r);
      unlink(reverse.privRoles, this.rolePrivs, r);
      unlink(reverse.roleParents, this.roleSubs, r);
    }
    this.resolveInto(this.roleDuties, r, this.duties, role?.duties ?? [], 'role', role?.id, 'duty');
    this.resolveInto(this.rolePrivs, r, this.privileges, role?.privileges ?? [], 'role', role?.id, 'privilege');
    this.resolveInto(this.roleSubs, r, this.roles, role?.subRoles ?? [], 'role', role?.id, 'sub-role');
    if (reverse !== null) {
      link(reverse.dutyRoles, this.roleDuties, r);
      link(reverse.privRoles, this.rolePrivs, r);
      link(reverse.roleParents, this.roleSubs, r);
    }
  }

  /** Forget a role no role refers to any more (its members must already be cleared). */
  releaseRole(r: number): void {
    this.roleDuties.clear(r);
    this.rolePrivs.clear(r);
    this.roleSubs.clear(r);
    if (this.reverseEdges !== null) this.reverseEdges.roleParents[r] = undefined;
    this.roles.release(r);
  }

  // ---- reverse edges ----

  /** The duties listing privilege `p`. */
  dutiesWith(p: number): readonly number[] {
    return this.reverse().privDuties[p] ?? [];
  }

  /** The roles listing privilege `p` directly. */
  rolesWithPrivilege(p: number): readonly number[] {
    return this.reverse().privRoles[p] ?? [];
  }

  /** The roles listing duty `d`. */
  rolesWithDuty(d: number): readonly number[] {
    return this.reverse().dutyRoles[d] ?? [];
  }

  /** The roles listing role `r` as a sub-role. */
  parentsOf(r: number): readonly number[] {
    return this.reverse().roleParents[r] ?? [];
  }

  /**
   * Every role whose sub-tree holds privilege `p` directly or through a duty: the roles listing it
   * and all their ancestors. Iterative, so deep hierarchies are fine.
   */
  rolesContainingPrivilege(p: number, mark: Marks, visit: (r: number) => void): void {
    const stack: number[] = [...this.rolesWithPrivilege(p)];
    for (const d of this.dutiesWith(p)) stack.push(...this.rolesWithDuty(d));
    this.ancestors(stack, mark, visit);
  }

  /** Calls `visit` once for every role in `start` and every ancestor of them. Consumes `start`. */
  ancestors(start: number[], mark: Marks, visit: (r: number) => void): void {
    const parents = this.reverse().roleParents;
    const epoch = mark.next();
    const seen = mark.of(this.roles.capacity);
    while (start.length > 0) {
      const r = start.pop()!;
      if (seen[r] === epoch) continue;
      seen[r] = epoch;
      visit(r);
      for (const parent of parents[r] ?? []) if (seen[parent] !== epoch) start.push(parent);
    }
  }

  private reverse(): ReverseEdges {
    if (this.reverseEdges !== null) return this.reverseEdges;
    const reverse: ReverseEdges = { privDuties: [], privRoles: [], dutyRoles: [], roleParents: [] };
    for (let d = 0; d < this.duties.capacity; d++) if (this.duties.has(d)) link(reverse.privDuties, this.dutyPrivs, d);
    for (let r = 0; r < this.roles.capacity; r++) {
      if (!this.roles.has(r)) continue;
      link(reverse.dutyRoles, this.roleDuties, r);
      link(reverse.privRoles, this.rolePrivs, r);
      link(reverse.roleParents, this.roleSubs, r);
    }
    this.reverseEdges = reverse;
    return reverse;
  }

  private resolveInto(lists: IntLists, owner: number, interner: Interner, ids: readonly string[], ownerKind: string, ownerId: string | undefined, kind: string): void {
    const out = this.pairs(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const n = interner.find(ids[i]!);
      if (n < 0) throw new SecGovError('MISSING_REFERENCE', `${ownerKind} "${ownerId ?? ''}" refers to missing ${kind} "${ids[i]}"`, { ids: [ownerId ?? '', ids[i]!] });
      out[i] = n;
    }
    lists.set(owner, out, ids.length);
  }
}

/**
 * Epoch-stamped visit marks: "visited" is `marks[i] === epoch`, and a new traversal just takes the
 * next epoch instead of clearing the array.
 *
 * @internal
 */
export class Marks {
  private marks = new Int32Array(64);
  private epoch = 0;

  /** Start a traversal: returns its epoch. */
  next(): number {
    if (this.epoch === 0x7fffffff) {
      this.marks.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /** The mark array, with room for `n` integers. */
  of(n: number): Int32Array {
    if (n > this.marks.length) {
      const next = new Int32Array(Math.max(n, this.marks.length * 2));
      next.set(this.marks);
      this.marks = next;
    }
    return this.marks;
  }
}

// Sort packed[0..n) ascending: insertion sort for the usual dozen grants, the built-in sort beyond.
function sortPrefix(packed: Float64Array, n: number): void {
  if (n > 32) {
    packed.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = packed[i]!;
    let j = i;
    while (j > 0 && packed[j - 1]! > x) {
      packed[j] = packed[j - 1]!;
      j--;
    }
    packed[j] = x;
  }
}

// Reverse edges are short arrays (a set costs several times the memory); an owner lists a member
// at most once (validation refuses duplicates), so plain add and swap-remove keep them exact.
function link(reverse: (number[] | undefined)[], lists: IntLists, owner: number): void {
  const { data } = lists;
  const start = lists.start(owner);
  const end = start + lists.length(owner);
  for (let i = start; i < end; i++) {
    const x = data[i]!;
    const list = reverse[x];
    if (list === undefined) reverse[x] = [owner];
    else list.push(owner);
  }
}

function unlink(reverse: (number[] | undefined)[], lists: IntLists, owner: number): void {
  const { data } = lists;
  const start = lists.start(owner);
  const end = start + lists.length(owner);
  for (let i = start; i < end; i++) {
    const list = reverse[data[i]!];
    if (list === undefined) continue;
    const at = list.indexOf(owner);
    if (at >= 0) {
      list[at] = list[list.length - 1]!;
      list.pop();
    }
    if (list.length === 0) reverse[data[i]!] = undefined;
  }
}
