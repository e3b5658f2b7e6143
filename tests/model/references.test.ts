import { describe, expect, it } from 'vitest';
import { applyChanges, emptyModel, type ChangeInput } from '../../src/index.js';
import { JOURNAL_FORM, baseModel, expectRejected, expectSecGovError, problemCodes } from './helpers.js';

describe('MISSING_REFERENCE for every kind of reference', () => {
  const cases: [string, ChangeInput[], string[]][] = [
    ['privilege grant → entry point (add)', [{ op: 'add', kind: 'privilege', value: { id: 'P', name: 'P', grants: [{ entryPoint: 'table:Nope', read: 'allow' }] } }], ['P', 'table:Nope']],
    ['privilege grant → entry point (update)', [{ op: 'update', kind: 'privilege', id: 'LedgerJournalView', patch: { grants: [{ entryPoint: 'table:Nope' }] } }], ['LedgerJournalView', 'table:Nope']],
    ['privilege grant → entry point (setGrant)', [{ op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: 'table:Nope', read: 'allow' } }], ['LedgerJournalView', 'table:Nope']],
    ['duty → privilege', [{ op: 'add', kind: 'duty', value: { id: 'D', name: 'D', privileges: ['NoSuchPrivilege'] } }], ['D', 'NoSuchPrivilege']],
    ['duty → privilege (update)', [{ op: 'update', kind: 'duty', id: 'MaintainJournals', patch: { privileges: ['NoSuchPrivilege'] } }], ['MaintainJournals', 'NoSuchPrivilege']],
    ['role → duty', [{ op: 'add', kind: 'role', value: { id: 'R', name: 'R', duties: ['NoSuchDuty'] } }], ['R', 'NoSuchDuty']],
    ['role → privilege', [{ op: 'add', kind: 'role', value: { id: 'R', name: 'R', privileges: ['NoSuchPrivilege'] } }], ['R', 'NoSuchPrivilege']],
    ['role → sub-role', [{ op: 'add', kind: 'role', value: { id: 'R', name: 'R', subRoles: ['NoSuchRole'] } }], ['R', 'NoSuchRole']],
    ['role → sub-role (update)', [{ op: 'update', kind: 'role', id: 'Clerk', patch: { subRoles: ['NoSuchRole'] } }], ['Clerk', 'NoSuchRole']],
    ['organization → parent', [{ op: 'add', kind: 'organization', value: { id: 'O', name: 'O', parent: 'NoSuchOrg' } }], ['O', 'NoSuchOrg']],
    ['organization → parent (update)', [{ op: 'update', kind: 'organization', id: 'USMF', patch: { parent: 'NoSuchOrg' } }], ['USMF', 'NoSuchOrg']],
    ['assignment → user', [{ op: 'assign', assignment: { user: 'nobody', role: 'Clerk' } }], ['Clerk@nobody', 'nobody']],
    ['assignment → role', [{ op: 'assign', assignment: { user: 'alice', role: 'NoSuchRole' } }], ['NoSuchRole@alice', 'NoSuchRole']],
    ['assignment → organization', [{ op: 'assign', assignment: { user: 'alice', role: 'Clerk', scope: { organizations: [{ id: 'USMF' }, { id: 'NoSuchOrg' }] } } }], ['Clerk@alice', 'NoSuchOrg']],
    ['entry point → view licence', [{ op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T', viewLicense: 'gold' } }], ['table:T', 'gold']],
    ['entry point → maintain licence', [{ op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T', maintainLicense: 'gold' } }], ['table:T', 'gold']],
    ['entry point → licence (update)', [{ op: 'update', kind: 'entryPoint', id: JOURNAL_FORM, patch: { viewLicense: 'gold' } }], [JOURNAL_FORM, 'gold']],
    ['parameters.administratorRole → role', [{ op: 'setParameters', patch: { administratorRole: 'NoSuchRole' } }], ['administratorRole', 'NoSuchRole']],
  ];

  it.each(cases)('%s', (_, changes, ids) => {
    const error = expectRejected(baseModel(), changes, 'MISSING_REFERENCE');
    expect(error.details.ids).toEqual(ids);
    for (const id of ids) expect(error.message).toContain(`"${id}"`);
  });

  it('a grant listing the same entry point twice is refused', () => {
    expectRejected(baseModel(), [{ op: 'add', kind: 'privilege', value: { id: 'P', name: 'P', grants: [{ entryPoint: JOURNAL_FORM }, { entryPoint: JOURNAL_FORM.toUpperCase() }] } }], 'DUPLICATE_ID');
  });

  it('a new catalogue without a licence some entry point needs names that entry point', () => {
    const error = expectRejected(
      baseModel(),
      [{ op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'None' }, { id: 'operations', name: 'Operations', covers: ['none'] }] } }],
      'MISSING_REFERENCE',
    );
    const ids = (error.details.problems ?? []).flatMap((p) => p.ids ?? []);
    expect(ids).toContain(JOURNAL_FORM);
    expect(ids).toContain('team-members');
    expect(ids).toContain('activity');
  });

  it('a licence covering a missing licence', () => {
    const error = expectRejected(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'a', name: 'A', covers: ['b'] }] } }], 'MISSING_REFERENCE');
    expect(error.details.ids).toEqual(['a', 'b']);
  });

  it('a licence catalogue whose covers relation has a cycle', () => {
    expectRejected(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'a', name: 'A', covers: ['a'] }] } }], 'VALIDATION_FAILED');
    const error = expectRejected(
      emptyModel(),
      [{ op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'a', name: 'A', covers: ['b'] }, { id: 'b', name: 'B', covers: ['c'] }, { id: 'c', name: 'C', covers: ['A'] }] } }],
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('covers itself');
  });

  it('every missing reference of a batch is reported, not only the first', () => {
    const error = expectRejected(
      baseModel(),
      [
        { op: 'add', kind: 'role', value: { id: 'R', name: 'R', duties: ['D1'], privileges: ['P1'], subRoles: ['R1'] } },
        { op: 'assign', assignment: { user: 'ghost', role: 'R' } },
      ],
      'MISSING_REFERENCE',
    );
    expect(problemCodes(error)).toEqual(['MISSING_REFERENCE', 'MISSING_REFERENCE', 'MISSING_REFERENCE', 'MISSING_REFERENCE']);
    expect(error.message).toContain('and 3 more problems');
  });
});

