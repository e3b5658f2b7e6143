import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, createModel, type Assignment, type Scope } from '../model/index.js';
import { PersistentMap } from '../model/persistent-map.js';
import { assignmentsByUser, ruleHits, verifyCompliance } from './compliance.js';
import { compileSodContext } from './context.js';

const AT = '2026-01-01T00:00:00.000Z';

/** Ann and Bob, each holding Payer and Approver (a rule between their duties), in the model's order given. */
function payersAndApprovers(order: 'by user' | 'by role') {
  const users = ['Ann', 'bob'];
  const roles = ['Payer', 'Approver'];
  const pairs = order === 'by user' ? users.flatMap((user) => roles.map((role) => [user, role])) : roles.flatMap((role) => users.map((user) => [user, role]));
  return createModel({
    entryPoints: [{ kind: 'menu-item-display', name: 'Ledger' }],
    privileges: [{ id: 'P', name: 'P', grants: [{ entryPoint: 'menu-item-display:Ledger', read: 'allow' }] }],
    duties: ['Pay', 'Approve'].map((id) => ({ id, name: id, privileges: ['P'] })),
    roles: [{ id: 'Payer', name: 'Payer', duties: ['Pay'] }, { id: 'Approver', name: 'Approver', duties: ['Approve'] }],
    users: users.map((id) => ({ id, name: id })),
    sodRules: [{ id: 'R', name: 'Pay/Approve', firstDuty: 'Pay', secondDuty: 'Approve', severity: 'high' }],
    // Spelled in another case than the users' ids: found all the same.
    assignments: pairs.map(([user, role]) => ({ user: user!.toUpperCase(), role: role!, scope: 'all' as const, source: 'manual' as const })),
  });
}

