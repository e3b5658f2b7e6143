/**
 * Property tests: the enforcement points and what-if against the brute-force reference
 * (`tests/reference/sod.ts`) on random small models with rules, organization trees, scoped
 * assignments and overrides. Each question the core answers with its compiled context (role
 * closures, rules by duty, organization tree) is asked of the reference, which walks the model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assignment, Change, ChangeInput, Scope, SecurityModel } from '../../src/model/index.js';
import { changesSchema, createModel, idKey, safeApplyChanges } from '../../src/model/index.js';
import { roleConflicts, simulateAssignments, validateRule } from '../../src/sod/index.js';
import { advanceSodContext, compileSodContext } from '../../src/sod/context.js';
import { assertRolesComply, screenAssignments, sessionConflicts } from '../../src/sod/enforce.js';
import { referenceCompliance, roleBrings, type ReferenceViolation } from '../reference/sod.js';
import { referenceLicenses } from '../reference/licensing.js';
import { changeSeedArb } from '../access/arbitraries.js';
import { AT, sodModelArb } from './arbitraries.js';

const sorted = (items: Iterable<string>) => [...items].map(idKey).sort();

/** The rules a user breaks in the reference, by rule key, overridden or not, and those a valid override covers. */
function referenceHits(model: SecurityModel, user: string, assignmentsOf?: (user: string) => readonly Assignment[] | undefined) {
  const report = referenceCompliance(model, AT, { users: [user], ...(assignmentsOf ? { assignmentsOf } : {}) });
  const all = new Map<string, ReferenceViolation>();
  for (const v of [...report.violations, ...report.overridden]) all.set(idKey(v.rule), v);
  return { all, overridden: new Set(report.overridden.map((v) => idKey(v.rule))) };
}

/** Whether `after` reaches organizations `before` did not (the reference's reading of "widens"). */
function reaches(before: ReferenceViolation, after: ReferenceViolation): boolean {
  if (before.organizations === 'all') return false;
  if (after.organizations === 'all') return true;
  return after.organizations.some((o) => !(before.organizations as string[]).some((b) => idKey(b) === idKey(o)));
}

/**
 * The rules the reference says a change of a user's assignments adds: broken after and not before
 * (or in organizations not reached before), not covered by a valid override, and with `role` among
 * the roles bringing a duty where the duties meet.
 */
function addedRules(before: ReturnType<typeof referenceHits>, after: ReturnType<typeof referenceHits>, role: string): string[] {
  const out: string[] = [];
  for (const [rule, v] of after.all) {
    if (after.overridden.has(rule)) continue;
    if (![...v.firstRoles, ...v.secondRoles].some((r) => idKey(r) === idKey(role))) continue;
    const had = before.all.get(rule);
    if (had === undefined || reaches(had, v)) out.push(rule);
  }
  return out.sort();
}

const own = (model: SecurityModel, userKey: string) => [...model.assignments.values()].filter((a) => idKey(a.user) === userKey);

/**
 * The overlay of one session in force for `userKey`: Merge adds `role`; Replace shows only `role`
 * and the own roles assigned while it runs (`assigned`).
 */
function sessionOverlay(userKey: string, role: Assignment, replace: boolean) {
  return (key: string, mine: readonly Assignment[], assigned: ReadonlySet<string>): readonly Assignment[] => {
    if (key !== userKey) return mine;
    return replace ? [...mine.filter((a) => assigned.has(idKey(a.role))), role] : [...mine, role];
  };
}

/** A random scope over the model's organizations. */
function scopeFrom(model: SecurityModel, n: (i: number) => number): Scope {
  const orgs = [...model.organizations.values()];
  if (n(0) % 2 === 0 || orgs.length === 0) return 'all';
  const first = n(2) % orgs.length;
  const ids = n(1) % 2 === 0 || orgs.length === 1 ? [first] : [first, (first + 1 + (n(3) % (orgs.length - 1))) % orgs.length];
  return { organizations: ids.map((o, i) => ({ id: orgs[o]!.id, includeChildren: n(4 + i) % 2 === 0 })) };
}

