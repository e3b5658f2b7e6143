import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, createModel, entryPointId, safeApplyChanges } from '../../src/model/index.js';
import { simulateAssignments } from '../../src/sod/index.js';
import type { ChangeInput } from '../../src/model/index.js';
import { compileLicenses, licenseCovers, requiredLicense } from '../../src/licensing/index.js';
import { compileLicensesWith } from '../../src/licensing/compile.js';
import { referenceLicenses } from '../reference/licensing.js';
import { modelDataArb } from './arbitraries.js';

describe('licence roll-up against the reference', () => {
  it('answers every privilege, duty, role and user and the summary as the reference does', () => {
    fc.assert(
      fc.property(modelDataArb, fc.boolean(), (data, wide) => {
        const model = createModel(data);
        const index = wide ? compileLicensesWith(model, { wide: true }) : compileLicenses(model);
        const reference = referenceLicenses(model);
        for (const p of model.privileges.values()) expect(index.ofPrivilege(p.id)).toEqual(reference.of('privilege', p.id));
        for (const d of model.duties.values()) expect(index.ofDuty(d.id.toUpperCase())).toEqual(reference.of('duty', d.id));
        for (const r of model.roles.values()) expect(index.ofRole(r.id)).toEqual(reference.of('role', r.id));
        for (const u of model.users.values()) expect(index.ofUser(u.id.toLowerCase())).toEqual(reference.of('user', u.id));
        expect(index.summary()).toEqual(reference.summary());
      }),
      { numRuns: 300 },
    );
  });

  it('orders licences and prices grants as the reference does', () => {
    fc.assert(
      fc.property(modelDataArb, (data) => {
        const model = createModel(data);
        const reference = referenceLicenses(model);
        const ids = model.licenses.licenses.map((l) => l.id);
        for (const a of ids) for (const b of ids) expect(licenseCovers(model.licenses, a, b.toUpperCase())).toBe(reference.covers(a, b));
        for (const p of model.privileges.values()) for (const g of p.grants) expect(requiredLicense(model, g)).toBe(reference.grantLicense(g));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps requirements minimal and covering', () => {
    fc.assert(
      fc.property(modelDataArb, (data) => {
        const model = createModel(data);
        const index = compileLicenses(model);
        for (const r of model.roles.values()) {
          const { licenses, base, attach, entitlement } = index.ofRole(r.id);
          // No licence of the set covers another one.
          for (const a of licenses) for (const b of licenses) if (a !== b) expect(licenseCovers(model.licenses, a, b)).toBe(false);
          // Every non-exempt child's needs are covered by some licence of the set.
          for (const e of entitlement) if (e.status !== 'exempt') for (const need of e.required) expect(licenses.some((l) => licenseCovers(model.licenses, l, need))).toBe(true);
          expect(base === null ? [] : [base, ...attach].sort()).toEqual([...licenses].sort());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers a changed model correctly after compiling the model it came from (shared caches)', () => {
    const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % Math.max(1, items.length)];
    fc.assert(
      fc.property(modelDataArb, fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat(), fc.nat(), fc.constantFrom('allow', 'deny', 'unset')), { maxLength: 4 }), (data, edits) => {
        const before = createModel(data);
        const warm = compileLicenses(before);
        for (const p of before.privileges.values()) warm.ofPrivilege(p.id);
        const eps = [...before.entryPoints.values()];
        const privileges = [...before.privileges.values()];
        const users = [...before.users.values()];
        const licences = before.licenses.licenses.map((l) => l.id);
        const changes: ChangeInput[] = [];
        for (const [what, a, b, permission] of edits) {
          const ep = pick(eps, a);
          if (what === 0 && ep) changes.push({ op: 'update', kind: 'entryPoint', id: entryPointId(ep), patch: { maintainLicense: pick(licences, b)! } });
          if (what === 1 && ep) changes.push({ op: 'update', kind: 'entryPoint', id: entryPointId(ep), patch: { viewLicense: pick(licences, b)! } });
          const privilege = pick(privileges, b);
          if (what === 2 && ep && privilege) changes.push({ op: 'setGrant', privilege: privilege.id, grant: { entryPoint: entryPointId(ep), read: permission, update: a % 2 === 0 ? 'allow' : 'unset' } });
          const user = pick(users, a);
          if (what === 3 && user) changes.push({ op: 'update', kind: 'user', id: user.id, patch: { enabled: !user.enabled } });
        }
        const after = applyChanges(before, changes);
        const index = compileLicenses(after);
        const reference = referenceLicenses(after);
        for (const p of after.privileges.values()) expect(index.ofPrivilege(p.id)).toEqual(reference.of('privilege', p.id));
        for (const r of after.roles.values()) expect(index.ofRole(r.id)).toEqual(reference.of('role', r.id));
        for (const u of after.users.values()) expect(index.ofUser(u.id)).toEqual(reference.of('user', u.id));
        expect(index.summary()).toEqual(reference.summary());
      }),
      { numRuns: 200 },
    );
  });
  it('answers a what-if\'s licences after assignment changes as the reference does on the changed model', () => {
    fc.assert(
      fc.property(modelDataArb, fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }), fc.nat(), (data, edits, who) => {
        const before = createModel(data);
        const users = [...before.users.values()];
        const roles = [...before.roles.values()];
        if (users.length === 0 || roles.length === 0) return;
        const user = users[who % users.length]!;
        const changes: ChangeInput[] = edits.map(([assign, r, s]) => {
          const role = roles[r % roles.length]!.id;
          return assign ? { op: 'assign', assignment: { user: s % 2 === 0 ? user.id : user.id.toUpperCase(), role } } : { op: 'unassign', user: user.id, role };
        });
        const result = safeApplyChanges(before, changes);
        if (!result.ok) return;
        const warm = compileLicenses(before);
        const answer = simulateAssignments(before, user.id, changes, { at: '2026-01-01T00:00:00Z', licenses: warm });
        expect(answer.licenses.before).toEqual(referenceLicenses(before).of('user', user.id));
        expect(answer.licenses.after).toEqual(referenceLicenses(result.model).of('user', user.id));
        expect(answer.licenses.after).toEqual(compileLicenses(result.model).ofUser(user.id));
      }),
      { numRuns: 300 },
    );
  });
});
