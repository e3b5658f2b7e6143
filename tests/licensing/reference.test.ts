import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createModel } from '../../src/model/index.js';
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
});
