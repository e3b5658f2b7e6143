import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
import { accessIndexStats } from '../../src/access/access-index.js';
import type { AssignmentOverride } from '../../src/access/index.js';
import type { Assignment, Change, SecurityModel } from '../../src/model/index.js';
import { changesSchema, createModel, entryPointId, rights, safeApplyChanges } from '../../src/model/index.js';
import { referenceAccess } from '../reference/access.js';
import { accessModelArb, changeFrom, changeSeedArb, overrideFrom } from './arbitraries.js';
import { expectMatchesReference, expectSameAnswers, organizationArgs } from './compare.js';

describe('compiled access against the reference', () => {
  it('answers check, rightsOf and whoCanReach like the reference on random models', () => {
    fc.assert(
      fc.property(accessModelArb, (data) => {
        const model = createModel(data);
        expectMatchesReference(compileAccess(model), referenceAccess(model), model);
      }),
      { numRuns: 150 },
    );
  });

  it('update after random change batches equals a fresh compile and the reference, session overrides included', () => {
    fc.assert(
      fc.property(accessModelArb, fc.array(changeSeedArb, { minLength: 1, maxLength: 8 }), (data, seeds) => {
        let model = createModel(data);
        const index = compileAccess(model);
        const overrides = new Map<string, AssignmentOverride>();
        let applied = 0;
        for (const seed of seeds) {
          if (seed[0]! % 3 === 0) {
            const override = overrideFrom(model, seed);
            if (override !== undefined) {
              index.setEffectiveAssignments(override.user, override.override);
              overrides.set(override.user.toLowerCase(), override.override);
            }
          }
          const input = changeFrom(model, seed);
          const result = safeApplyChanges(model, input);
          if (!result.ok) continue;
          const changes: Change[] = changesSchema.parse(input);
          index.update(result.model, changes);
          model = result.model;
          expect(index.model).toBe(model);
          // An override ends with its user; its roles and organizations that are gone are dropped.
          for (const user of overrides.keys()) if (!model.users.has(user)) overrides.delete(user);
          const fresh = compileAccess(model);
          for (const [user, override] of overrides) fresh.setEffectiveAssignments(user, surviving(model, override));
          expectSameAnswers(index, fresh, model);
          applied++;
        }
        // Every update was followed change by change, never by falling back to a rebuild.
        expect(accessIndexStats(index)).toMatchObject({ rebuilds: 0, incrementalUpdates: applied });
        if (overrides.size === 0) expectMatchesReference(index, referenceAccess(model), model);
      }),
      { numRuns: 120 },
    );
  });

  it('setEffectiveAssignments and checkAssignments evaluate the given assignments like the reference', () => {
    fc.assert(
      fc.property(accessModelArb, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), fc.boolean(), (data, picks, enabled) => {
        const model = createModel(data);
        const users = [...model.users.values()];
        const roles = [...model.roles.values()];
        const orgs = [...model.organizations.values()];
        if (users.length === 0 || roles.length === 0) return;
        const user = users[picks[0]! % users.length]!;
        // An override: some roles, possibly the same role twice with different scopes.
        const assignments: Assignment[] = picks.slice(1, 1 + (picks[1]! % 4)).map((p, i) => ({
          user: user.id,
          role: roles[p % roles.length]!.id,
          scope: orgs.length > 0 && (p + i) % 2 === 0 ? { organizations: [{ id: orgs[p % orgs.length]!.id, includeChildren: p % 3 === 0 }] } : 'all',
          source: 'manual',
        }));
        const index = compileAccess(model);
        const reference = referenceAccess(model);
        const subject = { assignments, enabled };
        index.setEffectiveAssignments(user.id, { assignments, enabled });
        for (const org of organizationArgs(model)) {
          for (const ep of [...model.entryPoints.values()].map(entryPointId)) {
            for (const right of rights) {
              const want = reference.checkAssignments(subject, ep, right, org);
              expect(index.checkAssignments(subject, ep, right, org)).toBe(want);
              expect(index.check(user.id, ep, right, org)).toBe(want);
            }
          }
          expect(index.rightsOf(user.id, org)).toEqual(reference.rightsOfAssignments(subject, org));
        }
        // Restoring gives the model's answers again.
        index.setEffectiveAssignments(user.id, undefined);
        expectMatchesReference(index, reference, model);
      }),
      { numRuns: 150 },
    );
  });
});

/** What of an override still applies to `model`: assignments of existing roles, in existing organizations. */
function surviving(model: SecurityModel, override: AssignmentOverride): AssignmentOverride {
  const assignments: Assignment[] = [];
  for (const a of override.assignments) {
    if (!model.roles.has(a.role.toLowerCase())) continue;
    if (a.scope === 'all') {
      assignments.push(a);
      continue;
    }
    const organizations = a.scope.organizations.filter((o) => model.organizations.has(o.id.toLowerCase()));
    if (organizations.length > 0) assignments.push({ ...a, scope: { organizations } });
  }
  return { ...override, assignments };
}
