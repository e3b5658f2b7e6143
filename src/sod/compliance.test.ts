import { describe, expect, it } from 'vitest';
import { createModel } from '../model/index.js';
import { verifyCompliance } from './compliance.js';

const AT = '2026-01-01T00:00:00.000Z';

describe('verifyCompliance', () => {
  it('gives each violation its own organization list, also when scans share what they keep of a scope', () => {
    const west = { organizations: [{ id: 'West', includeChildren: true }] };
    const model = createModel({
      entryPoints: [{ kind: 'menu-item-display', name: 'Ledger' }],
      privileges: [{ id: 'P', name: 'P', grants: [{ entryPoint: 'menu-item-display:Ledger', read: 'allow' }] }],
      duties: ['Pay', 'Approve'].map((id) => ({ id, name: id, privileges: ['P'] })),
      roles: [{ id: 'Payer', name: 'Payer', duties: ['Pay'] }, { id: 'Approver', name: 'Approver', duties: ['Approve'] }],
      organizations: [{ id: 'West', name: 'West' }, { id: 'Coast', name: 'Coast', parent: 'West' }, { id: 'East', name: 'East' }],
      users: [{ id: 'ann', name: 'Ann' }, { id: 'bob', name: 'Bob' }],
      sodRules: [{ id: 'R', name: 'Pay/Approve', firstDuty: 'Pay', secondDuty: 'Approve', severity: 'high' }],
      assignments: ['ann', 'bob'].flatMap((user) => [
        { user, role: 'Payer', scope: west, source: 'manual' as const },
        { user, role: 'Approver', scope: 'all' as const, source: 'manual' as const },
      ]),
    });
    const first = verifyCompliance(model, { at: AT });
    expect(first.violations.map((v) => v.organizations)).toEqual([['Coast', 'West'], ['Coast', 'West']]);
    (first.violations[0]!.organizations as string[]).push('East');
    const again = verifyCompliance(model, { at: AT });
    expect(first.violations[1]!.organizations).toEqual(['Coast', 'West']);
    expect(again.violations.map((v) => v.organizations)).toEqual([['Coast', 'West'], ['Coast', 'West']]);
  });
});