describe('verifyCompliance', () => {
  it("finds a user's assignments wherever they lie in the model, and names users by their ids in key order", () => {
    for (const order of ['by user', 'by role'] as const) {
      const report = verifyCompliance(payersAndApprovers(order), { at: AT });
      expect(report.violations.map((v) => [v.user, v.firstRoles, v.secondRoles])).toEqual([
        ['Ann', ['Payer'], ['Approver']],
        ['bob', ['Payer'], ['Approver']],
      ]);
    }
    const byUser = assignmentsByUser(payersAndApprovers('by role'));
    expect([...byUser].map(([key, own]) => [key, own.map((a) => a.role)])).toEqual([
      ['ann', ['Payer', 'Approver']],
      ['bob', ['Payer', 'Approver']],
    ]);
  });

  it('keeps what it read of the assignments per chunk, but not across a change to who the users are or to roles', () => {
    const model = payersAndApprovers('by user');
    expect(verifyCompliance(model, { at: AT }).violations).toHaveLength(2);
    // A user's record changes: same numbering. A role loses its duty: read again.
    const renamed = applyChanges(model, [{ op: 'update', kind: 'user', id: 'ann', patch: { name: 'Ann B.' } }]);
    expect(verifyCompliance(renamed, { at: AT }).violations.map((v) => v.user)).toEqual(['Ann', 'bob']);
    const noApprove = applyChanges(renamed, [{ op: 'update', kind: 'role', id: 'Approver', patch: { duties: [] } }]);
    expect(verifyCompliance(noApprove, { at: AT }).violations).toEqual([]);
    // A user added before the others in key order, then one removed: numbered again.
    const more = applyChanges(model, [
      { op: 'add', kind: 'user', value: { id: 'Abe', name: 'Abe' } },
      { op: 'assign', assignment: { user: 'abe', role: 'Approver', scope: 'all', source: 'manual' } },
      { op: 'assign', assignment: { user: 'abe', role: 'Payer', scope: 'all', source: 'manual' } },
    ]);
    expect(verifyCompliance(more, { at: AT }).violations.map((v) => v.user)).toEqual(['Abe', 'Ann', 'bob']);
    const fewer = applyChanges(more, [
      { op: 'unassign', user: 'ann', role: 'Payer' },
      { op: 'unassign', user: 'ann', role: 'Approver' },
      { op: 'remove', kind: 'user', id: 'ann' },
    ]);
    expect(verifyCompliance(fewer, { at: AT }).violations.map((v) => v.user)).toEqual(['Abe', 'bob']);
  });

  it('skips assignments of users a hand-made model lacks, without keeping anything read with them', () => {
    const model = payersAndApprovers('by user');
    const ghost: Assignment[] = ['Payer', 'Approver'].map((role) => ({ user: 'ghost', role, scope: 'all', source: 'manual' }));
    const entries = [...model.assignments, ...ghost.map((a) => [`ghost\u0000${a.role.toLowerCase()}`, a] as const)];
    for (const assignments of [new Map(entries), PersistentMap.from(entries)]) {
      const haunted = { ...model, assignments };
      // Twice: the second pass must not take the ghost's number from what the first read.
      for (let i = 0; i < 2; i++) {
        expect(verifyCompliance(haunted, { at: AT }).violations.map((v) => v.user)).toEqual(['Ann', 'bob']);
        expect(assignmentsByUser(haunted).get('ghost')?.map((a) => a.role)).toEqual(['Payer', 'Approver']);
      }
    }
    expect(verifyCompliance(model, { at: AT }).violations.map((v) => v.user)).toEqual(['Ann', 'bob']);
  });

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

  it('finds the same hits, roles in the same order, for up to 31 assignments (compared by bit) as for more (compared by duty)', () => {
    // Four duties, rules between them, roles bringing one or two, and organizations in a tree.
    const duties = ['D0', 'D1', 'D2', 'D3'];
    const model = createModel({
      entryPoints: [{ kind: 'menu-item-display', name: 'Ledger' }],
      privileges: [{ id: 'P', name: 'P', grants: [{ entryPoint: 'menu-item-display:Ledger', read: 'allow' }] }],
      duties: [...duties, 'Other'].map((id) => ({ id, name: id, privileges: ['P'] })),
      roles: [
        ...duties.map((d) => ({ id: `R${d}`, name: d, duties: [d] })),
        { id: 'R01', name: 'D0 and D1', duties: ['D0', 'D1'] },
        { id: 'R23', name: 'D2 and D3', duties: ['D2', 'D3'] },
        { id: 'Filler', name: 'No rule', duties: ['Other'] },
      ],
      organizations: [{ id: 'West', name: 'West' }, { id: 'Coast', name: 'Coast', parent: 'West' }, { id: 'Bay', name: 'Bay', parent: 'Coast' }, { id: 'East', name: 'East' }],
      users: [{ id: 'ann', name: 'Ann' }],
      sodRules: [
        { id: 'S1', name: 'S1', firstDuty: 'D0', secondDuty: 'D1', severity: 'high' },
        { id: 'S2', name: 'S2', firstDuty: 'D1', secondDuty: 'D2', severity: 'low' },
        { id: 'S3', name: 'S3', firstDuty: 'D3', secondDuty: 'D0', severity: 'medium' },
      ],
    });
    const context = compileSodContext(model);
    const roles = ['RD0', 'RD1', 'RD2', 'RD3', 'R01', 'R23'];
    const organizations = ['West', 'Coast', 'Bay', 'East'];
    const scope = fc.oneof(
      fc.constant<Scope>('all'),
      fc.uniqueArray(fc.record({ id: fc.constantFrom(...organizations), includeChildren: fc.boolean() }), { selector: (o) => o.id, minLength: 1, maxLength: 3 }).map((o): Scope => ({ organizations: o })),
    );
    const assignment = fc.record({ role: fc.constantFrom(...roles), scope }).map(({ role, scope }): Assignment => ({ user: 'ann', role, scope, source: 'manual' }));
    const filler: Assignment[] = Array.from({ length: 32 }, () => ({ user: 'ann', role: 'Filler', scope: 'all', source: 'manual' }));
    fc.assert(
      fc.property(fc.array(assignment, { maxLength: 31 }), (own) => {
        expect(ruleHits(context, [...own, ...filler])).toEqual(ruleHits(context, own));
      }),
      { numRuns: 500 },
    );
  });

  it('finds every assignment of users whose assignments run on from one chunk of the map into the next, or lie apart', () => {
    // 40 users with 5 to 9 roles each: about 280 assignments, several chunks of at most 64, so
    // some users' runs cross a chunk's end. Then more assignments, which go last: runs apart.
    const duties = Array.from({ length: 10 }, (_, i) => `D${i}`);
    const users = Array.from({ length: 40 }, (_, i) => `user${i}`);
    const model = createModel({
      entryPoints: [{ kind: 'menu-item-display', name: 'Ledger' }],
      privileges: [{ id: 'P', name: 'P', grants: [{ entryPoint: 'menu-item-display:Ledger', read: 'allow' }] }],
      duties: duties.map((id) => ({ id, name: id, privileges: ['P'] })),
      roles: duties.map((d, i) => ({ id: `R${i}`, name: d, duties: [d] })),
      users: users.map((id) => ({ id, name: id })),
      sodRules: duties.slice(1).map((d, i) => ({ id: `S${i}`, name: `S${i}`, firstDuty: duties[i]!, secondDuty: d, severity: 'high' as const })),
      assignments: users.flatMap((user, u) => Array.from({ length: 5 + (u % 5) }, (_, k) => ({ user, role: `R${(u + 3 * k) % 10}`, scope: 'all' as const, source: 'manual' as const }))),
    });
    const later = applyChanges(model, users.filter((_, u) => u % 3 === 0).map((user, u) => ({ op: 'assign' as const, assignment: { user, role: `R${(u * 7 + 1) % 10}`, scope: 'all' as const, source: 'manual' as const } })));
    for (const m of [model, later]) {
      // The same model with its assignments in one plain map: read in one part, nothing crosses.
      const plain = { ...m, assignments: new Map(m.assignments) };
      expect(verifyCompliance(m, { at: AT })).toEqual(verifyCompliance(plain, { at: AT }));
      expect([...assignmentsByUser(m)]).toEqual([...assignmentsByUser(plain)]);
      expect([...assignmentsByUser(m).values()].reduce((n, own) => n + own.length, 0)).toBe(m.assignments.size);
    }
    expect(verifyCompliance(later, { at: AT }).violations.length).toBeGreaterThan(verifyCompliance(model, { at: AT }).violations.length);
  });
});
