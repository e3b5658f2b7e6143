import { describe, expect, it } from 'vitest';
import { applyChanges } from '../model/apply.js';
import type { Change } from '../model/changes.js';
import { createModel } from '../model/index.js';
import { SodMonitor } from './monitor.js';
import { verifyCompliance } from './compliance.js';

const AT = '2026-01-01T00:00:00.000Z';

function model() {
  return createModel({
    entryPoints: [{ kind: 'menu-item-display', name: 'Ledger' }, { kind: 'menu-item-action', name: 'Pay' }],
    privileges: [
      { id: 'LedgerMaintain', name: 'Maintain ledger', grants: [{ entryPoint: 'menu-item-display:Ledger', read: 'allow' }] },
      { id: 'PayPost', name: 'Post payments', grants: [{ entryPoint: 'menu-item-action:Pay', invoke: 'allow' }] },
    ],
    duties: [{ id: 'Pay', name: 'Pay', privileges: ['PayPost'] }, { id: 'Approve', name: 'Approve', privileges: ['LedgerMaintain'] }],
    roles: [{ id: 'Payer', name: 'Payer', duties: ['Pay'] }, { id: 'Approver', name: 'Approver', duties: ['Approve'] }],
    users: [{ id: 'ann', name: 'Ann' }, { id: 'bob', name: 'Bob' }],
    sodRules: [{ id: 'R', name: 'Pay/Approve', firstDuty: 'Pay', secondDuty: 'Approve', severity: 'high' }],
  });
}

describe('SodMonitor', () => {
  it('answers single users after each assignment without growing, and still equals a full scan', () => {
    let m = model();
    const monitor = new SodMonitor(m);
    expect(monitor.pending).toBe(2);
    for (let i = 0; i < 3_000; i++) {
      const user = i % 3 === 0 ? 'BOB' : 'ann';
      const role = i % 2 === 0 ? 'Payer' : 'APPROVER';
      const change: Change = i % 4 < 2 ? { op: 'assign', assignment: { user, role, scope: 'all', source: 'manual' } } : { op: 'unassign', user, role };
      if (change.op === 'unassign' && !m.assignments.has(`${user.toLowerCase()}\u0000${role.toLowerCase()}`)) continue;
      m = applyChanges(m, [change]);
      monitor.update(m, [change]);
      monitor.hitsOf(user.toLowerCase());
    }
    // Keys of answered users are dropped now and then instead of piling up until a scan.
    expect((monitor as unknown as { queue: string[] }).queue.length).toBeLessThan(2 * 2 + 1024 + 1);
    expect(monitor.scan(AT)).toEqual(verifyCompliance(m, { at: AT }));
    expect(monitor.pending).toBe(0);
  });

  it('reports a conflict on the second assignment and forgets it on unassignment', () => {
    let m = model();
    const monitor = new SodMonitor(m);
    const changes: Change[] = [
      { op: 'assign', assignment: { user: 'ann', role: 'Payer', scope: 'all', source: 'manual' } },
      { op: 'assign', assignment: { user: 'Ann', role: 'approver', scope: 'all', source: 'manual' } },
    ];
    m = applyChanges(m, [changes[0]!]);
    monitor.update(m, [changes[0]!]);
    expect(monitor.hitsOf('ann')).toEqual([]);
    m = applyChanges(m, [changes[1]!]);
    monitor.update(m, [changes[1]!]);
    expect(monitor.hitsOf('ann').map((h) => [h.rule, h.firstRoles, h.secondRoles])).toEqual([['R', ['Payer'], ['approver']]]);
    const unassign: Change = { op: 'unassign', user: 'ANN', role: 'PAYER' };
    m = applyChanges(m, [unassign]);
    monitor.update(m, [unassign]);
    expect(monitor.hitsOf('ann')).toEqual([]);
    expect(monitor.ownAssignmentsOf('ann').map((a) => a.role)).toEqual(['approver']);
  });

  it('numbers a role by any spelling, and odd spellings do not make it grow without end', () => {
    let m = model();
    const monitor = new SodMonitor(m);
    for (let i = 0; i < 3_000; i++) {
      // Every spelling of "payer" and "approver" from their letters' cases, over and over.
      const spell = (id: string) => [...id].map((ch, k) => ((i >> k) & 1 ? ch.toUpperCase() : ch)).join('');
      const change: Change = { op: 'assign', assignment: { user: 'ann', role: spell(i % 2 ? 'payer' : 'approver'), scope: 'all', source: 'manual' } };
      m = applyChanges(m, [change]);
      monitor.update(m, [change]);
    }
    expect(monitor.ownAssignmentsOf('ann')).toHaveLength(2);
    expect(monitor.hitsOf('ann').map((h) => h.rule)).toEqual(['R']);
    // Past the bound, spellings are lower-cased each time instead of kept.
    const inside = monitor as unknown as { roleNumbers: Map<string, number>; roleNumberOf(role: string): number };
    const long = 'approver'.repeat(2);
    for (let i = 0; i < 5_000; i++) expect(inside.roleNumberOf([...long].map((ch, k) => ((i >> k) & 1 ? ch.toUpperCase() : ch)).join(''))).toBe(inside.roleNumberOf(long));
    expect(inside.roleNumbers.size).toBeLessThanOrEqual(4 * 3 + 1024 + 1);
    expect(monitor.scan(AT)).toEqual(verifyCompliance(m, { at: AT }));
  });
});
