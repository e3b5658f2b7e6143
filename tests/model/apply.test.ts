import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  applyChanges,
  assignmentKey,
  defaultLicenseCatalogue,
  defaultParameters,
  emptyModel,
  safeApplyChanges,
  type SecurityModel,
} from '../../src/index.js';
import { JOURNAL_FORM, POST_ACTION, baseModel, expectRejected, problemCodes, snapshot } from './helpers.js';

describe('batches', () => {
  it('objects may refer to objects added later in the same batch', () => {
    const model = applyChanges(emptyModel(), [
      { op: 'assign', assignment: { user: 'u', role: 'Top', scope: { organizations: [{ id: 'Child', includeChildren: true }] } } },
      { op: 'add', kind: 'role', value: { id: 'Top', name: 'Top', duties: ['D'], privileges: ['P'], subRoles: ['Sub'] } },
      { op: 'add', kind: 'role', value: { id: 'Sub', name: 'Sub' } },
      { op: 'add', kind: 'duty', value: { id: 'D', name: 'D', privileges: ['P'] } },
      { op: 'add', kind: 'privilege', value: { id: 'P', name: 'P', grants: [{ entryPoint: 'table:T', read: 'allow' }] } },
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T', viewLicense: 'gold' } },
      { op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'None' }, { id: 'gold', name: 'Gold', covers: ['none'] }] } },
      { op: 'add', kind: 'organization', value: { id: 'Child', name: 'Child', parent: 'Parent' } },
      { op: 'add', kind: 'organization', value: { id: 'Parent', name: 'Parent' } },
      { op: 'add', kind: 'user', value: { id: 'u', name: 'U' } },
    ]);
    expect(model.roles.size).toBe(2);
    expect(model.assignments.get(assignmentKey('u', 'top'))?.role).toBe('Top');
  });

  it('a failing batch leaves the old model exactly as it was and applies nothing', () => {
    const model = baseModel();
    const before = snapshot(model);
    const error = expectRejected(
      model,
      [
        { op: 'add', kind: 'user', value: { id: 'carol', name: 'Carol' } },
        { op: 'update', kind: 'role', id: 'Clerk', patch: { name: 'Changed' } },
        { op: 'remove', kind: 'privilege', id: 'LedgerJournalView' },
        { op: 'setParameters', patch: { similarityLevel: 50 } },
        { op: 'setGrant', privilege: 'VendPaymentsSettle', grant: { entryPoint: JOURNAL_FORM, read: 'allow' } },
      ],
      'IN_USE',
    );
    expect(error).toBeInstanceOf(SecGovError);
    expect(model).toEqual(before);
    expect(model.users.has('carol')).toBe(false);
    expect(model.roles.get('clerk')?.name).toBe('Clerk');
    expect(model.parameters.similarityLevel).toBe(80);
  });

  it('reports problems found while applying and stops before validation', () => {
    const error = expectRejected(
      baseModel(),
      [
        { op: 'update', kind: 'role', id: 'Nope', patch: {} },
        { op: 'remove', kind: 'duty', id: 'Nope' },
        { op: 'add', kind: 'user', value: { id: 'ALICE', name: 'dup' } },
      ],
      'NOT_FOUND',
    );
    expect(problemCodes(error)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'DUPLICATE_ID']);
    expect(error.details.problems?.map((p) => p.path)).toEqual([['changes', 0], ['changes', 1], ['changes', 2]]);
  });

  it('a malformed change anywhere rejects the whole batch before anything is applied', () => {
    const error = expectRejected(
      baseModel(),
      [{ op: 'add', kind: 'user', value: { id: 'carol', name: 'Carol' } }, { op: 'add', kind: 'user', value: { id: 'dave' } }],
      'VALIDATION_FAILED',
    );
    expect(error.details.problems?.[0]?.path).toEqual(['changes', 1, 'value', 'name']);
  });

  it('an empty batch gives an equal model', () => {
    const model = baseModel();
    expect(applyChanges(model, [])).toEqual(model);
  });

  it('a successful batch never modifies the model it started from', () => {
    const model = baseModel();
    const before = snapshot(model);
    const next = applyChanges(model, [
      { op: 'update', kind: 'role', id: 'Clerk', patch: { name: 'Payments clerk' } },
      { op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: POST_ACTION, read: 'allow' } },
      { op: 'unassign', user: 'bob', role: 'Clerk' },
    ]);
    expect(model).toEqual(before);
    expect(next).not.toEqual(before);
    // Untouched parts are shared, not copied.
    expect(next.users).toBe(model.users);
  });

  it('remove then add again in one batch replaces the object', () => {
    const next = applyChanges(baseModel(), [
      { op: 'remove', kind: 'role', id: 'Clerk' },
      { op: 'add', kind: 'role', value: { id: 'CLERK', name: 'New clerk' } },
    ]);
    expect(next.roles.get('clerk')).toEqual({ id: 'CLERK', name: 'New clerk', duties: [], privileges: [], subRoles: [] });
  });
});

