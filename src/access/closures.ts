/**
 * Compiled roles: the distinct privileges of each compiled role's whole sub-tree, and its closure
 * (entry point → OR of the bits of those privileges) kept in the {@link ClosureStore}.
 *
 * Roles are compiled when some user holds them (or an override, a what-if or a diagnostics query
 * needs them), so a long chain of sub-roles nobody holds costs nothing.
 *
 * @module
 */
import { ClosureStore, MAX_ROLES } from './closure-store.js';
import type { SecurityGraph } from './graph.js';
import { Marks } from './graph.js';
import { effectiveAllow } from './rights.js';

const EMPTY = new Int32Array(0);

/** One role's closure: entry points and their bits. @internal */
export interface Closure {
  readonly eps: Int32Array;
  readonly bits: Int32Array;
}

/**
 * The compiled roles of one index.
 *
 * @internal
 */
export class RoleClosures {
  readonly store: ClosureStore;
  /** Per role: the distinct privileges of its sub-tree (ascending), or undefined when not compiled. */
  readonly privSets: (Int32Array | undefined)[] = [];
  /** Per compiled role: number of entry points it effectively allows some right on. */
  readonly allowCount: number[] = [];
  // Bits per entry point while a closure is collected, and the entry points touched (all zero / unused between calls).
  private scratch = new Int32Array(64);
  private touched = new Int32Array(64);
  private readonly roleMarks = new Marks();
  private readonly dutyMarks = new Marks();
  private readonly privMarks = new Marks();
  /** Marks for callers that walk the graph (ancestors). */
  readonly walkMarks = new Marks();

  constructor(readonly graph: SecurityGraph) {
    this.store = new ClosureStore(graph.entryPoints.capacity);
  }

  /** Whether role `r` is compiled. */
  isCompiled(r: number): boolean {
    return this.privSets[r] !== undefined;
  }

  /** Compile every role of `roles` (ascending, distinct) from scratch, replacing the store. */
  loadAll(roles: readonly number[]): void {
    const closures: Closure[] = [];
    for (const r of roles) {
      const privs = this.collectPrivileges(r);
      const closure = this.closureOf(privs);
      this.privSets[r] = privs;
      this.allowCount[r] = this.countAllowed(closure);
      closures.push(closure);
    }
    this.store.load(this.graph.entryPoints.capacity, this.graph.epFlags, roles, closures);
  }

  /** Compile role `r` when it is not compiled yet. */
  ensure(r: number): void {
    if (this.privSets[r] !== undefined) return;
    this.store.ensureEntryPoints(this.graph.entryPoints.capacity);
    const privs = this.collectPrivileges(r);
    const closure = this.closureOf(privs);
    for (let k = 0; k < closure.eps.length; k++) this.store.set(closure.eps[k]!, r, closure.bits[k]!);
    this.privSets[r] = privs;
    this.allowCount[r] = this.countAllowed(closure);
  }

  /**
   * Remove role `r` from the store, computing its old closure from its recorded privileges and the
   * grants as they are now (call before the grants change).
   */
  drop(r: number): void {
    const privs = this.privSets[r];
    if (privs === undefined) return;
    const closure = this.closureOf(privs);
    for (const e of closure.eps) this.store.set(e, r, 0);
    this.privSets[r] = undefined;
    this.allowCount[r] = 0;
  }

  /**
   * Recompute the bits of compiled role `r` on the entry points `eps` after the grants of some of
   * its privileges changed (its privilege set did not).
   */
  refresh(r: number, eps: Int32Array): void {
    const privs = this.privSets[r];
    if (privs === undefined) return;
    this.store.ensureEntryPoints(this.graph.entryPoints.capacity);
    for (const e of eps) {
      let bits = 0;
      this.graph.forEachGrantOn(e, (p, b) => {
        if (contains(privs, p)) bits |= b;
      });
      const old = this.store.set(e, r, bits);
      const applicable = this.graph.applicable(e);
      const was = effectiveAllow(old, applicable) !== 0 ? 1 : 0;
      const now = effectiveAllow(bits, applicable) !== 0 ? 1 : 0;
      this.allowCount[r] = this.allowCount[r]! + now - was;
    }
  }

