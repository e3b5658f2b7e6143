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
import { ALLOW_MASK, INVOKE_ONLY_MASK, effectiveAllow, grantBits } from './rights.js';
import { Interner } from './interner.js';

/** Flag of an entry point on which only `invoke` applies (service operations, data entity methods). @internal */
export const INVOKE_ONLY = 1;

// epPrivs packs a privilege and its grant bits into one number.
const PACK = 4096;

const EMPTY = new Int32Array(0);

/** Whether only `invoke` applies to an entry point. @internal */
export function isInvokeOnly(ep: Pick<EntryPoint, 'kind' | 'childName'>): boolean {
  return ep.kind === 'service-operation' || (ep.kind === 'data-entity' && ep.childName !== undefined);
}

/**
 * Integer form of the security graph. Members keep the order the model lists them in (explanations
 * follow it); reverse edges are sets.
 *
 * @internal
 */
export class SecurityGraph {
  /** Entry points: looked up on every check, so a dictionary. */
  readonly entryPoints = new Interner(true);
  /** Flags by entry point ({@link INVOKE_ONLY}). */
  epFlags = new Uint8Array(64);
  /**
   * Per entry point: the privileges granting something on it, packed `privilege * 4096 + bits`.
   * Built on first use (explanations, diagnostics, grant changes): a check never needs it, and
   * building it with the index would cost a tenth of the build.
   */
  private epPrivs: (number[] | undefined)[] | null = null;

  readonly privileges = new Interner();
  /**
   * Per privilege: its grants as pairs `[entryPoint, bits, entryPoint, bits, ...]`, ascending by
   * entry point. Grants setting nothing are left out.
   */
  readonly grants: Int32Array[] = [];
  private sortBuffer = new Float64Array(64);
  /** Per privilege: number of entry points it effectively allows some right on. */
  readonly privAllow: number[] = [];
  readonly privDuties: (number[] | undefined)[] = [];
  readonly privRoles: (number[] | undefined)[] = [];

  readonly duties = new Interner();
  readonly dutyPrivs: Int32Array[] = [];
  readonly dutyRoles: (number[] | undefined)[] = [];

  readonly roles = new Interner();
  readonly roleDuties: Int32Array[] = [];
  readonly rolePrivs: Int32Array[] = [];
  readonly roleSubs: Int32Array[] = [];
  readonly roleParents: (number[] | undefined)[] = [];

  /** The mask of rights that apply to entry point `e`. */
  applicable(e: number): number {
    return (this.epFlags[e]! & INVOKE_ONLY) !== 0 ? INVOKE_ONLY_MASK : ALLOW_MASK;
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
    if (this.epPrivs !== null) this.epPrivs[e] = undefined;
    this.epFlags[e] = 0;
    this.entryPoints.release(e);
  }

  // ---- privileges ----

  /** Intern a privilege id (its grants are set by {@link setGrants}). */
  internPrivilege(id: string, key?: string): number {
    const p = this.privileges.intern(id, key);
    if (this.grants[p] === undefined) {
      this.grants[p] = EMPTY;
      this.privAllow[p] = 0;
    }
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
    const grants = new Int32Array(2 * n);
    let allow = 0;
    for (let k = 0; k < n; k++) {
      const e = Math.floor(packed[k]! / PACK);
      const bits = packed[k]! - e * PACK;
      grants[2 * k] = e;
      grants[2 * k + 1] = bits;
      if (effectiveAllow(bits, this.applicable(e)) !== 0) allow++;
    }
    this.privAllow[p] = allow;
    if (initial) {
      this.grants[p] = grants;
      return EMPTY;
    }
    const old = this.grants[p] ?? EMPTY;
    const changed: number[] = [];
    const linked = this.epPrivs !== null;
    // Merge old and new (both ascending) to find the entry points whose bits differ.
    let i = 0;
    let j = 0;
    while (i < old.length || j < grants.length) {
      const a = i < old.length ? old[i]! : Infinity;
      const b = j < grants.length ? grants[j]! : Infinity;
      if (a === b) {
        if (old[i + 1] !== grants[j + 1]) {
          if (linked) this.unlinkGrant(a, p);
          if (linked) this.linkGrant(a, p, grants[j + 1]!);
          changed.push(a);
        }
        i += 2;
        j += 2;
      } else if (a < b) {
        if (linked) this.unlinkGrant(a, p);
        changed.push(a);
        i += 2;
      } else {
        if (linked) this.linkGrant(b, p, grants[j + 1]!);
        changed.push(b);
        j += 2;
      }
    }
    this.grants[p] = grants;
    return Int32Array.from(changed);
  }

  /** Forget a privilege no duty or role refers to any more (its grants must already be cleared). */
  releasePrivilege(p: number): void {
    this.grants[p] = EMPTY;
    this.privAllow[p] = 0;
    this.privDuties[p] = undefined;
    this.privRoles[p] = undefined;
    this.privileges.release(p);
  }

  /** The bits privilege `p` grants on entry point `e` (0 when none). */
  grantOf(p: number, e: number): number {
    const list = this.grantsOn()[e];
    if (list === undefined) return 0;
    for (const packed of list) if (Math.floor(packed / PACK) === p) return packed % PACK;
    return 0;
  }

  /** Calls `visit(privilege, bits)` for every privilege granting something on `e`. */
  forEachGrantOn(e: number, visit: (p: number, bits: number) => void): void {
    const list = this.grantsOn()[e];
    if (list === undefined) return;
    for (const packed of list) visit(Math.floor(packed / PACK), packed % PACK);
  }

