import { describe, expect, it } from 'vitest';
import { applyChanges, compareModels, restoreChanges, type ChangeInput } from '../../src/index.js';
import { PURCH, fixtureModel } from './fixtures.js';

const version = fixtureModel();
const changed = (changes: ChangeInput[]) => applyChanges(version, changes);

describe('restoreChanges', () => {
  it('brings configuration back exactly and leaves governance and assignments alone', () => {
    const current = changed([
      { op: 'update', kind: 'role', id: 'Accountant', patch: { duties: [], name: 'Acc' } },
      { op: 'removeGrant', privilege: 'PurchView', entryPoint: PURCH },
      { op: 'add', kind: 'duty', value: { id: 'Extra', name: 'Extra' } },
      { op: 'update', kind: 'sodRule', id: 'SOD-1', patch: { severity: 'low' } },
      { op: 'update', kind: 'user', id: 'bob', patch: { enabled: true } },
    ]);
    const plan = restoreChanges(current, version, { parts: 'configuration' });
    expect(plan.kept).toEqual([]);
    const restored = applyChanges(current, plan.changes);
    expect(compareModels(version, restored, { parts: ['configuration'] }).identical).toBe(true);
    expect(compareModels(current, restored, { parts: ['governance', 'assignments'] }).identical).toBe(true);
  });

  it('keeps objects added since the version when removeCustomizations is false', () => {
    const current = changed([
      { op: 'add', kind: 'duty', value: { id: 'Extra', name: 'Extra' } },
      { op: 'add', kind: 'task', value: { id: 'T2', name: 'T2', process: 'Purchasing' } },
      { op: 'update', kind: 'duty', id: 'SettlePayments', patch: { name: 'changed' } },
    ]);
    const plan = restoreChanges(current, version, { parts: 'both', removeCustomizations: false });
    const restored = applyChanges(current, plan.changes);
    expect(restored.duties.has('extra')).toBe(true);
    expect(restored.tasks.has('t2')).toBe(true);
    expect(restored.duties.get('settlepayments')!.name).toBe('Settle payments');
    const removing = applyChanges(current, restoreChanges(current, version, { parts: 'both' }).changes);
    expect(compareModels(version, removing).identical).toBe(true);
  });

  it('keeps a role that users are still assigned to, with what it refers to, and reports it', () => {
    const current = changed([
      { op: 'add', kind: 'privilege', value: { id: 'NewPriv', name: 'New' } },
      { op: 'add', kind: 'role', value: { id: 'NewRole', name: 'New role', privileges: ['NewPriv'] } },
      { op: 'assign', assignment: { user: 'bob', role: 'NewRole' } },
    ]);
    const plan = restoreChanges(current, version, { parts: 'configuration' });
    expect(plan.kept.map((k) => [k.kind, k.id, k.reason, k.references])).toEqual([
      ['role', 'NewRole', 'kept', [{ kind: 'assignment', id: 'NewRole@bob' }]],
      ['privilege', 'NewPriv', 'kept', [{ kind: 'role', id: 'NewRole' }]],
    ]);
    expect(plan.kept[0]!.message).toContain('NewRole');
    const restored = applyChanges(current, plan.changes);
    expect(restored.roles.has('newrole')).toBe(true);
  });

  it('keeps a role that an exclusion or an unresolved conflict names, and reports it', () => {
    const current = changed([
      { op: 'add', kind: 'role', value: { id: 'NewRole', name: 'New role' } },
      { op: 'add', kind: 'role', value: { id: 'Disputed', name: 'Disputed role' } },
      { op: 'exclude', exclusion: { user: 'bob', role: 'NewRole', reason: 'denied' } },
      { op: 'raiseConflict', conflict: { id: 'C-1', user: 'bob', role: 'Disputed', scope: 'all', source: 'manual', rules: [{ rule: 'SOD-1', firstDuty: 'a', secondDuty: 'b', firstRoles: [], secondRoles: [], organizations: 'all' }], raisedAt: '2026-01-01T00:00:00Z' } },
    ]);
    const plan = restoreChanges(current, version, { parts: 'configuration' });
    expect(plan.kept.map((k) => [k.kind, k.id, k.reason, k.references])).toEqual([
      ['role', 'Disputed', 'kept', [{ kind: 'conflict', id: 'C-1' }]],
      ['role', 'NewRole', 'kept', [{ kind: 'exclusion', id: 'NewRole@bob' }]],
    ]);
    const restored = applyChanges(current, plan.changes);
    expect(restored.roles.has('newrole') && restored.roles.has('disputed')).toBe(true);
  });

  it('keeps duties named by current SoD rules and entry points listed by current tasks', () => {
    const current = changed([
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'VendTrans' } },
      { op: 'add', kind: 'duty', value: { id: 'Approve', name: 'Approve' } },
      { op: 'add', kind: 'sodRule', value: { id: 'SOD-2', name: 'r', firstDuty: 'Approve', secondDuty: 'SettlePayments' } },
      { op: 'update', kind: 'task', id: 'ReviewPO', patch: { entryPoints: [{ entryPoint: 'table:VendTrans', read: 'allow' }] } },
    ]);
    const plan = restoreChanges(current, version, { parts: 'configuration' });
    expect(plan.kept.map((k) => `${k.kind} ${k.id}`).sort()).toEqual(['duty Approve', 'entryPoint table:VendTrans']);
    applyChanges(current, plan.changes);
  });

  it('leaves governance records whose configuration is gone as they are, and reports them', () => {
    const current = changed([
      { op: 'update', kind: 'task', id: 'ReviewPO', patch: { entryPoints: [] } },
      { op: 'update', kind: 'privilege', id: 'PurchView', patch: { grants: [] } },
      { op: 'remove', kind: 'entryPoint', id: PURCH },
      { op: 'remove', kind: 'assignmentRule', id: 'buyers' },
      { op: 'update', kind: 'role', id: 'Buyer', patch: { duties: [] } },
      { op: 'remove', kind: 'sodRule', id: 'SOD-1' },
      { op: 'update', kind: 'role', id: 'Accountant', patch: { duties: [] } },
      { op: 'remove', kind: 'duty', id: 'MaintainJournals' },
      { op: 'update', kind: 'securityCategory', id: 'P2P', patch: { name: 'P2P!' } },
    ]);
    const plan = restoreChanges(current, version, { parts: 'governance' });
    expect(plan.kept.map((k) => [k.kind, k.id, k.reason, k.references.map((r) => r.id)])).toEqual([
      ['task', 'ReviewPO', 'not-restored', [PURCH]],
      ['sodRule', 'SOD-1', 'not-restored', ['MaintainJournals']],
    ]);
    const restored = applyChanges(current, plan.changes);
    expect(restored.securityCategories.get('p2p')!.name).toBe('Procure to pay');
    expect(restored.assignmentRules.has('buyers')).toBe(true);
    expect(restored.sodRules.has('sod-1')).toBe(false);
    expect(restored.tasks.get('reviewpo')!.entryPoints).toEqual([]);
  });

  it('keeps the current administrator role when the version names one that is gone', () => {
    const v = changed([{ op: 'setParameters', patch: { administratorRole: 'Buyer', fourEyesApproval: true } }]);
    const current = applyChanges(v, [
      { op: 'setParameters', patch: { administratorRole: '-SYSADMIN-', fourEyesApproval: false } },
      { op: 'remove', kind: 'assignmentRule', id: 'buyers' },
      { op: 'include', user: 'alice', role: 'Buyer' }, // an exclusion holds its role too
      { op: 'remove', kind: 'role', id: 'Buyer' },
    ]);
    const plan = restoreChanges(current, v, { parts: 'governance' });
    expect(plan.kept.map((k) => [k.kind, k.reason])).toEqual([['parameters', 'not-restored'], ['assignmentRule', 'not-restored']]);
    const restored = applyChanges(current, plan.changes);
    expect(restored.parameters).toMatchObject({ administratorRole: '-SYSADMIN-', fourEyesApproval: true });
  });

  it('changes nothing when the parts already match', () => {
    expect(restoreChanges(version, version, { parts: 'both' })).toEqual({ changes: [], kept: [] });
  });
});
