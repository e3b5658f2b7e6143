import { describe, expect, it } from 'vitest';
import { applyChanges, compareModels, comparisonChanges, type ChangeInput } from '../../src/index.js';
import { expectSecGovError } from '../model/helpers.js';
import { FORM, PAY, POST, fixtureModel } from './fixtures.js';

const base = fixtureModel();
const edit = (changes: ChangeInput[]) => applyChanges(base, changes);

describe('comparisonChanges', () => {
  it('is empty for equal models', () => {
    expect(comparisonChanges(base, base)).toEqual([]);
    expect(comparisonChanges(base, edit([]))).toEqual([]);
  });

  it('writes few grant changes as setGrant and removeGrant', () => {
    const b = edit([
      { op: 'setGrant', privilege: 'LedgerJournalMaintain', grant: { entryPoint: FORM, read: 'deny' } },
      { op: 'removeGrant', privilege: 'LedgerJournalMaintain', entryPoint: POST },
    ]);
    const changes = comparisonChanges(base, b);
    expect(changes).toEqual([
      { op: 'setGrant', privilege: 'LedgerJournalMaintain', grant: { entryPoint: FORM, read: 'deny', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' } },
      { op: 'removeGrant', privilege: 'LedgerJournalMaintain', entryPoint: POST },
    ]);
    expect(compareModels(applyChanges(base, changes), b).identical).toBe(true);
  });

  it('removes referring objects before referred ones and adds referred ones first', () => {
    const b = edit([
      { op: 'unassign', user: 'bob', role: 'Clerk' },
      { op: 'update', kind: 'role', id: 'Accountant', patch: { subRoles: [] } },
      { op: 'remove', kind: 'sodRule', id: 'SOD-1' },
      { op: 'remove', kind: 'role', id: 'Clerk' },
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'VendTrans' } },
      { op: 'add', kind: 'privilege', value: { id: 'VendTransView', name: 'View', grants: [{ entryPoint: 'table:VendTrans', read: 'allow' }] } },
      { op: 'add', kind: 'role', value: { id: 'Auditor', name: 'Auditor', privileges: ['VendTransView'] } },
      { op: 'assign', assignment: { user: 'bob', role: 'Auditor' } },
    ]);
    const changes = comparisonChanges(base, b);
    expect(changes.map((c) => `${c.op} ${'kind' in c ? c.kind : ''}`.trim())).toEqual([
      'remove sodRule', 'unassign', 'remove role', 'add entryPoint', 'add privilege', 'add role', 'update role', 'assign',
    ]);
    expect(compareModels(applyChanges(base, changes), b).identical).toBe(true);
  });

  it('clears optional fields with null and keeps other parts untouched', () => {
    const b = edit([
      { op: 'update', kind: 'process', id: 'PurchaseOrders', patch: { parent: null, description: 'x' } },
      { op: 'update', kind: 'user', id: 'alice', patch: { name: 'Alice B' } },
      { op: 'setParameters', patch: { fourEyesApproval: true } },
    ]);
    const changes = comparisonChanges(base, b, ['governance']);
    expect(changes).toEqual([
      { op: 'update', kind: 'process', id: 'PurchaseOrders', patch: { parent: null, description: 'x' } },
      { op: 'setParameters', patch: { fourEyesApproval: true } },
    ]);
    const result = applyChanges(base, changes);
    expect(compareModels(result, b, { parts: ['governance'] }).identical).toBe(true);
    expect(compareModels(result, base, { parts: ['assignments'] }).identical).toBe(true);
  });

  it('raises and resolves conflicts, and refuses what no change record can do', () => {
    const raised = edit([{ op: 'raiseConflict', conflict: { id: 'C1', user: 'bob', role: 'Accountant', scope: 'all', source: 'manual', rules: [{ rule: 'SOD-1', firstDuty: 'MaintainJournals', secondDuty: 'SettlePayments', firstRoles: ['Accountant'], secondRoles: ['Clerk'], organizations: 'all' }], raisedAt: '2025-01-01T00:00:00.000Z' } }]);
    expect(comparisonChanges(base, raised).map((c) => c.op)).toEqual(['raiseConflict']);
    const denied = applyChanges(raised, [{ op: 'resolveConflict', id: 'C1', status: 'denied', resolvedBy: 'admin', resolvedAt: '2025-01-02T00:00:00.000Z' }]);
    const resolve = comparisonChanges(raised, denied);
    expect(resolve).toMatchObject([{ op: 'resolveConflict', id: 'C1', status: 'denied' }]);
    expect(compareModels(applyChanges(raised, resolve), denied).identical).toBe(true);
    expectSecGovError(() => comparisonChanges(raised, base), 'VALIDATION_FAILED');
    expectSecGovError(() => comparisonChanges(denied, raised), 'VALIDATION_FAILED');
    // Parts without conflicts are fine.
    expect(comparisonChanges(raised, base, ['configuration', 'governance'])).toEqual([]);
  });

  it('replaces the licence catalogue when it differs', () => {
    const catalogue = { licenses: [...base.licenses.licenses, { id: 'plus', name: 'Plus', covers: ['operations'] }] };
    const b = edit([{ op: 'setLicenseCatalogue', catalogue }]);
    expect(comparisonChanges(base, b)).toEqual([{ op: 'setLicenseCatalogue', catalogue: b.licenses }]);
    // Only the order differs: no difference, no change.
    const reordered = edit([{ op: 'setLicenseCatalogue', catalogue: { licenses: [...base.licenses.licenses].reverse() } }]);
    expect(comparisonChanges(base, reordered)).toEqual([]);
  });

  it('updates users, assignments and exclusions', () => {
    const b = edit([
      { op: 'update', kind: 'user', id: 'bob', patch: { attributes: { department: 'Finance', level: '2' }, lastSignIn: '2025-03-01T00:00:00.000Z' } },
      { op: 'assign', assignment: { user: 'bob', role: 'Clerk', scope: { organizations: [{ id: 'USMF-East' }] }, source: 'automatic' } },
      { op: 'exclude', exclusion: { user: 'alice', role: 'Buyer', reason: null } },
      { op: 'include', user: 'alice', role: 'Buyer' },
      { op: 'exclude', exclusion: { user: 'bob', role: 'Buyer', reason: 'moved' } },
    ]);
    const changes = comparisonChanges(base, b, ['assignments']);
    expect(changes.map((c) => c.op)).toEqual(['include', 'update', 'assign', 'exclude']);
    expect(compareModels(applyChanges(base, changes), b).identical).toBe(true);
    const c = compareModels(base, b);
    expect(c.entries.find((e) => e.kind === 'user')!.changes).toEqual([
      { type: 'value', field: 'lastSignIn', from: null, to: '2025-03-01T00:00:00.000Z' },
      { type: 'attribute', field: 'attributes', key: 'department', from: 'Purchasing', to: 'Finance' },
      { type: 'attribute', field: 'attributes', key: 'level', from: undefined, to: '2' },
    ]);
    expect(c.entries.find((e) => e.kind === 'assignment')!.changes).toEqual([
      { type: 'value', field: 'scope', from: 'all', to: { organizations: [{ id: 'USMF-East', includeChildren: false }] } },
      { type: 'value', field: 'source', from: 'manual', to: 'automatic' },
    ]);
    void PAY;
  });
});