/** A batch of one to four assignment changes of a few users (assign, reassign with another scope, unassign). */
function assignmentBatch(model: SecurityModel, seed: readonly number[], oneUser?: string): ChangeInput[] {
  const users = [...model.users.values()];
  const roles = [...model.roles.values()];
  if (users.length === 0 || roles.length === 0) return [];
  const out: ChangeInput[] = [];
  const length = 1 + (seed[0]! % 4);
  for (let k = 0; k < length; k++) {
    const n = (i: number) => seed[(k * 3 + i) % seed.length]! + i + k;
    const user = oneUser ?? users[n(1) % users.length]!.id;
    const role = roles[n(2) % roles.length]!.id;
    if (n(3) % 4 === 0) {
      const held = own(model, idKey(user));
      if (held.length > 0) out.push({ op: 'unassign', user: user.toUpperCase(), role: held[n(4) % held.length]!.role });
      continue;
    }
    out.push({ op: 'assign', assignment: { user, role: n(5) % 2 === 0 ? role.toLowerCase() : role, scope: scopeFrom(model, (i) => n(6 + i)), source: 'manual' } });
  }
  return out;
}

describe('role definitions against the reference', () => {
  it('validateRule lists exactly the roles holding both duties; roleConflicts exactly the enabled rules a role breaks', () => {
    fc.assert(
      fc.property(sodModelArb, fc.nat(), fc.nat(), (data, a, b) => {
        const model = createModel(data);
        const roles = [...model.roles.values()];
        const holding = (first: string, second: string) => roles.filter((r) => roleBrings(model, r.id, first) && roleBrings(model, r.id, second)).map((r) => r.id);
        for (const rule of model.sodRules.values()) {
          expect(sorted(validateRule(model, rule.id.toUpperCase()).map((v) => v.role))).toEqual(sorted(holding(rule.firstDuty, rule.secondDuty)));
        }
        // A rule about to be created (not in the model), on any two duties.
        const duties = [...model.duties.values()];
        if (duties.length >= 2) {
          const first = duties[a % duties.length]!.id;
          const second = duties[(a + 1 + (b % (duties.length - 1))) % duties.length]!.id;
          const found = validateRule(model, { id: 'Candidate', name: 'Candidate', firstDuty: first, secondDuty: second.toUpperCase() });
          expect(sorted(found.map((v) => v.role))).toEqual(sorted(holding(first, second)));
          for (const v of found) expect([v.firstDuty, v.secondDuty]).toEqual([first, second.toUpperCase()]);
        }
        for (const role of roles) {
          const expected = [...model.sodRules.values()].filter((r) => r.enabled && roleBrings(model, role.id, r.firstDuty) && roleBrings(model, role.id, r.secondDuty)).map((r) => r.id);
          expect(sorted(roleConflicts(model, role.id).map((v) => v.rule))).toEqual(sorted(expected));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a role change is refused exactly when the changed role or a role containing it would break an enabled rule', () => {
    fc.assert(
      fc.property(sodModelArb, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (data, seed) => {
        const model = createModel(data);
        const roles = [...model.roles.values()];
        const duties = [...model.duties.values()];
        if (roles.length === 0) return;
        const role = roles[seed[0]! % roles.length]!;
        const pickSome = <T>(items: readonly T[], bits: number) => items.filter((_, i) => (bits >> i) & 1);
        const patch = seed[1]! % 3 === 0 ? { subRoles: pickSome(roles, seed[2]!).map((r) => r.id) } : { duties: pickSome(duties, seed[3]!).map((d) => d.id) };
        const input: ChangeInput[] = [{ op: 'update', kind: 'role', id: role.id, patch }];
        const result = safeApplyChanges(model, input);
        if (!result.ok) return; // a cycle of sub-roles, for example
        const next = result.model;
        const changes: Change[] = changesSchema.parse(input);
        const advance = advanceSodContext(compileSodContext(model), next, changes);
        let refused: string[] = [];
        try {
          assertRolesComply(advance.context, [...advance.roles].filter((key) => next.roles.has(key)));
        } catch (error) {
          expect((error as { code?: string }).code).toBe('SOD_ROLE_CONFLICT');
          refused = (error as { details: { violations: { role: string; rule: string }[] } }).details.violations.map((v) => `${idKey(v.role)}/${idKey(v.rule)}`);
        }
        // The reference: the changed role and every role of `next` reaching it through sub-roles.
        const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
          if (idKey(from) === idKey(to)) return true;
          if (seen.has(idKey(from))) return false;
          seen.add(idKey(from));
          return (next.roles.get(idKey(from))?.subRoles ?? []).some((s) => reaches(s, to, seen));
        };
        const affected = [...next.roles.values()].filter((r) => reaches(r.id, role.id));
        const expected = affected.flatMap((r) =>
          [...next.sodRules.values()].filter((rule) => rule.enabled && roleBrings(next, r.id, rule.firstDuty) && roleBrings(next, r.id, rule.secondDuty)).map((rule) => `${idKey(r.id)}/${idKey(rule.id)}`),
        );
        expect(refused.sort()).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });
});

describe('assignment screening against the reference', () => {
  it('holds exactly the assignments that add a rule their role takes part in, in batch order', () => {
    fc.assert(
      fc.property(sodModelArb, changeSeedArb, (data, seed) => {
        const model = createModel(data);
        const input = assignmentBatch(model, seed);
        if (input.length === 0) return;
        const result = safeApplyChanges(model, input);
        if (!result.ok) return;
        const changes: Change[] = changesSchema.parse(input);
        const valid = (userKey: string, ruleKey: string) =>
          [...model.conflicts.values()].some((c) => c.status === 'allowed' && idKey(c.user) === userKey && c.rules.some((r) => idKey(r.rule) === ruleKey) && (c.expiresAt === null || c.expiresAt > AT));
        const context = advanceSodContext(compileSodContext(model), result.model, changes).context;
        const screening = screenAssignments(context, changes, { before: (userKey) => own(model, userKey), overridden: valid });
        const core = screening.held.map((h) => ({ index: h.index, rules: sorted(h.rules.map((r) => r.rule)) }));
        // The reference: the batch applied change by change, held assignments left out.
        let current = model;
        const expected: { index: number; rules: string[] }[] = [];
        changes.forEach((change, index) => {
          const candidate = safeApplyChanges(current, [change]);
          // An unassignment of an assignment held earlier in the batch has nothing to remove.
          if (!candidate.ok && change.op === 'unassign') return;
          if (!candidate.ok) throw candidate.error;
          if (change.op === 'assign') {
            const user = change.assignment.user;
            const rules = addedRules(referenceHits(current, user), referenceHits(candidate.model, user), change.assignment.role);
            if (rules.length > 0) {
              expected.push({ index, rules });
              return;
            }
          }
          current = candidate.model;
        });
        expect(core).toEqual(expected);
        expect(screening.excluded).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('with sessions in force, holds the assignments that add a rule with the sessions or with the own roles alone', () => {
    fc.assert(
      fc.property(sodModelArb, changeSeedArb, fc.boolean(), (data, seed, replace) => {
        const model = createModel(data);
        const roles = [...model.roles.values()];
        const users = [...model.users.values()];
        if (roles.length === 0 || users.length === 0) return;
        const input = assignmentBatch(model, seed);
        if (input.length === 0) return;
        const result = safeApplyChanges(model, input);
        if (!result.ok) return;
        const changes: Change[] = changesSchema.parse(input);
        // One user has a session in force: Merge adds a role; Replace shows only the session's role
        // and the roles assigned while it runs.
        const sessionUser = idKey(users[seed[10]! % users.length]!.id);
        const sessionRole: Assignment = { user: sessionUser, role: roles[seed[11]! % roles.length]!.id, scope: 'all', source: 'manual' };
        const overlay = sessionOverlay(sessionUser, sessionRole, replace);
        const valid = (userKey: string, ruleKey: string) =>
          [...model.conflicts.values()].some((c) => c.status === 'allowed' && idKey(c.user) === userKey && c.rules.some((r) => idKey(r.rule) === ruleKey) && (c.expiresAt === null || c.expiresAt > AT));
        const context = advanceSodContext(compileSodContext(model), result.model, changes).context;
        const screening = screenAssignments(context, changes, { before: (userKey) => own(model, userKey), overlay, overridden: valid });
        const core = screening.held.map((h) => ({ index: h.index, rules: sorted(h.rules.map((r) => r.rule)) }));
        // The reference: change by change, each assignment checked in both views of its user.
        let current = model;
        const assigned = new Map<string, Set<string>>();
        const expected: { index: number; rules: string[] }[] = [];
        changes.forEach((change, index) => {
          const candidate = safeApplyChanges(current, [change]);
          // An unassignment of an assignment held earlier in the batch has nothing to remove.
          if (!candidate.ok && change.op === 'unassign') return;
          if (!candidate.ok) throw candidate.error;
          if (change.op === 'unassign') assigned.get(idKey(change.user))?.delete(idKey(change.role));
          if (change.op === 'assign') {
            const user = change.assignment.user;
            const userKey = idKey(user);
            const before = assigned.get(userKey) ?? new Set<string>();
            const after = new Set(before).add(idKey(change.assignment.role));
            const effective = (m: SecurityModel, set: ReadonlySet<string>) => (id: string) => (idKey(id) === userKey ? overlay(userKey, own(m, userKey), set) : undefined);
            const rules = new Set([
              ...addedRules(referenceHits(current, user, effective(current, before)), referenceHits(candidate.model, user, effective(candidate.model, after)), change.assignment.role),
              ...addedRules(referenceHits(current, user), referenceHits(candidate.model, user), change.assignment.role),
            ]);
            if (rules.size > 0) {
              expected.push({ index, rules: [...rules].sort() });
              return;
            }
            assigned.set(userKey, after);
          }
          current = candidate.model;
        });
        expect(core).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('a session raises a conflict for each of its roles taking part in a rule it adds, and none otherwise', () => {
    fc.assert(
      fc.property(sodModelArb, changeSeedArb, fc.boolean(), (data, seed, replace) => {
        const model = createModel(data);
        const users = [...model.users.values()];
        const roles = [...model.roles.values()];
        if (users.length === 0 || roles.length === 0) return;
        const user = users[seed[0]! % users.length]!;
        const userKey = idKey(user.id);
        const sessionRoles = [...new Set(Array.from({ length: 1 + (seed[1]! % 3) }, (_, i) => roles[seed[2 + i]! % roles.length]!.id))];
        const scope = scopeFrom(model, (i) => seed[5 + i]!);
        const base = own(model, userKey);
        const added = sessionRoles.map((role): Assignment => ({ user: user.id, role, scope, source: 'manual' }));
        // Merge adds the session's roles; Replace keeps only the base roles it names, here none.
        const during = replace ? added : [...base, ...added];
        const valid = (u: string, ruleKey: string) =>
          [...model.conflicts.values()].some((c) => c.status === 'allowed' && idKey(c.user) === u && c.rules.some((r) => idKey(r.rule) === ruleKey) && (c.expiresAt === null || c.expiresAt > AT));
        const drafts = sessionConflicts(compileSodContext(model), { id: 'S1', user: user.id, roles: sessionRoles, scope }, base, during, valid);
        const before = referenceHits(model, user.id);
        const after = referenceHits(model, user.id, (id) => (idKey(id) === userKey ? during : undefined));
        const expected = sessionRoles.map((role) => ({ role, rules: addedRules(before, after, role) })).filter((d) => d.rules.length > 0);
        expect(drafts.map((d) => ({ role: d.role, rules: sorted(d.rules.map((r) => r.rule)) }))).toEqual(expected);
        for (const d of drafts) expect([d.session, d.source, d.scope]).toEqual(['S1', 'session', scope]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('what-if against the reference', () => {
  it('splits the rules into added, kept and removed as the reference does before and after, with the licences', () => {
    fc.assert(
      fc.property(sodModelArb, changeSeedArb, (data, seed) => {
        const model = createModel(data);
        const users = [...model.users.values()];
        if (users.length === 0) return;
        const user = users[seed[11]! % users.length]!;
        const input = assignmentBatch(model, seed, user.id);
        if (input.length === 0) return;
        const result = safeApplyChanges(model, input);
        if (!result.ok) return;
        const answer = simulateAssignments(model, user.id.toUpperCase(), input, { at: AT });
        const before = referenceHits(model, user.id).all;
        const after = referenceHits(result.model, user.id).all;
        const keys = (vs: readonly { rule: string }[]) => sorted(vs.map((v) => v.rule));
        expect(keys(answer.added)).toEqual(sorted([...after.keys()].filter((k) => !before.has(k))));
        expect(keys(answer.kept)).toEqual(sorted([...after.keys()].filter((k) => before.has(k))));
        expect(keys(answer.removed)).toEqual(sorted([...before.keys()].filter((k) => !after.has(k))));
        for (const v of answer.added) expect(v.organizations).toEqual(after.get(idKey(v.rule))!.organizations);
        expect(answer.licenses.before).toEqual(referenceLicenses(model).of('user', user.id));
        expect(answer.licenses.after).toEqual(referenceLicenses(result.model).of('user', user.id));
      }),
      { numRuns: 300 },
    );
  });

  it('with sessions in force, counts a rule broken with the sessions or with the own roles alone', () => {
    fc.assert(
      fc.property(sodModelArb, changeSeedArb, fc.boolean(), (data, seed, replace) => {
        const model = createModel(data);
        const users = [...model.users.values()];
        const roles = [...model.roles.values()];
        if (users.length === 0 || roles.length === 0) return;
        const user = users[seed[11]! % users.length]!;
        const userKey = idKey(user.id);
        const input = assignmentBatch(model, seed, user.id);
        if (input.length === 0) return;
        const result = safeApplyChanges(model, input);
        if (!result.ok) return;
        const sessionRole: Assignment = { user: user.id, role: roles[seed[10]! % roles.length]!.id, scope: 'all', source: 'manual' };
        const overlay = sessionOverlay(userKey, sessionRole, replace);
        const answer = simulateAssignments(model, user.id, input, { at: AT, overlay });
        const assigned = new Set(changesSchema.parse(input).flatMap((c) => (c.op === 'assign' ? [idKey(c.assignment.role)] : [])));
        for (const c of changesSchema.parse(input)) if (c.op === 'unassign') assigned.delete(idKey(c.role));
        const rulesOf = (m: SecurityModel, set: ReadonlySet<string>) =>
          new Set([...referenceHits(m, user.id, (id) => (idKey(id) === userKey ? overlay(userKey, own(m, userKey), set) : undefined)).all.keys(), ...referenceHits(m, user.id).all.keys()]);
        const before = rulesOf(model, new Set());
        const after = rulesOf(result.model, assigned);
        const keys = (vs: readonly { rule: string }[]) => sorted(vs.map((v) => v.rule));
        expect(keys(answer.added)).toEqual(sorted([...after].filter((k) => !before.has(k))));
        expect(keys(answer.kept)).toEqual(sorted([...after].filter((k) => before.has(k))));
        expect(keys(answer.removed)).toEqual(sorted([...before].filter((k) => !after.has(k))));
      }),
      { numRuns: 300 },
    );
  });
});
