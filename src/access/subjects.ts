/**
 * Compiled subjects: the assignments of one user (or of a what-if holder) in the form a check
 * reads.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import { SecGovError } from '../model/errors.js';
import type { Assignment } from '../model/schemas.js';
import type { SecurityGraph } from './graph.js';
import type { OrganizationTree } from './organizations.js';
import type { ProbeRoles } from './closure-store.js';

/** An organization-scoped assignment, compiled. @internal */
export interface ScopedRole {
  /** The role. */
  readonly role: number;
  /** Whether the role is the administrator role. */
  readonly admin: boolean;
  /** The organizations the scope covers. */
  readonly orgs: ReadonlySet<number>;
  /** The assignment it comes from. */
  readonly assignment: Assignment;
}

/**
 * The compiled assignments of one holder. Immutable: a change compiles a new one.
 *
 * @internal
 */
export interface Subject extends ProbeRoles {
  /** The user's integer, or -1 for a what-if holder. */
  readonly user: number;
  /** The user's display id ('' for a what-if holder). */
  readonly id: string;
  /** Whether the holder is enabled; disabled holders have no access. */
  readonly enabled: boolean;
  /** Holds the administrator role for all organizations. */
  readonly adminAll: boolean;
  /** The roles of `'all'`-scoped assignments, ascending and distinct: what the fast path probes. */
  readonly roles: readonly number[];
  /** The organization-scoped assignments, or null when there are none. */
  readonly scoped: readonly ScopedRole[] | null;
  /** The assignments compiled, sorted by role id (the order of explanations). */
  readonly assignments: readonly Assignment[];
  /** Every distinct role held in any scope, ascending. */
  readonly held: readonly number[];
}

/** How to treat a reference to a role or organization that does not exist. @internal */
export type Strictness = 'throw' | 'skip';

/**
 * Compile a holder's assignments. With `'throw'`, an unknown role or organization is a `NOT_FOUND`
 * error naming it; with `'skip'` (an override that outlived the role or organization) it is dropped,
 * and an organization-scoped assignment left without organizations is dropped whole.
 *
 * @internal
 */
export function compileSubject(
  graph: SecurityGraph,
  orgs: OrganizationTree,
  adminRole: number,
  user: number,
  id: string,
  enabled: boolean,
  assignments: readonly Assignment[],
  strictness: Strictness,
): Subject {
  // Resolve the roles first; then order by role id (the order of explanations) using the keys the
  // interner already holds, so sorting allocates nothing.
  const resolved: { role: number; assignment: Assignment }[] = [];
  for (const assignment of assignments) {
    const role = graph.roles.find(assignment.role);
    if (role >= 0) resolved.push({ role, assignment });
    else if (strictness === 'throw') throw new SecGovError('NOT_FOUND', `role "${assignment.role}" does not exist`, { ids: [assignment.role] });
  }
  if (resolved.length > 1) {
    const ids = graph.roles;
    resolved.sort((a, b) => {
      const ka = ids.keyOf(a.role);
      const kb = ids.keyOf(b.role);
      if (ka !== kb) return ka < kb ? -1 : 1;
      return a.assignment.role < b.assignment.role ? -1 : a.assignment.role > b.assignment.role ? 1 : 0;
    });
  }
  const all: number[] = [];
  const held: number[] = [];
  const scoped: ScopedRole[] = [];
  const kept: Assignment[] = [];
  let adminAll = false;
  for (const { role, assignment } of resolved) {
    const admin = role === adminRole;
    if (assignment.scope === 'all') {
      all.push(role);
      held.push(role);
      if (admin) adminAll = true;
      kept.push(assignment);
      continue;
    }
    if (strictness === 'throw') {
      for (const org of assignment.scope.organizations) {
        if (orgs.ids.find(org.id) < 0) throw new SecGovError('NOT_FOUND', `organization "${org.id}" does not exist`, { ids: [org.id] });
      }
    }
    const covered = orgs.coverage(assignment.scope)!;
    if (covered.size === 0) continue;
    scoped.push({ role, admin, orgs: covered, assignment });
    held.push(role);
    kept.push(assignment);
  }
  const roles = distinctAscending(all);
  // The first six roles are copied into the object itself, so a check reads them without touching
  // another object.
  return {
    // The fields a check reads come first, so they share the object's first cache line.
    enabled,
    adminAll,
    n: roles.length,
    r0: roles[0] ?? -1,
    r1: roles[1] ?? -1,
    r2: roles[2] ?? -1,
    r3: roles[3] ?? -1,
    r4: roles[4] ?? -1,
    r5: roles[5] ?? -1,
    scoped: scoped.length === 0 ? null : scoped,
    roles,
    user,
    id,
    assignments: kept,
    held: scoped.length === 0 ? roles : distinctAscending(held),
  };
}

/**
 * The order of ids in answers: case-insensitively, then by spelling, so the order does not depend on
 * insertion history.
 *
 * @internal
 */
export function compareIds(a: string, b: string): number {
  const ka = idKey(a);
  const kb = idKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function distinctAscending(values: number[]): number[] {
  if (values.length < 2) return values;
  values.sort((a, b) => a - b);
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}
