/**
 * Property tests: the compliance scan and the incremental monitor against the brute-force reference
 * (`tests/reference/sod.ts`) on random small models with random rules, organization trees, scoped
 * assignments, overrides (valid, expired, at the boundary) and random change sequences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assignment, Change, ChangeInput, SecurityModel } from '../../src/model/index.js';
import { changesSchema, createModel, idKey, safeApplyChanges, severities } from '../../src/model/index.js';
import { SodMonitor, verifyCompliance, type ComplianceReport, type Violation } from '../../src/sod/index.js';
import { referenceCompliance, type ReferenceCompliance, type ReferenceViolation } from '../reference/sod.js';
import { changeFrom, changeSeedArb } from '../access/arbitraries.js';
import { AT, instants, sodModelArb } from './arbitraries.js';

/** Also resolve conflicts that already exist in the model (a resolution once left a revoked immer proxy behind). */
const RESOLVE_EXISTING = true;

/** A comparable form of a violation: roles as sorted sets, the override reduced to whether one exists. */
function normal(v: Violation | ReferenceViolation): ReferenceViolation {
  return {
    user: v.user,
    rule: v.rule,
    ruleName: v.ruleName,
    severity: v.severity,
    firstDuty: v.firstDuty,
    secondDuty: v.secondDuty,
    firstRoles: [...new Set(v.firstRoles)].sort(),
    secondRoles: [...new Set(v.secondRoles)].sort(),
    organizations: v.organizations === 'all' ? 'all' : [...v.organizations],
    hasOverride: 'hasOverride' in v ? v.hasOverride : v.override !== null,
  };
}