describe('each kind of change', () => {
  it('update changes the named fields, null clears an optional field, others stay', () => {
    let model: SecurityModel = applyChanges(baseModel(), [{ op: 'update', kind: 'privilege', id: 'LedgerJournalView', patch: { description: 'Read-only access' } }]);
    expect(model.privileges.get('ledgerjournalview')).toMatchObject({ id: 'LedgerJournalView', name: 'View journals', description: 'Read-only access' });
    model = applyChanges(model, [{ op: 'update', kind: 'privilege', id: 'LedgerJournalView', patch: { description: null, name: 'See journals' } }]);
    expect(model.privileges.get('ledgerjournalview')).toEqual({
      id: 'LedgerJournalView',
      name: 'See journals',
      grants: [{ entryPoint: JOURNAL_FORM, read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }],
    });
  });

  it('update of each kind', () => {
    const model = applyChanges(baseModel(), [
      { op: 'update', kind: 'entryPoint', id: JOURNAL_FORM, patch: { label: 'Journals', viewLicense: 'self-serve' } },
      { op: 'update', kind: 'duty', id: 'MaintainJournals', patch: { privileges: ['LedgerJournalMaintain', 'LedgerJournalView'] } },
      { op: 'update', kind: 'role', id: 'Clerk', patch: { duties: ['MaintainJournals'], description: 'Pays vendors' } },
      { op: 'update', kind: 'user', id: 'bob', patch: { enabled: true, lastSignIn: '2026-02-01T08:00:00Z', attributes: { department: 'AP' } } },
      { op: 'update', kind: 'organization', id: 'USMF-East', patch: { name: 'East' } },
    ]);
    expect(model.entryPoints.get(JOURNAL_FORM.toLowerCase())).toMatchObject({ label: 'Journals', viewLicense: 'self-serve', maintainLicense: 'operations' });
    expect(model.duties.get('maintainjournals')?.privileges).toEqual(['LedgerJournalMaintain', 'LedgerJournalView']);
    expect(model.roles.get('clerk')).toMatchObject({ duties: ['MaintainJournals'], privileges: ['VendPaymentsSettle'], description: 'Pays vendors' });
    expect(model.users.get('bob')).toMatchObject({ enabled: true, lastSignIn: '2026-02-01T08:00:00.000Z', attributes: { department: 'AP' } });
    expect(model.organizations.get('usmf-east')).toEqual({ id: 'USMF-East', name: 'East', parent: 'USMF' });
  });

  it('remove of each kind', () => {
    const model = applyChanges(emptyModel(), [
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T' } },
      { op: 'add', kind: 'privilege', value: { id: 'P', name: 'P' } },
      { op: 'add', kind: 'duty', value: { id: 'D', name: 'D' } },
      { op: 'add', kind: 'role', value: { id: 'R', name: 'R' } },
      { op: 'add', kind: 'user', value: { id: 'U', name: 'U' } },
      { op: 'add', kind: 'organization', value: { id: 'O', name: 'O' } },
    ]);
    const next = applyChanges(model, [
      { op: 'remove', kind: 'entryPoint', id: 'TABLE:t' },
      { op: 'remove', kind: 'privilege', id: 'p' },
      { op: 'remove', kind: 'duty', id: 'd' },
      { op: 'remove', kind: 'role', id: 'r' },
      { op: 'remove', kind: 'user', id: 'u' },
      { op: 'remove', kind: 'organization', id: 'o' },
    ]);
    expect(next).toEqual(emptyModel());
  });

  it('assign adds an assignment or replaces its scope and source; unassign removes it', () => {
    let model = applyChanges(baseModel(), [{ op: 'assign', assignment: { user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'USMF-East' }] } } }]);
    expect(model.assignments.get(assignmentKey('bob', 'accountant'))).toEqual({
      user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'USMF-East', includeChildren: false }] }, source: 'manual',
    });
    model = applyChanges(model, [{ op: 'assign', assignment: { user: 'bob', role: 'Accountant', source: 'automatic' } }]);
    expect(model.assignments.get(assignmentKey('bob', 'accountant'))).toEqual({ user: 'bob', role: 'Accountant', scope: 'all', source: 'automatic' });
    expect(model.assignments.size).toBe(3);
    model = applyChanges(model, [{ op: 'unassign', user: 'BOB', role: 'ACCOUNTANT' }]);
    expect(model.assignments.has(assignmentKey('bob', 'accountant'))).toBe(false);
    expect(model.assignments.size).toBe(2);
  });

  it('assignments keep the order of a Map, and a model built by hand with a plain Map is accepted and converted', () => {
    const model = applyChanges(baseModel(), [{ op: 'assign', assignment: { user: 'bob', role: 'Accountant' } }]);
    const order = [...model.assignments.keys()];
    // Replacing keeps the place; removing and adding again goes last, as with a Map.
    const replaced = applyChanges(model, [{ op: 'assign', assignment: { user: 'bob', role: 'Accountant', source: 'automatic' } }]);
    expect([...replaced.assignments.keys()]).toEqual(order);
    const moved = applyChanges(model, [{ op: 'unassign', user: 'bob', role: 'Accountant' }, { op: 'assign', assignment: { user: 'bob', role: 'Accountant' } }]);
    expect([...moved.assignments.keys()]).toEqual([...order.filter((k) => k !== assignmentKey('bob', 'accountant')), assignmentKey('bob', 'accountant')]);
    // By hand: the same entries in a plain Map.
    const byHand: SecurityModel = { ...model, assignments: new Map(model.assignments) };
    const next = applyChanges(byHand, [{ op: 'unassign', user: 'bob', role: 'Accountant' }]);
    expect(next.assignments).not.toBeInstanceOf(Map);
    expect([...next.assignments.entries()]).toEqual([...model.assignments.entries()].filter(([k]) => k !== assignmentKey('bob', 'accountant')));
    expect(byHand.assignments.size).toBe(model.assignments.size);
    // A batch without assignment changes leaves it as it is.
    expect(applyChanges(byHand, []).assignments).toBe(byHand.assignments);
  });

  it('setGrant adds or replaces one grant; removeGrant removes it', () => {
    let model = applyChanges(baseModel(), [{ op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: POST_ACTION, invoke: 'deny' } }]);
    expect(model.privileges.get('ledgerjournalview')?.grants.map((g) => [g.entryPoint, g.read, g.invoke])).toEqual([
      [JOURNAL_FORM, 'allow', 'unset'],
      [POST_ACTION, 'unset', 'deny'],
    ]);
    model = applyChanges(model, [{ op: 'setGrant', privilege: 'ledgerjournalview', grant: { entryPoint: JOURNAL_FORM, read: 'allow', update: 'allow' } }]);
    expect(model.privileges.get('ledgerjournalview')?.grants.find((g) => g.entryPoint === JOURNAL_FORM)).toMatchObject({ read: 'allow', update: 'allow' });
    expect(model.privileges.get('ledgerjournalview')?.grants).toHaveLength(2);
    model = applyChanges(model, [{ op: 'removeGrant', privilege: 'LedgerJournalView', entryPoint: POST_ACTION.toUpperCase() }]);
    expect(model.privileges.get('ledgerjournalview')?.grants.map((g) => g.entryPoint)).toEqual([JOURNAL_FORM]);
  });

  it('setLicenseCatalogue replaces the catalogue', () => {
    const catalogue = { licenses: [{ id: 'none', name: 'None', covers: [] }, { id: 'full', name: 'Full', covers: ['none'] }] };
    const model = applyChanges(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue }]);
    expect(model.licenses).toEqual(catalogue);
    expect(emptyModel().licenses).toEqual(defaultLicenseCatalogue);
  });

  it('setParameters changes only the named parameters', () => {
    const model = applyChanges(baseModel(), [{ op: 'setParameters', patch: { checkSimilarity: true, agingPeriods: [7, 14, 30, 60, 90], administratorRole: 'accountant' } }]);
    expect(model.parameters).toEqual({ ...defaultParameters, checkSimilarity: true, agingPeriods: [7, 14, 30, 60, 90], administratorRole: 'accountant' });
    const again = applyChanges(model, [{ op: 'setParameters', patch: { fourEyesApproval: true } }]);
    expect(again.parameters).toEqual({ ...model.parameters, fourEyesApproval: true });
  });
});