  /** The distinct privileges in the whole sub-tree of role `r`, ascending. Iterative. */
  collectPrivileges(r: number): Int32Array {
    const graph = this.graph;
    const roleEpoch = this.roleMarks.next();
    const roleSeen = this.roleMarks.of(graph.roles.capacity);
    const dutyEpoch = this.dutyMarks.next();
    const dutySeen = this.dutyMarks.of(graph.duties.capacity);
    const privEpoch = this.privMarks.next();
    const privSeen = this.privMarks.of(graph.privileges.capacity);
    const out: number[] = [];
    const stack = [r];
    roleSeen[r] = roleEpoch;
    const { roleDuties, rolePrivs, roleSubs, dutyPrivs } = graph;
    const dutyData = dutyPrivs.data;
    while (stack.length > 0) {
      const role = stack.pop()!;
      const duties = roleDuties.data;
      for (let i = roleDuties.start(role), end = i + roleDuties.length(role); i < end; i++) {
        const d = duties[i]!;
        if (dutySeen[d] === dutyEpoch) continue;
        dutySeen[d] = dutyEpoch;
        for (let j = dutyPrivs.start(d), end2 = j + dutyPrivs.length(d); j < end2; j++) {
          const p = dutyData[j]!;
          if (privSeen[p] === privEpoch) continue;
          privSeen[p] = privEpoch;
          out.push(p);
        }
      }
      const direct = rolePrivs.data;
      for (let i = rolePrivs.start(role), end = i + rolePrivs.length(role); i < end; i++) {
        const p = direct[i]!;
        if (privSeen[p] === privEpoch) continue;
        privSeen[p] = privEpoch;
        out.push(p);
      }
      const subs = roleSubs.data;
      for (let i = roleSubs.start(role), end = i + roleSubs.length(role); i < end; i++) {
        const sub = subs[i]!;
        if (roleSeen[sub] === roleEpoch) continue;
        roleSeen[sub] = roleEpoch;
        stack.push(sub);
      }
    }
    return Int32Array.from(out).sort();
  }

  /** The closure of a set of privileges: every entry point they grant on (in no order), with the OR of the bits. */
  closureOf(privs: Int32Array): Closure {
    const graph = this.graph;
    const capacity = graph.entryPoints.capacity;
    if (this.scratch.length < capacity) this.scratch = new Int32Array(Math.max(capacity, this.scratch.length * 2));
    if (this.touched.length < capacity) this.touched = new Int32Array(Math.max(capacity, this.touched.length * 2));
    const scratch = this.scratch;
    const touched = this.touched;
    let n = 0;
    const lists = graph.grants;
    const grants = lists.data;
    for (let i = 0; i < privs.length; i++) {
      const p = privs[i]!;
      for (let k = lists.start(p), end = k + lists.length(p); k < end; k += 2) {
        const e = grants[k]!;
        if (scratch[e] === 0) touched[n++] = e;
        scratch[e]! |= grants[k + 1]!;
      }
    }
    const eps = touched.slice(0, n);
    const bits = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const e = eps[k]!;
      bits[k] = scratch[e]!;
      scratch[e] = 0;
    }
    return { eps, bits };
  }

  /**
   * Number of entry points role `r` effectively allows some right on, without compiling it (a
   * diagnostics query may ask about every role, most of which nobody holds).
   */
  allowedEntryPoints(r: number): number {
    if (this.privSets[r] !== undefined) return this.allowCount[r]!;
    return this.countAllowed(this.closureOf(this.collectPrivileges(r)));
  }

  /** Number of entry points a set of privileges effectively allows some right on. */
  allowedEntryPointsOf(privs: Int32Array): number {
    return this.countAllowed(this.closureOf(privs));
  }

  /** Forget everything about a role that no longer exists (its entries must be dropped). */
  forget(r: number): void {
    this.privSets[r] = undefined;
    this.allowCount[r] = 0;
  }

  private countAllowed(closure: Closure): number {
    let n = 0;
    for (let k = 0; k < closure.eps.length; k++) if (effectiveAllow(closure.bits[k]!, this.graph.applicable(closure.eps[k]!)) !== 0) n++;
    return n;
  }
}

/** Whether the ascending array `sorted` holds `value`. @internal */
export function contains(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid]!;
    if (x === value) return true;
    if (x < value) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

export { MAX_ROLES };
