/**
 * Enforcement points: role definitions that contain both duties of a rule are refused, and
 * assignments that would give a user both duties of a rule in one organization are held as
 * unresolved conflicts instead of being applied.
 *
 * @module
 */
import type { Change } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import type { Assignment } from '../model/schemas.js';
import type { Conflict, ConflictRule } from '../model/governance-schemas.js';
import type { SodContext } from './context.js';
import { ruleHits } from './compliance.js';
import { roleViolations, type RoleViolation } from './roles.js';

/**
 * Refuse role definitions that break an enabled rule: the changed roles and every role containing
 * them are checked in `context` (the model after the changes).
 *
 * @param roles - keys of the changed roles and the roles containing them
 * @throws {@link SecGovError} `SOD_ROLE_CONFLICT` naming each role, rule, both duties and the paths
 *   that bring each duty; `details.violations` holds them as data
 */
export function assertRolesComply(context: SodContext, roles: Iterable<string>): void {
  const violations: RoleViolation[] = [];
  for (const key of roles) violations.push(...roleViolations(context, key));
  if (violations.length === 0) return;
  const first = violations[0]!;
  const path = (paths: readonly (readonly string[])[]) => paths[0]?.join(' → ') ?? '?';
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
  throw new SecGovError(
    'SOD_ROLE_CONFLICT',
    `role "${first.role}" would contain both duties of SoD rule "${first.rule}": "${first.firstDuty}" through ${path(first.firstPaths)} and "${first.secondDuty}" through ${path(first.secondPaths)}${more}`,
    { ids: [...new Set(violations.flatMap((v) => [v.role, v.rule, v.firstDuty, v.secondDuty]))], violations },
  );
}

/** An assignment of a batch held back because it would create a violation. */
export interface HeldAssignment {
  /** Position of the `assign` change in the batch. */
  readonly index: number;
  /** The assignment. */
  readonly assignment: Assignment;
  /** The rules it would break (the additional role is among the roles bringing a duty). */
  readonly rules: readonly ConflictRule[];
}

/** The outcome of {@link screenAssignments}. */
export interface Screening {
  /** Assignments that would create a violation: not to be applied. */
  readonly held: readonly HeldAssignment[];
  /** Positions of automatic assignments skipped because the user is excluded from the role. */
  readonly excluded: readonly number[];
}

/** What {@link screenAssignments} needs to know besides the context. */
export interface ScreeningInput {
  /** The model's assignments before the batch, by user key (own assignments only). */
  readonly before: (userKey: string) => readonly Assignment[];
  /**
   * The user's effective assignments for given own ones (sessions in force overlaid); identity when
   * absent. `assigned` holds the keys of the roles the batch assigns the user so far: they apply at
   * once, even while a Replace session suspends the user's other roles.
   */
  readonly overlay?: (userKey: string, own: readonly Assignment[], assigned: ReadonlySet<string>) => readonly Assignment[];
  /** Whether a valid (not expired) override already allows the user to break the rule. */
  readonly overridden: (userKey: string, ruleKey: string) => boolean;
}

/**
 * Decide which `assign` changes of a batch to hold. An assignment is held when, with it, the user
 * breaks an enabled rule (in some organization) that they do not break without it, the assigned
 * role brings one of the rule's duties, and no valid override covers the user and rule. With
 * `overlay`, both the user's assignments with the sessions in force and their own assignments alone
 * (as they will be once the sessions end) are checked: a role a Replace session suspends comes back
 * next to what was assigned meanwhile. Automatic
 * assignments of roles the user is excluded from are skipped. Changes are considered in order, so
 * of two assignments that conflict only with each other the second is held.
 *
 * @param context - the SoD context of the model after the whole batch
 */
