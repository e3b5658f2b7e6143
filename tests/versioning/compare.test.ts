import { describe, expect, it } from 'vitest';
import { applyChanges, compareModels, createModel, modelToData, renderComparison, type ChangeInput, type ModelDataInput } from '../../src/index.js';
import { FORM, PAY, POST, PURCH, fixtureModel } from './fixtures.js';

const base = fixtureModel();
const edit = (changes: ChangeInput[]) => applyChanges(base, changes);
const only = (changes: ChangeInput[]) => {
  const c = compareModels(base, edit(changes));
  return c.entries;
};

describe('compareModels: identical models', () => {
  it('finds no difference between a model and itself, or its rebuilt copy', () => {
    expect(compareModels(base, base).identical).toBe(true);
    const copy = createModel(JSON.parse(JSON.stringify(modelToData(base))) as ModelDataInput);
    const c = compareModels(base, copy);
    expect(c.entries).toEqual([]);
    expect(c.identical).toBe(true);
    expect(c.summary.role).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 4 });
  });

  it("lists every record as unchanged with detail 'all'", () => {
    const c = compareModels(base, base, { detail: 'all' });
    expect(c.identical).toBe(true);
    expect(c.entries.filter((e) => e.kind === 'role').map((e) => e.id)).toEqual(['-SYSADMIN-', 'Accountant', 'Buyer', 'Clerk']);
    expect(c.entries.every((e) => e.status === 'unchanged' && e.changes.length === 0)).toBe(true);
    expect(c.entries.some((e) => e.kind === 'parameters')).toBe(true);
  });
});

describe('compareModels: roles, duties and privileges', () => {
  it('names the duties, privileges and sub-roles added and removed', () => {
    const [entry, ...rest] = only([{ op: 'update', kind: 'role', id: 'accountant', patch: { duties: ['MaintainJournals', 'ReviewPurchases'], privileges: [], subRoles: ['Clerk', 'Buyer'] } }]);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ kind: 'role', id: 'Accountant', status: 'changed' });
    expect(entry!.changes).toEqual([
      { type: 'member', field: 'duties', change: 'added', id: 'ReviewPurchases' },
      { type: 'member', field: 'privileges', change: 'removed', id: 'LedgerJournalView' },
      { type: 'member', field: 'subRoles', change: 'added', id: 'Buyer' },
    ]);
  });

  it('ignores the order and spelling of members', () => {
    expect(only([{ op: 'update', kind: 'role', id: 'Accountant', patch: { subRoles: ['CLERK'], duties: ['maintainjournals'] } }])).toEqual([]);
  });

  it('gives privilege grants per entry point and right', () => {
    const entries = only([
      { op: 'setGrant', privilege: 'LedgerJournalMaintain', grant: { entryPoint: FORM, read: 'allow', update: 'deny', delete: 'allow' } },
      { op: 'removeGrant', privilege: 'LedgerJournalMaintain', entryPoint: POST },
      { op: 'setGrant', privilege: 'LedgerJournalMaintain', grant: { entryPoint: PAY, invoke: 'allow' } },
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.changes).toEqual([
      { type: 'grant', field: 'grants', entryPoint: FORM, change: 'changed', rights: [{ right: 'update', from: 'allow', to: 'deny' }, { right: 'delete', from: 'unset', to: 'allow' }] },
      { type: 'grant', field: 'grants', entryPoint: PAY, change: 'added', rights: [{ right: 'invoke', from: 'unset', to: 'allow' }] },
      { type: 'grant', field: 'grants', entryPoint: POST, change: 'removed', rights: [{ right: 'invoke', from: 'allow', to: 'unset' }] },
    ]);
  });

  it('gives scalar fields from → to, with absent optional fields as undefined', () => {
    const [entry] = only([{ op: 'update', kind: 'duty', id: 'SettlePayments', patch: { name: 'Settle vendor payments', description: 'AP' } }]);
    expect(entry!.changes).toEqual([
      { type: 'value', field: 'name', from: 'Settle payments', to: 'Settle vendor payments' },
      { type: 'value', field: 'description', from: undefined, to: 'AP' },
    ]);
  });

  it('reports added and removed records with their values', () => {
    const entries = only([
      { op: 'add', kind: 'privilege', value: { id: 'NewPriv', name: 'New' } },
      { op: 'update', kind: 'role', id: 'Buyer', patch: { duties: [] } },
      { op: 'remove', kind: 'assignmentRule', id: 'buyers' },
    ]);
    expect(entries.map((e) => [e.kind, e.id, e.status])).toEqual([
      ['privilege', 'NewPriv', 'added'],
      ['role', 'Buyer', 'changed'],
      ['assignmentRule', 'buyers', 'removed'],
    ]);
    expect(entries[0]!.after).toMatchObject({ id: 'NewPriv' });
    expect(entries[0]!.before).toBeUndefined();
    expect(entries[2]!.after).toBeUndefined();
  });

  it('compares entry point licences and labels', () => {
    const [entry] = only([{ op: 'update', kind: 'entryPoint', id: PURCH, patch: { label: null, viewLicense: 'activity' } }]);
    expect(entry).toMatchObject({ kind: 'entryPoint', id: PURCH });
    expect(entry!.changes).toEqual([
      { type: 'value', field: 'label', from: 'Purchase orders', to: undefined },
      { type: 'value', field: 'viewLicense', from: 'none', to: 'activity' },
    ]);
  });
});