describe('IN_USE when removing an object others refer to', () => {
  const cases: [string, ChangeInput, string[]][] = [
    ['entry point used by a privilege grant', { op: 'remove', kind: 'entryPoint', id: JOURNAL_FORM }, [JOURNAL_FORM, 'LedgerJournalView']],
    ['privilege used by a duty', { op: 'remove', kind: 'privilege', id: 'LedgerJournalMaintain' }, ['LedgerJournalMaintain', 'MaintainJournals']],
    ['privilege used directly by a role', { op: 'remove', kind: 'privilege', id: 'LedgerJournalView' }, ['LedgerJournalView', 'Accountant']],
    ['duty used by a role', { op: 'remove', kind: 'duty', id: 'MaintainJournals' }, ['MaintainJournals', 'Accountant']],
    ['role used as a sub-role', { op: 'remove', kind: 'role', id: 'clerk' }, ['Clerk', 'Accountant']],
    ['role used by an assignment', { op: 'remove', kind: 'role', id: 'Accountant' }, ['Accountant', 'Accountant@alice']],
    ['user used by an assignment', { op: 'remove', kind: 'user', id: 'Bob' }, ['bob', 'Clerk@bob']],
    ['organization used as a parent', { op: 'remove', kind: 'organization', id: 'USMF' }, ['USMF', 'USMF-East']],
    ['role named by parameters.administratorRole', { op: 'remove', kind: 'role', id: '-sysadmin-' }, ['-SYSADMIN-', 'administratorRole']],
  ];

  it.each(cases)('%s', (_, change, ids) => {
    const error = expectRejected(baseModel(), [change], 'IN_USE');
    const all = (error.details.problems ?? []).filter((p) => p.code === 'IN_USE').map((p) => p.ids);
    expect(all).toContainEqual(ids);
  });

  it('organization used in an assignment scope', () => {
    const model = applyChanges(baseModel(), [
      { op: 'add', kind: 'organization', value: { id: 'DEMF', name: 'Contoso Germany' } },
      { op: 'assign', assignment: { user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'DEMF' }] } } },
    ]);
    const error = expectRejected(model, [{ op: 'remove', kind: 'organization', id: 'demf' }], 'IN_USE');
    expect(error.details.ids).toEqual(['DEMF', 'Accountant@bob']);
  });

  it('removing the object together with everything that refers to it is fine', () => {
    const model = applyChanges(baseModel(), [
      { op: 'unassign', user: 'alice', role: 'Accountant' },
      { op: 'remove', kind: 'role', id: 'Accountant' },
      { op: 'remove', kind: 'duty', id: 'MaintainJournals' },
      { op: 'remove', kind: 'privilege', id: 'LedgerJournalMaintain' },
      { op: 'remove', kind: 'privilege', id: 'LedgerJournalView' },
      { op: 'remove', kind: 'entryPoint', id: JOURNAL_FORM },
      { op: 'remove', kind: 'organization', id: 'USMF-East' },
      { op: 'remove', kind: 'organization', id: 'USMF' },
    ]);
    expect([...model.roles.keys()]).toEqual(['clerk', '-sysadmin-']);
    expect(model.entryPoints.has(JOURNAL_FORM.toLowerCase())).toBe(false);
    expect(model.organizations.size).toBe(0);
  });

  it('order inside the batch does not matter for removals', () => {
    const model = applyChanges(baseModel(), [
      { op: 'remove', kind: 'user', id: 'bob' },
      { op: 'unassign', user: 'bob', role: 'Clerk' },
    ]);
    expect(model.users.has('bob')).toBe(false);
  });

  it('the administrator role may be removed once the parameter names another role', () => {
    const model = applyChanges(baseModel(), [
      { op: 'setParameters', patch: { administratorRole: 'Accountant' } },
      { op: 'remove', kind: 'role', id: '-SYSADMIN-' },
    ]);
    expect(model.parameters.administratorRole).toBe('Accountant');
    expect(model.roles.has('-sysadmin-')).toBe(false);
  });
});

