/**
 * A deliberately simple reference for effective access: every question walks the model again
 * (objects found by their lowercased id in the model's maps, a user's assignments by scanning all
 * assignments), collecting every grant beneath every assignment in scope, organization by
 * organization. Slow and obvious, so property tests can compare the compiled index against it.
 */
import { accessLevel } from '../../src/model/index.js';
import type { Assignment, EntryPoint, Grant, Permission, Right, SecurityModel } from '../../src/model/index.js';
import { entryPointId, rights } from '../../src/model/index.js';
import type { EffectiveRights } from '../../src/access/index.js';

const lower = (s: string) => s.toLowerCase();
const same = (a: string, b: string) => lower(a) === lower(b);

/** The order of ids in answers: case-insensitively, then by spelling. */
export function compareIds(a: string, b: string): number {
  if (lower(a) !== lower(b)) return lower(a) < lower(b) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Something holding assignments. */
export interface ReferenceSubject {
  readonly assignments: readonly Assignment[];
  readonly enabled: boolean;
}

/** The reference's answers for one model. */
export interface ReferenceAccess {
  check(user: string, entryPoint: string, right: Right, organization?: string): boolean;
  checkAssignments(subject: ReferenceSubject, entryPoint: string, right: Right, organization?: string): boolean;
  rightsOf(user: string, organization?: string): EffectiveRights[];
  rightsOfAssignments(subject: ReferenceSubject, organization?: string): EffectiveRights[];
  whoCanReach(entryPoint: string, right: Right, organization?: string): string[];
  /** The assignments of a user in the model, and its enabled flag. */
  subjectOf(user: string): ReferenceSubject;
}

/** Build the reference for `model`. */
export function referenceAccess(model: SecurityModel): ReferenceAccess {
  // The model's maps are keyed by the lowercased id.
  const find = <T>(map: ReadonlyMap<string, T>, id: string): T | undefined => map.get(lower(id));
  const findEntryPoint = (id: string): EntryPoint | undefined => model.entryPoints.get(lower(id));

  // Every grant on entry point `ep` anywhere beneath `roleId`: sub-roles included fully.
  const grantsBeneath = (roleId: string, ep: EntryPoint): Grant[] => {
    const out: Grant[] = [];
    const todo = [roleId];
    const seen = new Set<string>();
    while (todo.length > 0) {
      const id = todo.pop()!;
      if (seen.has(lower(id))) continue;
      seen.add(lower(id));
      const role = find(model.roles, id)!;
      const privileges = [...role.privileges, ...role.duties.flatMap((d) => find(model.duties, d)!.privileges)];
      for (const p of privileges) {
        for (const g of find(model.privileges, p)!.grants) if (same(g.entryPoint, entryPointId(ep))) out.push(g);
      }
      todo.push(...role.subRoles);
    }
    return out;
  };

  // Whether `org` is `ancestor` or below it, by walking up the parents.
  const isWithin = (org: string, ancestor: string): boolean => {
    let current = find(model.organizations, org);
    const seen = new Set<string>();
    while (current !== undefined && !seen.has(lower(current.id))) {
      if (same(current.id, ancestor)) return true;
      seen.add(lower(current.id));
      current = current.parent === undefined ? undefined : find(model.organizations, current.parent);
    }
    return false;
  };

  const covers = (a: Assignment, org: string | null): boolean => {
    if (a.scope === 'all') return true;
    if (org === null) return false;
    return a.scope.organizations.some((o) => same(o.id, org) || (o.includeChildren && isWithin(org, o.id)));
  };

  const invokeOnly = (ep: EntryPoint) => ep.kind === 'service-operation' || (ep.kind === 'data-entity' && ep.childName !== undefined);

  // The organizations a question is asked in: the given one, or every organization (or, without
  // any, a single "no organization" where only assignments to all organizations count).
  const organizationsOf = (organization: string | undefined): (string | null)[] => {
    if (organization !== undefined) return [organization];
    const all = [...model.organizations.values()].map((o) => o.id);
    return all.length === 0 ? [null] : all;
  };

  type Outcome = 'allow' | 'deny' | 'none';
  const outcomeIn = (subject: ReferenceSubject, ep: EntryPoint, right: Right, org: string | null): Outcome => {
    const inScope = subject.assignments.filter((a) => covers(a, org));
    if (inScope.some((a) => same(a.role, model.parameters.administratorRole))) return 'allow';
    const permissions: Permission[] = inScope.flatMap((a) => grantsBeneath(a.role, ep)).map((g) => g[right]);
    if (permissions.includes('deny')) return 'deny';
    if (permissions.includes('allow')) return 'allow';
    return 'none';
  };

  const checkSubject = (subject: ReferenceSubject, ep: EntryPoint, right: Right, organization: string | undefined): boolean => {
    if (!subject.enabled) return false;
    if (right !== 'invoke' && invokeOnly(ep)) return false;
    return organizationsOf(organization).some((org) => outcomeIn(subject, ep, right, org) === 'allow');
  };

  // Denied: not allowed anywhere, and a deny applies in some organization asked about.
  const deniedSubject = (subject: ReferenceSubject, ep: EntryPoint, right: Right, organization: string | undefined): boolean => {
    if (!subject.enabled) return false;
    if (right !== 'invoke' && invokeOnly(ep)) return false;
    if (checkSubject(subject, ep, right, organization)) return false;
    return organizationsOf(organization).some((org) => outcomeIn(subject, ep, right, org) === 'deny');
  };

  const subjectOf = (user: string): ReferenceSubject => {
    const u = find(model.users, user);
    if (u === undefined) throw new Error(`reference: no user ${user}`);
    return { assignments: [...model.assignments.values()].filter((a) => same(a.user, user)), enabled: u.enabled };
  };

  const rightsOfSubject = (subject: ReferenceSubject, organization: string | undefined): EffectiveRights[] => {
    const out: EffectiveRights[] = [];
    for (const ep of model.entryPoints.values()) {
      const allowed = rights.filter((r) => checkSubject(subject, ep, r, organization));
      const denied = rights.filter((r) => deniedSubject(subject, ep, r, organization));
      if (allowed.length === 0 && denied.length === 0) continue;
      const grant = Object.fromEntries(rights.map((r) => [r, allowed.includes(r) ? 'allow' : denied.includes(r) ? 'deny' : 'unset'])) as Record<Right, Permission>;
      out.push({ entryPoint: entryPointId(ep), allowed, denied, accessLevel: accessLevel(grant) });
    }
    return out.sort((a, b) => compareIds(a.entryPoint, b.entryPoint));
  };

  const entryPoint = (id: string): EntryPoint => {
    const ep = findEntryPoint(id);
    if (ep === undefined) throw new Error(`reference: no entry point ${id}`);
    return ep;
  };

  return {
    subjectOf,
    check: (user, ep, right, organization) => checkSubject(subjectOf(user), entryPoint(ep), right, organization),
    checkAssignments: (subject, ep, right, organization) => checkSubject(subject, entryPoint(ep), right, organization),
    rightsOf: (user, organization) => rightsOfSubject(subjectOf(user), organization),
    rightsOfAssignments: rightsOfSubject,
    whoCanReach: (ep, right, organization) =>
      [...model.users.values()]
        .filter((u) => checkSubject(subjectOf(u.id), entryPoint(ep), right, organization))
        .map((u) => u.id)
        .sort(compareIds),
  };
}