describe('compareModels: governance', () => {
  it('gives SoD rule fields', () => {
    const [entry] = only([{ op: 'update', kind: 'sodRule', id: 'sod-1', patch: { severity: 'critical', secondDuty: 'ReviewPurchases', enabled: false } }]);
    expect(entry!.changes).toEqual([
      { type: 'value', field: 'secondDuty', from: 'SettlePayments', to: 'ReviewPurchases' },
      { type: 'value', field: 'severity', from: 'high', to: 'critical' },
      { type: 'value', field: 'enabled', from: true, to: false },
    ]);
  });

  it('gives task entry points per right', () => {
    const [entry] = only([{ op: 'update', kind: 'task', id: 'ReviewPO', patch: { entryPoints: [{ entryPoint: PURCH, read: 'allow' }, { entryPoint: FORM, read: 'deny' }] } }]);
    expect(entry!.changes).toEqual([
      { type: 'grant', field: 'entryPoints', entryPoint: PURCH, change: 'changed', rights: [{ right: 'delete', from: 'deny', to: 'unset' }] },
      { type: 'grant', field: 'entryPoints', entryPoint: FORM, change: 'added', rights: [{ right: 'read', from: 'unset', to: 'deny' }] },
    ]);
  });

  it('gives assignment rule conditions and scopes, processes and categories', () => {
    const entries = only([
      { op: 'update', kind: 'assignmentRule', id: 'buyers', patch: { condition: { attribute: 'department', in: ['Purchasing', 'Sales'] }, scope: { organizations: [{ id: 'USMF' }] } } },
      { op: 'update', kind: 'process', id: 'PurchaseOrders', patch: { parent: null } },
      { op: 'update', kind: 'securityCategory', id: 'R2R', patch: { description: 'GL' } },
    ]);
    expect(entries.map((e) => [e.kind, e.id])).toEqual([['securityCategory', 'R2R'], ['process', 'PurchaseOrders'], ['assignmentRule', 'buyers']]);
    expect(entries[1]!.changes).toEqual([{ type: 'value', field: 'parent', from: 'Purchasing', to: undefined }]);
    expect(entries[2]!.changes).toEqual([
      { type: 'value', field: 'scope', from: 'all', to: { organizations: [{ id: 'USMF', includeChildren: false }] } },
      { type: 'value', field: 'condition', from: { attribute: 'department', equals: 'Purchasing' }, to: { attribute: 'department', in: ['Purchasing', 'Sales'] } },
    ]);
  });

  it('gives parameters per field and the licence catalogue per licence', () => {
    const entries = only([
      { op: 'setParameters', patch: { checkSimilarity: true, agingPeriods: [10, 20, 30, 40, 50] } },
      { op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'None' }, { id: 'team-members', name: 'Team', covers: ['none'] }, { id: 'activity', name: 'Activity', covers: ['team-members'] }, { id: 'operations', name: 'Operations', covers: ['activity'] }, { id: 'ops-plus', name: 'Ops+', covers: ['operations'] }] } },
    ]);
    expect(entries.map((e) => [e.kind, e.id, e.status])).toEqual([
      ['license', 'ops-plus', 'added'],
      ['license', 'self-serve', 'removed'],
      ['license', 'team-members', 'changed'],
      ['parameters', 'parameters', 'changed'],
    ]);
    expect(entries[2]!.changes).toEqual([
      { type: 'value', field: 'name', from: 'Team Members', to: 'Team' },
      { type: 'member', field: 'covers', change: 'added', id: 'none' },
      { type: 'member', field: 'covers', change: 'removed', id: 'self-serve' },
    ]);
    expect(entries[3]!.changes).toEqual([
      { type: 'value', field: 'checkSimilarity', from: false, to: true },
      { type: 'value', field: 'agingPeriods', from: [30, 60, 90, 180, 365], to: [10, 20, 30, 40, 50] },
    ]);
  });
});

describe('renderComparison', () => {
  it('writes one line per record and one indented line per field change', () => {
    const b = edit([
      { op: 'update', kind: 'role', id: 'Accountant', patch: { duties: ['MaintainJournals', 'ReviewPurchases'], name: 'Senior accountant' } },
      { op: 'setGrant', privilege: 'PurchView', grant: { entryPoint: PURCH, read: 'allow', update: 'allow' } },
      { op: 'add', kind: 'duty', value: { id: 'Audit', name: 'Audit' } },
      { op: 'update', kind: 'user', id: 'bob', patch: { attributes: { department: 'Finance' } } },
    ]);
    expect(renderComparison(compareModels(base, b))).toBe(
      [
        'differences (configuration, governance, assignments): privilege: 1 changed; duty: 1 added; role: 1 changed; user: 1 changed',
        'privilege PurchView: changed',
        `  grant ~ ${PURCH}: update unset → allow`,
        'duty Audit: added',
        'role Accountant: changed',
        '  name: "Accountant" → "Senior accountant"',
        '  duties: + ReviewPurchases',
        'user bob: changed',
        '  attribute "department": "Purchasing" → "Finance"',
      ].join('\n'),
    );
    expect(renderComparison(compareModels(base, base, { parts: ['governance'] }))).toBe('no differences (governance)');
  });
});