  // The reverse index of grants, built from the grants of every privilege on first use.
  private grantsOn(): (number[] | undefined)[] {
    if (this.epPrivs !== null) return this.epPrivs;
    this.epPrivs = [];
    this.grants.forEach((grants, p) => {
      if (!this.privileges.has(p)) return;
      for (let k = 0; k < grants.length; k += 2) this.linkGrant(grants[k]!, p, grants[k + 1]!);
    });
    return this.epPrivs;
  }

  private linkGrant(e: number, p: number, bits: number): void {
    const index = this.epPrivs!;
    const list = index[e];
    if (list === undefined) index[e] = [p * PACK + bits];
    else list.push(p * PACK + bits);
  }

  private unlinkGrant(e: number, p: number): void {
    const index = this.epPrivs!;
    const list = index[e];
    if (list === undefined) return;
    const at = list.findIndex((packed) => Math.floor(packed / PACK) === p);
    if (at < 0) return;
    list[at] = list[list.length - 1]!;
    list.pop();
    if (list.length === 0) index[e] = undefined;
  }

  // ---- duties ----

  /** Intern a duty id (its members are set by {@link setDuty}). */
  internDuty(id: string, key?: string): number {
    const d = this.duties.intern(id, key);
    if (this.dutyPrivs[d] === undefined) this.dutyPrivs[d] = EMPTY;
    return d;
  }

  /** Set the privileges of duty `d` (undefined: none) and the reverse edges. */
  setDuty(d: number, duty: Duty | undefined): void {
    const next = resolve(this.privileges, duty?.privileges ?? [], 'duty', duty?.id, 'privilege');
    relink(this.privDuties, this.dutyPrivs[d] ?? EMPTY, next, d);
    this.dutyPrivs[d] = next;
  }

  /** Forget a duty no role refers to any more (its members must already be cleared). */
  releaseDuty(d: number): void {
    this.dutyPrivs[d] = EMPTY;
    this.dutyRoles[d] = undefined;
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
    if (this.roleSubs[r] === undefined) {
      this.roleDuties[r] = EMPTY;
      this.rolePrivs[r] = EMPTY;
      this.roleSubs[r] = EMPTY;
    }
    return r;
  }

  /** Set the members of role `r` (undefined: none) and the reverse edges. */
  setRole(r: number, role: Role | undefined): void {
    const duties = resolve(this.duties, role?.duties ?? [], 'role', role?.id, 'duty');
    const privileges = resolve(this.privileges, role?.privileges ?? [], 'role', role?.id, 'privilege');
    const subRoles = resolve(this.roles, role?.subRoles ?? [], 'role', role?.id, 'sub-role');
    relink(this.dutyRoles, this.roleDuties[r] ?? EMPTY, duties, r);
    relink(this.privRoles, this.rolePrivs[r] ?? EMPTY, privileges, r);
    relink(this.roleParents, this.roleSubs[r] ?? EMPTY, subRoles, r);
    this.roleDuties[r] = duties;
    this.rolePrivs[r] = privileges;
    this.roleSubs[r] = subRoles;
  }

  /** Forget a role no role refers to any more (its members must already be cleared). */
  releaseRole(r: number): void {
    this.roleDuties[r] = EMPTY;
    this.rolePrivs[r] = EMPTY;
    this.roleSubs[r] = EMPTY;
    this.roleParents[r] = undefined;
    this.roles.release(r);
  }

  /**
   * Every role whose sub-tree holds privilege `p` directly or through a duty: the roles listing it
   * and all their ancestors. Iterative, so deep hierarchies are fine.
   */
  rolesContainingPrivilege(p: number, mark: Marks, visit: (r: number) => void): void {
    const stack: number[] = [];
    for (const r of this.privRoles[p] ?? []) stack.push(r);
    for (const d of this.privDuties[p] ?? []) for (const r of this.dutyRoles[d] ?? []) stack.push(r);
    this.ancestors(stack, mark, visit);
  }

  /** Calls `visit` once for every role in `start` and every ancestor of them. Consumes `start`. */
  ancestors(start: number[], mark: Marks, visit: (r: number) => void): void {
    const epoch = mark.next();
    const seen = mark.of(this.roles.capacity);
    while (start.length > 0) {
      const r = start.pop()!;
      if (seen[r] === epoch) continue;
      seen[r] = epoch;
      visit(r);
      for (const parent of this.roleParents[r] ?? []) if (seen[parent] !== epoch) start.push(parent);
    }
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

function resolve(interner: Interner, ids: readonly string[], ownerKind: string, owner: string | undefined, kind: string): Int32Array {
  const out = new Int32Array(ids.length);
  ids.forEach((id, i) => {
    const n = interner.find(id);
    if (n < 0) throw new SecGovError('MISSING_REFERENCE', `${ownerKind} "${owner ?? ''}" refers to missing ${kind} "${id}"`, { ids: [owner ?? '', id] });
    out[i] = n;
  });
  return out;
}

// Reverse edges are short arrays (a set costs several times the memory); an owner lists a member
// at most once (validation refuses duplicates), so plain add and swap-remove keep them exact.
function relink(reverse: (number[] | undefined)[], before: Int32Array, after: Int32Array, owner: number): void {
  for (const x of before) {
    const list = reverse[x];
    if (list === undefined) continue;
    const at = list.indexOf(owner);
    if (at >= 0) {
      list[at] = list[list.length - 1]!;
      list.pop();
    }
    if (list.length === 0) reverse[x] = undefined;
  }
  for (const x of after) {
    const list = reverse[x];
    if (list === undefined) reverse[x] = [owner];
    else list.push(owner);
  }
}