describe('NOT_FOUND for changes to objects that do not exist', () => {
  const cases: [string, ChangeInput][] = [
    ['update', { op: 'update', kind: 'role', id: 'NoSuchRole', patch: { name: 'x' } }],
    ['remove', { op: 'remove', kind: 'user', id: 'nobody' }],
    ['remove entry point', { op: 'remove', kind: 'entryPoint', id: 'table:Nope' }],
    ['unassign', { op: 'unassign', user: 'alice', role: 'Clerk' }],
    ['setGrant on a missing privilege', { op: 'setGrant', privilege: 'NoSuchPrivilege', grant: { entryPoint: JOURNAL_FORM } }],
    ['removeGrant on a missing privilege', { op: 'removeGrant', privilege: 'NoSuchPrivilege', entryPoint: JOURNAL_FORM }],
    ['removeGrant of a grant the privilege does not have', { op: 'removeGrant', privilege: 'VendPaymentsSettle', entryPoint: JOURNAL_FORM }],
  ];
  it.each(cases)('%s', (_, change) => {
    const error = expectRejected(baseModel(), [change], 'NOT_FOUND');
    expect(error.details.ids?.length).toBeGreaterThan(0);
  });

  it('a second remove of the same object in one batch', () => {
    expectRejected(baseModel(), [{ op: 'remove', kind: 'user', id: 'charlie' }], 'NOT_FOUND');
    const model = applyChanges(baseModel(), [{ op: 'add', kind: 'user', value: { id: 'charlie', name: 'C' } }]);
    expectSecGovError(() => applyChanges(model, [{ op: 'remove', kind: 'user', id: 'charlie' }, { op: 'remove', kind: 'user', id: 'CHARLIE' }]), 'NOT_FOUND');
  });

  // Regression: the ids used to be one garbled string, `Clerk" to user "alice`.
  it('unassign NOT_FOUND names the user and the role as separate ids', () => {
    const error = expectSecGovError(() => applyChanges(baseModel(), [{ op: 'unassign', user: 'alice', role: 'Clerk' }]), 'NOT_FOUND');
    expect(error.details.ids).toEqual(['alice', 'Clerk']);
  });
});
