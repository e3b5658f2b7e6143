import { describe, expect, it } from 'vitest';
import { applyChanges } from '../model/apply.js';
import type { Change } from '../model/changes.js';
import type { Assignment } from '../model/schemas.js';
import { createModel, modelToData } from '../model/index.js';
import { SodMonitor } from './monitor.js';
import { verifyCompliance } from './compliance.js';
import { errorCode } from '../../tests/support/errors.js';

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
    expect(monitor.restarts).toBe(0);
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

  it('re-checks a user who holds a changed role only through a session (effective assignments)', () => {
    let m = applyChanges(model(), [{ op: 'assign', assignment: { user: 'ann', role: 'Payer', scope: 'all', source: 'manual' } }]);
    m = applyChanges(m, [{ op: 'add', kind: 'role', value: { id: 'Temp', name: 'Temp', duties: [], privileges: [], subRoles: [] } }]);
    const session: Assignment = { user: 'ann', role: 'Temp', scope: 'all', source: 'manual' };
    const effective = (key: string) => (key === 'ann' ? [...m.assignments.values(), session].filter((a) => a.user === 'ann') : undefined);
    const monitor = new SodMonitor(m, effective);
    expect(monitor.scan(AT).violations).toEqual([]);
    // Temp now brings Approve: Ann breaks R through her session, though she held Temp before without a hit.
    const change: Change = { op: 'update', kind: 'role', id: 'TEMP', patch: { duties: ['Approve'] } };
    m = applyChanges(m, [change]);
    monitor.update(m, [change]);
    expect(monitor.hitsOf('ann').map((h) => [h.rule, h.firstRoles, h.secondRoles])).toEqual([['R', ['Payer'], ['Temp']]]);
    expect(monitor.scan(AT)).toEqual(verifyCompliance(m, { at: AT, assignmentsOf: effective }));
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

  it('keeps every user\'s own assignments through runs that grow, shrink, move and are packed, and users removed and added again', () => {
    const ROLES = 40;
    let m = createModel({
      entryPoints: [{ kind: 'menu-item-display', name: 'Ledger' }],
      privileges: [{ id: 'P', name: 'P', grants: [{ entryPoint: 'menu-item-display:Ledger', read: 'allow' }] }],
      duties: Array.from({ length: ROLES }, (_, i) => ({ id: `D${i}`, name: `D${i}`, privileges: ['P'] })),
      roles: Array.from({ length: ROLES }, (_, i) => ({ id: `Role${i}`, name: `Role ${i}`, duties: [`D${i}`] })),
      organizations: [{ id: 'West', name: 'West' }, { id: 'East', name: 'East' }],
      users: Array.from({ length: 30 }, (_, i) => ({ id: `u${i}`, name: `User ${i}` })),
      sodRules: Array.from({ length: 25 }, (_, i) => ({ id: `R${i}`, name: `R${i}`, firstDuty: `D${i}`, secondDuty: `D${(i * 7 + 3) % ROLES}`, severity: 'high' as const })),
    });
    const monitor = new SodMonitor(m);
    const inside = monitor as unknown as { pack(): void; slabWaste: number };
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) >> 8) % n;
    const ownOf = (model: typeof m, key: string) => [...model.assignments.values()].filter((a) => a.user.toLowerCase() === key);
    let packed = 0;
    for (let step = 0; step < 3_000; step++) {
      const users = [...m.users.values()];
      const user = users[next(users.length)]!;
      const key = user.id.toLowerCase();
      let changes: Change[];
      if (step % 250 === 249) {
        // Remove a user with all their assignments, and add them back (a new number in the monitor).
        changes = [...ownOf(m, key).map((a): Change => ({ op: 'unassign', user: a.user, role: a.role })), { op: 'remove', kind: 'user', id: user.id }];
        m = applyChanges(m, changes);
        monitor.update(m, changes);
        expect(monitor.hitsOf(key)).toEqual([]);
        changes = [{ op: 'add', kind: 'user', value: user }];
      } else {
        const role = `role${next(ROLES)}`;
        const scope = next(4) === 0 ? { organizations: [{ id: next(2) ? 'West' : 'East', includeChildren: false }] } : ('all' as const);
        // Mostly assignments, so runs grow past their room and move.
        changes = [next(3) === 0 && m.assignments.has(`${key}\u0000${role}`) ? { op: 'unassign', user: user.id, role } : { op: 'assign', assignment: { user: user.id, role, scope, source: 'manual' } }];
      }
      m = applyChanges(m, changes);
      monitor.update(m, changes);
      expect(monitor.ownAssignmentsOf(key)).toEqual(ownOf(m, key));
      if (step % 97 === 0) {
        if (inside.slabWaste > 0) packed++;
        inside.pack();
        expect(inside.slabWaste).toBe(0);
      }
      if (step % 301 === 0) expect(monitor.scan(AT)).toEqual(verifyCompliance(m, { at: AT }));
    }
    expect(packed).toBeGreaterThan(5);
    for (const key of m.users.keys()) expect(monitor.ownAssignmentsOf(key)).toEqual(ownOf(m, key));
    expect(monitor.scan(AT)).toEqual(verifyCompliance(m, { at: AT }));
    expect(monitor.restarts).toBe(0);
  });
});

