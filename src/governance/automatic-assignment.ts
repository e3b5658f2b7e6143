/**
 * Automatic role assignment: the change records that bring the automatic assignments in line with
 * the enabled assignment rules.
 *
 * @module
 */
import type { Change } from '../model/changes.js';
import { matchesCondition } from '../model/design-schemas.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { assignmentKey } from '../model/model.js';
import type { Assignment, Scope } from '../model/schemas.js';

/** What running the assignment rules would do. */
export interface AutomaticAssignmentPlan {
  /** The change records: `assign` (source `automatic`) and `unassign` of automatic assignments. */
  readonly changes: Change[];
  /** Users matching a rule but excluded from its role: not assigned. */
  readonly excluded: readonly { readonly user: string; readonly role: string }[];
  /** Users matching a rule who already hold the role manually: left as they are. */
  readonly manual: readonly { readonly user: string; readonly role: string }[];
}

/**
 * Plan a run of the automatic assignment rules: every user matching an enabled rule gets the rule's
 * role with source `automatic` and the rule's scope (several matching rules for one role: "all
 * organizations" wins, else the union of their organizations); automatic assignments no rule asks
 * for any more are removed. Manual assignments are never touched, and a user excluded from a role
 * is not assigned it until the exclusion is lifted.
 */
export function planAutomaticAssignments(model: SecurityModel): AutomaticAssignmentPlan {
  const wanted = new Map<string, Assignment>();
  const excluded: { user: string; role: string }[] = [];
  const manual: { user: string; role: string }[] = [];
  const rules = [...model.assignmentRules.values()].filter((r) => r.enabled);
  for (const user of model.users.values()) {
    for (const rule of rules) {
      if (!matchesCondition(rule.condition, user.attributes)) continue;
      const role = model.roles.get(idKey(rule.role))?.id ?? rule.role;
      const key = assignmentKey(user.id, role);
      if (model.exclusions.has(key)) {
        excluded.push({ user: user.id, role });
        continue;
      }
      const existing = model.assignments.get(key);
      if (existing && existing.source === 'manual') {
        manual.push({ user: user.id, role });
        continue;
      }
      const previous = wanted.get(key);
      wanted.set(key, { user: user.id, role, scope: previous ? mergeScopes(previous.scope, rule.scope) : rule.scope, source: 'automatic' });
    }
  }
  const changes: Change[] = [];
  for (const [key, a] of model.assignments) {
    if (a.source === 'automatic' && !wanted.has(key)) changes.push({ op: 'unassign', user: a.user, role: a.role });
  }
  for (const [key, a] of wanted) {
    const existing = model.assignments.get(key);
    if (!existing || !sameScope(existing.scope, a.scope)) changes.push({ op: 'assign', assignment: a });
  }
  return { changes, excluded: dedupe(excluded), manual: dedupe(manual) };
}

function mergeScopes(a: Scope, b: Scope): Scope {
  if (a === 'all' || b === 'all') return 'all';
  const byKey = new Map(a.organizations.map((o) => [idKey(o.id), o]));
  for (const o of b.organizations) {
    const had = byKey.get(idKey(o.id));
    byKey.set(idKey(o.id), had ? { ...had, includeChildren: had.includeChildren || o.includeChildren } : o);
  }
  return { organizations: [...byKey.values()] };
}

function sameScope(a: Scope, b: Scope): boolean {
  if (a === 'all' || b === 'all') return a === b;
  if (a.organizations.length !== b.organizations.length) return false;
  const byKey = new Map(a.organizations.map((o) => [idKey(o.id), o.includeChildren]));
  return b.organizations.every((o) => byKey.get(idKey(o.id)) === o.includeChildren);
}

function dedupe(list: { user: string; role: string }[]): { user: string; role: string }[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const key = assignmentKey(x.user, x.role);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
