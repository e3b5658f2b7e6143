/**
 * A deliberately simple reference for segregation of duties and separation of privileges: plain
 * loops over users × rules × pairs of the user's assignments, every question walking the model
 * again (objects found by their lowercased id, a user's assignments by scanning all assignments,
 * a role's duties by walking its sub-roles, organizations covered by walking each one's parents).
 * No indexes, no caching: slow and obvious, so property tests can compare the core against it.
 */
import type { Assignment, Conflict, SecurityModel, Scope, Severity } from '../../src/model/index.js';

const lower = (s: string) => s.toLowerCase();
const same = (a: string, b: string) => lower(a) === lower(b);

/** One violation as the reference sees it. */
export interface ReferenceViolation {
  readonly user: string;
  readonly rule: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly firstDuty: string;
  readonly secondDuty: string;
  /** Roles (assignment spelling) of the assignments bringing the first duty in some meeting pair. */
  readonly firstRoles: string[];
  /** Roles of the assignments bringing the second duty in some meeting pair. */
  readonly secondRoles: string[];
  /** `'all'`, or the sorted display ids of the organizations where the duties meet. */
  readonly organizations: 'all' | string[];
  /** Whether some allowed conflict exists for this user and rule (valid or not). */
  readonly hasOverride: boolean;
}

/** The reference's compliance report. */
export interface ReferenceCompliance {
  readonly violations: ReferenceViolation[];
  readonly overridden: ReferenceViolation[];
  /** Ids of the allowed conflicts whose expiry is at or before `at`. */
  readonly expiredOverrides: string[];
}

/** Whether `roleId` lists `dutyId` itself or through a sub-role at any depth. */
export function roleBrings(model: SecurityModel, roleId: string, dutyId: string): boolean {
  const todo = [roleId];
  const seen = new Set<string>();
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(lower(id))) continue;
    seen.add(lower(id));
    const role = model.roles.get(lower(id));
    if (!role) continue;
    if (role.duties.some((d) => same(d, dutyId))) return true;
    todo.push(...role.subRoles);
  }
  return false;
}

/** Whether `ancestor` is `org` or one of its parents (at any depth). */
function isSelfOrBelow(model: SecurityModel, org: string, ancestor: string): boolean {
  let current: string | undefined = org;
  const seen = new Set<string>();
  while (current !== undefined && !seen.has(lower(current))) {
    if (same(current, ancestor)) return true;
    seen.add(lower(current));
    current = model.organizations.get(lower(current))?.parent;
  }
  return false;
}

/** The display ids of the organizations a scope covers; null for all. */
export function coveredOrganizations(model: SecurityModel, scope: Scope): string[] | null {
  if (scope === 'all') return null;
  const out: string[] = [];
  for (const org of model.organizations.values()) {
    for (const entry of scope.organizations) {
      if (same(org.id, entry.id) || (entry.includeChildren && isSelfOrBelow(model, org.id, entry.id))) {
        out.push(org.id);
        break;
      }
    }
  }
  return out;
}

/**
 * The reference compliance scan at `at`: for every user and every enabled rule, every pair of the
 * user's assignments (A, B), A's role bringing the first duty and B's the second, scopes meeting.
 *
 * @param options.assignmentsOf - the effective assignments of a user (by id) when not the model's own
 * @param options.users - scan only these users (ids; for timing a sample), default all
 */
export function referenceCompliance(
  model: SecurityModel,
  at: string,
  options: { readonly assignmentsOf?: (user: string) => readonly Assignment[] | undefined; readonly users?: readonly string[] } = {},
): ReferenceCompliance {
  const { assignmentsOf } = options;
  const violations: ReferenceViolation[] = [];
  const overridden: ReferenceViolation[] = [];
  const users = options.users === undefined ? [...model.users.values()] : options.users.map((u) => model.users.get(lower(u))!);
  for (const user of users) {
    const assignments = assignmentsOf?.(user.id) ?? [...model.assignments.values()].filter((a) => same(a.user, user.id));
    for (const rule of model.sodRules.values()) {
      if (!rule.enabled) continue;
      let all = false;
      let any = false;
      const where: string[] = [];
      const firstRoles: string[] = [];
      const secondRoles: string[] = [];
      for (const a of assignments) {
        for (const b of assignments) {
          if (!roleBrings(model, a.role, rule.firstDuty) || !roleBrings(model, b.role, rule.secondDuty)) continue;
          const ca = coveredOrganizations(model, a.scope);
          const cb = coveredOrganizations(model, b.scope);
          let common: string[] | null;
          if (ca === null) common = cb;
          else if (cb === null) common = ca;
          else common = ca.filter((o) => cb.includes(o));
          if (common !== null && common.length === 0) continue;
          any = true;
          if (common === null) all = true;
          else for (const o of common) if (!where.includes(o)) where.push(o);
          if (!firstRoles.includes(a.role)) firstRoles.push(a.role);
          if (!secondRoles.includes(b.role)) secondRoles.push(b.role);
        }
      }
      if (!any) continue;
      const overrides = [...model.conflicts.values()].filter((c) => c.status === 'allowed' && same(c.user, user.id) && c.rules.some((r) => same(r.rule, rule.id)));
      const valid = overrides.some((c) => c.expiresAt === null || c.expiresAt > at);
      const v: ReferenceViolation = {
        user: user.id,
        rule: rule.id,
        ruleName: rule.name,
        severity: rule.severity,
        firstDuty: rule.firstDuty,
        secondDuty: rule.secondDuty,
        firstRoles,
        secondRoles,
        organizations: all ? 'all' : where.sort(),
        hasOverride: overrides.length > 0,
      };
      (valid ? overridden : violations).push(v);
    }
  }
  const expiredOverrides = [...model.conflicts.values()].filter((c: Conflict) => c.status === 'allowed' && c.expiresAt !== null && c.expiresAt <= at).map((c) => c.id);
  return { violations, overridden, expiredOverrides };
}

/** One similarity pair as the reference sees it. */
export interface ReferencePair {
  readonly object: string;
  readonly other: string;
  readonly shared: number;
  readonly total: number;
}

/** Lowercased entry point ids granted by a privilege (any grant), or by a duty (over its privileges). */
export function referenceEntryPoints(model: SecurityModel, kind: 'privilege' | 'duty', id: string): string[] {
  const ofPrivilege = (p: string) => (model.privileges.get(lower(p))?.grants ?? []).map((g) => lower(g.entryPoint));
  if (kind === 'privilege') return [...new Set(ofPrivilege(id))];
  const out = new Set<string>();
  for (const p of model.duties.get(lower(id))?.privileges ?? []) for (const e of ofPrivilege(p)) out.add(e);
  return [...out];
}

/**
 * Every pair (X, Y), X ≠ Y, X granting something, where Y grants at least `level` percent of X's
 * entry points: all pairs compared.
 *
 * @param only - measure only these X (ids; for timing a sample), default all
 */
export function referenceSimilarity(model: SecurityModel, kind: 'privilege' | 'duty', level: number, only?: readonly string[]): ReferencePair[] {
  const objects = [...(kind === 'privilege' ? model.privileges : model.duties).values()].map((o) => o.id);
  const out: ReferencePair[] = [];
  for (const x of only ?? objects) {
    const xs = referenceEntryPoints(model, kind, x);
    if (xs.length === 0) continue;
    for (const y of objects) {
      if (same(x, y)) continue;
      const ys = referenceEntryPoints(model, kind, y);
      const shared = xs.filter((e) => ys.includes(e)).length;
      if (shared * 100 >= level * xs.length) out.push({ object: x, other: y, shared, total: xs.length });
    }
  }
  return out;
}