export function screenAssignments(context: SodContext, changes: readonly Change[], input: ScreeningInput): Screening {
  const held: HeldAssignment[] = [];
  const excluded: number[] = [];
  // The user's own assignments as the batch builds them, by user key then role key.
  const lists = new Map<string, Map<string, Assignment>>();
  const listOf = (userKey: string) => {
    let list = lists.get(userKey);
    if (!list) lists.set(userKey, (list = new Map(input.before(userKey).map((a) => [idKey(a.role), a]))));
    return list;
  };
  // The roles the batch assigned each user so far (by user key, then role key).
  const assignedBy = new Map<string, Set<string>>();
  const assignedOf = (userKey: string) => {
    let set = assignedBy.get(userKey);
    if (!set) assignedBy.set(userKey, (set = new Set()));
    return set;
  };
  // The views of a user's assignments an assignment must not add a violation to: with the sessions
  // in force now (view 0), and the user's own ones (view 1), which hold once the sessions end (a
  // role suspended by a Replace session comes back then, next to what was assigned meanwhile).
  // Without sessions the overlay answers the own list itself, and one view is enough.
  const view = (v: number, userKey: string, own: readonly Assignment[], assigned: ReadonlySet<string>) => (v === 0 && input.overlay ? input.overlay(userKey, own, assigned) : own);
  changes.forEach((change, index) => {
    if (change.op === 'unassign') {
      listOf(idKey(change.user)).delete(idKey(change.role));
      assignedOf(idKey(change.user)).delete(idKey(change.role));
      return;
    }
    if (change.op === 'remove' && change.kind === 'user') {
      lists.delete(idKey(change.id));
      assignedBy.delete(idKey(change.id));
      return;
    }
    if (change.op !== 'assign') return;
    const a = change.assignment;
    const userKey = idKey(a.user);
    const roleKey = idKey(a.role);
    if (a.source === 'automatic' && context.model.exclusions.has(`${userKey}\u0000${roleKey}`)) {
      excluded.push(index);
      return;
    }
    const list = listOf(userKey);
    const assigned = assignedOf(userKey);
    const ownWith = [...new Map(list).set(roleKey, a).values()];
    const assignedWith = new Set(assigned).add(roleKey);
    const effectiveWith = view(0, userKey, ownWith, assignedWith);
    // The rules added in some view, each once (as the first view that adds it finds it).
    const added: ConflictRule[] = [];
    for (let v = 0; v < (effectiveWith === ownWith ? 1 : 2); v++) {
      const rulesWith = ruleHits(context, v === 0 ? effectiveWith : ownWith);
      if (rulesWith.length === 0) continue;
      const rulesWithout = new Map(ruleHits(context, view(v, userKey, [...list.values()], assigned)).map((h) => [idKey(h.rule), h]));
      for (const h of rulesWith) {
        if (added.some((x) => idKey(x.rule) === idKey(h.rule))) continue;
        if (![...h.firstRoles, ...h.secondRoles].some((r) => idKey(r) === roleKey)) continue;
        if (input.overridden(userKey, idKey(h.rule))) continue;
        const before = rulesWithout.get(idKey(h.rule));
        if (before === undefined || widens(before, h)) added.push(h);
      }
    }
    if (added.length === 0) {
      list.set(roleKey, a);
      assigned.add(roleKey);
    } else held.push({ index, assignment: a, rules: added.sort((x, y) => (idKey(x.rule) < idKey(y.rule) ? -1 : 1)) });
  });
  return { held, excluded };
}

/** Whether `after` reaches organizations `before` did not. */
function widens(before: ConflictRule, after: ConflictRule): boolean {
  if (before.organizations === 'all') return false;
  if (after.organizations === 'all') return true;
  const had = new Set(before.organizations.map(idKey));
  return after.organizations.some((o) => !had.has(idKey(o)));
}

/** A conflict about to be raised, before it gets an id and a time. */
export interface ConflictDraft {
  readonly user: string;
  readonly role: string;
  readonly scope: Assignment['scope'];
  readonly source: Conflict['source'];
  readonly session: string | null;
  readonly rules: readonly ConflictRule[];
}

/**
 * The conflicts a session would raise: rules the user would break while the session is in force
 * (its roles added, or in place of the user's own for Replace) that they do not break without it,
 * one conflict per session role taking part, each listing the rules that role takes part in.
 *
 * @param base - the user's assignments without the session: their own, overlaid by the other
 *   sessions in force with it
 * @param during - the user's assignments while the session is in force
 */
export function sessionConflicts(
  context: SodContext,
  session: { readonly id: string; readonly user: string; readonly roles: readonly string[]; readonly scope: Assignment['scope'] },
  base: readonly Assignment[],
  during: readonly Assignment[],
  overridden: (userKey: string, ruleKey: string) => boolean,
): ConflictDraft[] {
  const userKey = idKey(session.user);
  const before = new Map(ruleHits(context, base).map((h) => [idKey(h.rule), h]));
  const added = ruleHits(context, during).filter((h) => {
    if (overridden(userKey, idKey(h.rule))) return false;
    const had = before.get(idKey(h.rule));
    return had === undefined || widens(had, h);
  });
  const out: ConflictDraft[] = [];
  for (const role of session.roles) {
    const key = idKey(role);
    const rules = added.filter((h) => [...h.firstRoles, ...h.secondRoles].some((r) => idKey(r) === key));
    if (rules.length > 0) out.push({ user: session.user, role, scope: session.scope, source: 'session', session: session.id, rules });
  }
  return out;
}