describe('safeApplyChanges', () => {
  it('returns the new model', () => {
    const result = safeApplyChanges(baseModel(), [{ op: 'add', kind: 'user', value: { id: 'carol', name: 'Carol' } }]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.model.users.has('carol')).toBe(true);
  });

  it('returns the typed error instead of throwing', () => {
    const model = baseModel();
    const before = snapshot(model);
    const result = safeApplyChanges(model, [{ op: 'remove', kind: 'role', id: 'Clerk' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(SecGovError);
      expect(result.error.code).toBe('IN_USE');
    }
    expect(model).toEqual(before);
  });

  it('returns malformed input as a typed error too', () => {
    const result = safeApplyChanges(emptyModel(), 'not changes' as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('removing what exclusions and open conflicts name', () => {
  const conflict = (status: 'unresolved' | 'denied') => ({
    op: 'raiseConflict' as const,
    conflict: { id: `C-${status}`, user: 'carol', role: 'Clerk', scope: 'all' as const, source: 'manual' as const, rules: [{ rule: 'R', firstDuty: 'A', secondDuty: 'B', firstRoles: [], secondRoles: [], organizations: 'all' as const }], raisedAt: '2026-01-01T00:00:00Z' },
  });
  const withCarol = () => applyChanges(baseModel(), [{ op: 'add', kind: 'user', value: { id: 'carol', name: 'Carol' } }]);

  it('a role or user an exclusion names cannot be removed, as it could not be excluded from once gone', () => {
    const model = applyChanges(withCarol(), [{ op: 'exclude', exclusion: { user: 'carol', role: 'Clerk', reason: 'denied' } }]);
    expectRejected(model, [{ op: 'remove', kind: 'user', id: 'CAROL' }], 'IN_USE');
    const error = expectRejected(model, [{ op: 'unassign', user: 'bob', role: 'Clerk' }, { op: 'remove', kind: 'role', id: 'Clerk' }, { op: 'update', kind: 'role', id: 'Accountant', patch: { subRoles: [] } }], 'IN_USE');
    expect(error.message).toContain('exclusion "Clerk@carol"');
    // Included again (the exclusion gone), the role can go.
    const after = applyChanges(model, [{ op: 'include', user: 'carol', role: 'clerk' }, { op: 'unassign', user: 'bob', role: 'Clerk' }, { op: 'update', kind: 'role', id: 'Accountant', patch: { subRoles: [] } }, { op: 'remove', kind: 'role', id: 'Clerk' }]);
    expect(after.roles.has('clerk')).toBe(false);
  });

  it('an unresolved conflict holds its user and role; a decided one is history and does not', () => {
    const open = applyChanges(withCarol(), [conflict('unresolved')]);
    expect(problemCodes(expectRejected(open, [{ op: 'remove', kind: 'user', id: 'carol' }], 'IN_USE'))).toEqual(['IN_USE']);
    const decided = applyChanges(withCarol(), [conflict('unresolved'), { op: 'resolveConflict', id: 'C-unresolved', status: 'denied', expiresAt: null, resolvedBy: 'admin', resolvedAt: '2026-01-02T00:00:00Z' }]);
    expect(applyChanges(decided, [{ op: 'remove', kind: 'user', id: 'carol' }]).users.has('carol')).toBe(false);
  });
});

