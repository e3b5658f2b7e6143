/**
 * The organization hierarchy in integer form, and the organizations an assignment's scope covers.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import type { Scope } from '../model/schemas.js';
import { Interner } from './interner.js';

/**
 * Organizations by integer with their children. Rebuilt whole when organizations change: there are
 * few of them, and only assignment scopes depend on them.
 *
 * @internal
 */
export class OrganizationTree {
  readonly ids = new Interner();
  private readonly children: number[][] = [];
  // Scopes written alike share one set: many users hold the same organizations.
  private readonly coverageCache = new Map<string, ReadonlySet<number>>();
  // The same by scope record, for frozen ones (the model's), which cannot change: no signature to build.
  private readonly coverageByScope = new WeakMap<object, ReadonlySet<number>>();

  constructor(model: SecurityModel) {
    for (const org of model.organizations.values()) {
      this.ids.intern(org.id);
      this.children.push([]);
    }
    for (const org of model.organizations.values()) {
      if (org.parent === undefined) continue;
      const parent = this.ids.findKey(idKey(org.parent));
      if (parent >= 0) this.children[parent]!.push(this.ids.findKey(idKey(org.id)));
    }
  }

  /** Number of organizations. */
  get size(): number {
    return this.ids.size;
  }

  /** The first organization (by integer) not in `taken`, or -1. */
  firstOutside(taken: ReadonlySet<number>): number {
    for (let o = 0; o < this.ids.capacity; o++) if (this.ids.has(o) && !taken.has(o)) return o;
    return -1;
  }

  /**
   * The organizations `scope` covers: each listed organization, and with `includeChildren` all its
   * descendants (iterative walk). Null for `'all'`. Unknown organizations are skipped, so the
   * caller decides whether that is an error.
   */
  coverage(scope: Scope): ReadonlySet<number> | null {
    if (scope === 'all') return null;
    const frozen = Object.isFrozen(scope) && Object.isFrozen(scope.organizations) && scope.organizations.every((entry) => Object.isFrozen(entry));
    if (frozen) {
      const known = this.coverageByScope.get(scope);
      if (known !== undefined) return known;
    }
    let signature = '';
    for (const entry of scope.organizations) signature += `${idKey(entry.id)}${entry.includeChildren ? '\u0001' : '\u0002'}`;
    let covered = this.coverageCache.get(signature);
    if (covered === undefined) {
      covered = this.walk(scope.organizations);
      this.coverageCache.set(signature, covered);
    }
    if (frozen) this.coverageByScope.set(scope, covered);
    return covered;
  }

  private walk(entries: Exclude<Scope, 'all'>['organizations']): Set<number> {
    // `walked` holds organizations whose descendants are already covered; an organization listed
    // alone is covered without its children, so it must not stop a later walk through it.
    const covered = new Set<number>();
    const walked = new Set<number>();
    for (const entry of entries) {
      const start = this.ids.findKey(idKey(entry.id));
      if (start < 0) continue;
      covered.add(start);
      if (!entry.includeChildren) continue;
      const stack = [start];
      while (stack.length > 0) {
        const o = stack.pop()!;
        if (walked.has(o)) continue;
        walked.add(o);
        covered.add(o);
        for (const child of this.children[o]!) stack.push(child);
      }
    }
    return covered;
  }
}