const order = (a: ReferenceViolation, b: ReferenceViolation) => {
  const x = `${idKey(a.user)}\u0000${idKey(a.rule)}`;
  const y = `${idKey(b.user)}\u0000${idKey(b.rule)}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Compare a core report with the reference, order-independently; check the overrides the core attached. */
function expectSameAsReference(report: ComplianceReport, reference: ReferenceCompliance, at: string): void {
  expect(report.violations.map(normal).sort(order)).toEqual(reference.violations.map(normal).sort(order));
  expect(report.overridden.map(normal).sort(order)).toEqual(reference.overridden.map(normal).sort(order));
  expect(report.expiredOverrides.map((c) => c.id).sort()).toEqual([...reference.expiredOverrides].sort());
  for (const v of [...report.violations, ...report.overridden]) {
    if (v.override === null) continue;
    expect(v.override.status).toBe('allowed');
    expect(idKey(v.override.user)).toBe(idKey(v.user));
    expect(v.override.rules.some((r) => idKey(r.rule) === idKey(v.rule))).toBe(true);
  }
  for (const v of report.overridden) expect(v.override!.expiresAt === null || v.override!.expiresAt > at).toBe(true);
  for (const v of report.violations) if (v.override) expect(v.override.expiresAt !== null && v.override.expiresAt <= at).toBe(true);
}

/** Random numbers that {@link sodChangeFrom} turns into one batch of SoD changes against a model. */
/** One assignment or unassignment of a random user (the monitor's lean path). */
function assignmentChangeFrom(model: SecurityModel, seed: readonly number[]): ChangeInput[] {
  const users = [...model.users.values()];
  const roles = [...model.roles.values()];
  const orgs = [...model.organizations.values()];
  const assignments = [...model.assignments.values()];
  const n = (i: number) => seed[i % seed.length]! + i;
  if (n(0) % 3 === 0 && assignments.length > 0) {
    const a = assignments[n(1) % assignments.length]!;
    return [{ op: 'unassign', user: a.user.toUpperCase(), role: a.role }];
  }
  if (users.length === 0 || roles.length === 0) return [];
  const scope = n(2) % 2 === 0 || orgs.length === 0 ? 'all' : { organizations: [{ id: orgs[n(3) % orgs.length]!.id, includeChildren: n(4) % 2 === 0 }] };
  return [{ op: 'assign', assignment: { user: users[n(5) % users.length]!.id, role: roles[n(6) % roles.length]!.id.toLowerCase(), scope, source: 'manual' } }];
}

function sodChangeFrom(model: SecurityModel, seed: readonly number[]): ChangeInput[] {
  let next = 0;
  const n = (): number => seed[next++ % seed.length]! + next;
  const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[n() % items.length]);
  const duties = [...model.duties.values()];
  const rules = [...model.sodRules.values()];
  const users = [...model.users.values()];
  const roles = [...model.roles.values()];
  const conflicts = [...model.conflicts.values()];
  const expiry = () => (n() % 3 === 0 ? null : instants[n() % instants.length]!);
  switch (n() % 9) {
    case 0: {
      const a = pick(duties);
      const b = pick(duties);
      return a && b ? [{ op: 'add', kind: 'sodRule', value: { id: `NewRule${n() % 100}`, name: 'New rule', firstDuty: a.id, secondDuty: b.id.toUpperCase(), enabled: n() % 4 !== 0 } }] : [];
    }
    case 1: {
      const r = pick(rules);
      return r ? [{ op: 'update', kind: 'sodRule', id: r.id, patch: { enabled: !r.enabled } }] : [];
    }
    case 2: {
      const r = pick(rules);
      const d = pick(duties);
      if (!r || !d) return [];
      return [{ op: 'update', kind: 'sodRule', id: r.id.toUpperCase(), patch: n() % 2 === 0 ? { firstDuty: d.id } : { secondDuty: d.id } }];
    }
    case 3: {
      const r = pick(rules);
      return r ? [{ op: 'remove', kind: 'sodRule', id: r.id }] : [];
    }
    case 4: {
      const r = pick(rules);
      return r ? [{ op: 'update', kind: 'sodRule', id: r.id, patch: { severity: severities[n() % 4]!, name: `Renamed ${n() % 10}` } }] : [];
    }
    case 5:
    case 6: {
      // Raise a conflict for a user and some rules, resolved at once (allowed or denied) or left open.
      const u = pick(users);
      const role = pick(roles);
      const chosen = rules.filter(() => n() % 2 === 0);
      const r = chosen.length > 0 ? chosen : rules.slice(0, 1);
      if (!u || !role || r.length === 0) return [];
      const id = `NewC${n() % 1000}`;
      const raise: ChangeInput = {
        op: 'raiseConflict',
        conflict: { id, user: u.id, role: role.id, scope: 'all', source: 'manual', rules: r.map((x) => ({ rule: x.id, firstDuty: x.firstDuty, secondDuty: x.secondDuty, firstRoles: [], secondRoles: [], organizations: 'all' })), raisedAt: '2025-02-01T00:00:00Z' },
      };
      const k = n() % 3;
      if (k === 0 || !RESOLVE_EXISTING) return [raise];
      return [raise, { op: 'resolveConflict', id, status: k === 1 ? 'allowed' : 'denied', expiresAt: expiry(), resolvedBy: 'admin', resolvedAt: '2025-02-02T00:00:00Z' }];
    }
    case 7: {
      // Resolve or renew an existing conflict.
      if (!RESOLVE_EXISTING) return [];
      const c = pick(conflicts.filter((x) => x.status !== 'denied'));
      return c ? [{ op: 'resolveConflict', id: c.id, status: n() % 4 === 0 ? 'denied' : 'allowed', expiresAt: expiry(), resolvedBy: 'admin', resolvedAt: '2025-03-01T00:00:00Z' }] : [];
    }
    default: {
      // Give a role a duty of a rule, so that new violations appear.
      const r = pick(roles);
      const rule = pick(rules);
      if (!r || !rule) return [];
      return [{ op: 'update', kind: 'role', id: r.id, patch: { duties: [...r.duties, n() % 2 === 0 ? rule.firstDuty : rule.secondDuty] } }];
    }
  }
}

describe('verifyCompliance against the brute-force reference', () => {
  it('finds exactly the reference violations, overridden violations and expired overrides', () => {
    fc.assert(
      fc.property(sodModelArb, fc.constantFrom(...instants), (data, at) => {
        const model = createModel(data);
        expectSameAsReference(verifyCompliance(model, { at }), referenceCompliance(model, at), at);
      }),
      { numRuns: 300 },
    );
  });

  it('uses the effective assignments when given, like the reference', () => {
    fc.assert(
      fc.property(sodModelArb, fc.array(fc.nat(), { minLength: 10, maxLength: 10 }), (data, picks) => {
        const model = createModel(data);
        const users = [...model.users.values()];
        const roles = [...model.roles.values()];
        const orgs = [...model.organizations.values()];
        if (users.length === 0 || roles.length === 0) return;
        const user = users[picks[0]! % users.length]!;
        // The same role may come twice (a base assignment and a session), with different scopes.
        const some: Assignment[] = picks.slice(1, 1 + (picks[1]! % 5)).map((p, i) => ({
          user: user.id,
          role: roles[p % roles.length]!.id,
          scope: orgs.length > 0 && (p + i) % 2 === 0 ? { organizations: [{ id: orgs[p % orgs.length]!.id, includeChildren: p % 3 === 0 }] } : 'all',
          source: 'manual',
        }));
        // Now and then many (more than 31: the scan's general path), repeating the same roles.
        const effective = picks[9]! % 4 === 0 && some.length > 0 ? Array.from({ length: 33 + (picks[9]! % 7) }, (_, i) => some[i % some.length]!) : some;
        const core = verifyCompliance(model, { at: AT, assignmentsOf: (key) => (key === idKey(user.id) ? effective : undefined) });
        const reference = referenceCompliance(model, AT, { assignmentsOf: (id) => (idKey(id) === idKey(user.id) ? effective : undefined) });
        expectSameAsReference(core, reference, AT);
      }),
      { numRuns: 200 },
    );
  });
});

describe('SodMonitor against a fresh full scan', () => {
  it('update after random change sequences, then scan, equals verifyCompliance on the new model (and the reference)', () => {
    fc.assert(
      fc.property(
        sodModelArb,
        fc.array(fc.tuple(fc.constantFrom('sod', 'model', 'assignment'), changeSeedArb, fc.constantFrom(...instants)), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        (data, steps, scanFirst) => {
          let model = createModel(data);
          const monitor = new SodMonitor(model);
          if (scanFirst) monitor.scan(AT);
          for (const [sod, seed, at] of steps) {
            const input = sod === 'sod' ? sodChangeFrom(model, seed) : sod === 'assignment' ? assignmentChangeFrom(model, seed) : changeFrom(model, seed);
            const result = safeApplyChanges(model, input);
            if (!result.ok) continue;
            const changes: Change[] = changesSchema.parse(input);
            monitor.update(result.model, changes);
            model = result.model;
            expect(monitor.model).toBe(model);
            // Followed, not started over: changes that lead to the model never make it start over.
            expect(monitor.restarts).toBe(0);
            // Now and then ask about one user first (the lazy path), then scan everyone.
            const users = [...model.users.keys()];
            if (users.length > 0 && seed[0]! % 2 === 0) {
              const key = users[seed[1]! % users.length]!;
              expect(monitor.hitsOf(key)).toEqual(new SodMonitor(model).hitsOf(key));
            }
            if (seed[2]! % 3 !== 0) expect(monitor.scan(at)).toEqual(verifyCompliance(model, { at }));
          }
          const final = monitor.scan(AT);
          expect(final).toEqual(verifyCompliance(model, { at: AT }));
          expectSameAsReference(final, referenceCompliance(model, AT), AT);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('with effective assignments (sessions), follows role, rule and assignment changes like verifyCompliance with the same assignments', () => {
    fc.assert(
      fc.property(
        sodModelArb,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
        fc.array(fc.tuple(fc.constantFrom('sod', 'model', 'assignment', 'session'), changeSeedArb), { minLength: 1, maxLength: 10 }),
        (data, sessionSeeds, steps) => {
          let model = createModel(data);
          const roles = [...model.roles.values()].map((r) => r.id);
          const users = [...model.users.keys()];
          if (roles.length === 0 || users.length === 0) return;
          // Roles held through sessions, by user key: effective = own assignments, then those.
          const sessions = new Map<string, Assignment[]>();
          const addSession = (user: number, role: number): string => {
            const key = users[user % users.length]!;
            const held = sessions.get(key) ?? [];
            sessions.set(key, [...held, { user: key, role: roles[role % roles.length]!, scope: 'all', source: 'manual' }]);
            return key;
          };
          for (const [user, role] of sessionSeeds) addSession(user, role);
          const effective = (key: string): readonly Assignment[] | undefined => {
            const extra = sessions.get(key);
            return extra ? [...[...model.assignments.values()].filter((a) => idKey(a.user) === key), ...extra] : undefined;
          };
          const monitor = new SodMonitor(model, effective);
          monitor.scan(AT);
          for (const [kind, seed] of steps) {
            if (kind === 'session') {
              // A session starts (or, every other time, a user's sessions end): the caller says so.
              const key = seed[0]! % 2 === 0 ? addSession(seed[1]!, seed[2]!) : users[seed[1]! % users.length]!;
              if (seed[0]! % 2 !== 0) sessions.delete(key);
              monitor.refreshUser(key);
            } else {
              const input = kind === 'sod' ? sodChangeFrom(model, seed) : kind === 'assignment' ? assignmentChangeFrom(model, seed) : changeFrom(model, seed);
              const result = safeApplyChanges(model, input);
              if (!result.ok) continue;
              model = result.model;
              monitor.update(model, changesSchema.parse(input));
            }
            expect(monitor.restarts).toBe(0);
            expect(monitor.scan(AT)).toEqual(verifyCompliance(model, { at: AT, assignmentsOf: effective }));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