describe('SodMonitor with hostile input', () => {
  const assignAnn = (role: string): Change => ({ op: 'assign', assignment: { user: 'ann', role, scope: 'all', source: 'manual' } });


  it('refuses what is not a model, a bad instant, bad keys and malformed changes with typed errors, unchanged', () => {
    for (const bad of [null, undefined, {}, 42, 'model', { ...model(), roles: [] }, modelToData(model())]) {
      expect(errorCode(() => new SodMonitor(bad as never))).toBe('VALIDATION_FAILED');
    }
    expect(errorCode(() => new SodMonitor(model(), 'sessions' as never))).toBe('VALIDATION_FAILED');
    const m = applyChanges(model(), [assignAnn('Payer'), assignAnn('Approver')]);
    const monitor = new SodMonitor(m);
    const before = monitor.scan(AT);
    for (const at of ['', 'soon', 42, null, undefined, 'x'.repeat(100_000)]) expect(errorCode(() => monitor.scan(at as string))).toBe('VALIDATION_FAILED');
    for (const key of [42, null, undefined, {}, ['ann']]) {
      expect(errorCode(() => monitor.hitsOf(key as string))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => monitor.refreshUser(key as string))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => monitor.assignmentsOf(key as string))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => monitor.ownAssignmentsOf(key as string))).toBe('VALIDATION_FAILED');
    }
    const hostile: unknown[] = [
      null,
      42,
      'assign',
      [null],
      [{ op: 'assign' }],
      [{ op: 'assign', assignment: { user: 42, role: 'Payer' } }],
      [{ op: 'assign', assignment: { user: 'ann', role: 'Payer', scope: 42 } }],
      [{ op: 'assign', assignment: { user: 'ann', role: 'x'.repeat(1_000_000) } }],
      [{ op: 'unassign', user: 'ann\u0000', role: 'Payer' }],
      [{ op: 'explode' }],
    ];
    for (const changes of hostile) expect(errorCode(() => monitor.update(m, changes as never))).toBe('VALIDATION_FAILED');
    for (const next of [null, {}, modelToData(m)]) expect(errorCode(() => monitor.update(next as never, []))).toBe('VALIDATION_FAILED');
    expect(monitor.model).toBe(m);
    expect(monitor.scan(AT)).toEqual(before);
    expect(monitor.restarts).toBe(0);
  });

  it('starts over from the model when the changes do not lead to it, and then answers like a full scan', () => {
    const m0 = model();
    const m1 = applyChanges(m0, [assignAnn('Payer'), assignAnn('Approver')]);
    const cases: { changes: Change[]; next: typeof m1 }[] = [
      // A user and a role the next model lacks.
      { changes: [{ op: 'assign', assignment: { user: 'zoe', role: 'Payer', scope: 'all', source: 'manual' } }], next: m1 },
      { changes: [assignAnn('Ghost')], next: m1 },
      // Well-formed changes that lead elsewhere: one of two assignments, none at all.
      { changes: [assignAnn('Payer')], next: m1 },
      { changes: [], next: m1 },
      // Unassignments the next model does not reflect, once and many times over.
      { changes: [{ op: 'unassign', user: 'ann', role: 'Payer' }], next: m1 },
      { changes: Array.from({ length: 10_000 }, (): Change => ({ op: 'unassign', user: 'ann', role: 'Payer' })), next: m1 },
    ];
    for (const { changes, next } of cases) {
      const monitor = new SodMonitor(m0);
      monitor.scan(AT);
      monitor.update(next, changes);
      expect(monitor.restarts).toBe(1);
      expect(monitor.model).toBe(next);
      expect(monitor.scan(AT)).toEqual(verifyCompliance(next, { at: AT }));
      expect(monitor.hitsOf('ann').map((h) => h.rule)).toEqual(['R']);
    }
  });
});
