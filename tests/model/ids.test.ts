import { describe, expect, it } from 'vitest';
import { applyChanges, assignmentKey, emptyModel, idKey, sameId } from '../../src/index.js';
import { baseModel, expectRejected } from './helpers.js';

describe('idKey and sameId', () => {
  it('ids are case-insensitive', () => {
    expect(idKey('LedgerJournalEntry')).toBe(idKey('ledgerjournalentry'));
    expect(sameId('LedgerJournalEntry', 'LEDGERJOURNALENTRY')).toBe(true);
    expect(sameId('LedgerJournalEntry', 'LedgerJournalEntries')).toBe(false);
  });
  it('assignmentKey ignores case and cannot be confused by ids that share a prefix', () => {
    expect(assignmentKey('Alice', 'Clerk')).toBe(assignmentKey('alice', 'CLERK'));
    expect(assignmentKey('a', 'bc')).not.toBe(assignmentKey('ab', 'c'));
  });
});

describe('ids are unique per kind, case-insensitively', () => {
  const adds = {
    privilege: (id: string) => ({ op: 'add', kind: 'privilege', value: { id, name: 'x' } }),
    duty: (id: string) => ({ op: 'add', kind: 'duty', value: { id, name: 'x' } }),
    role: (id: string) => ({ op: 'add', kind: 'role', value: { id, name: 'x' } }),
    user: (id: string) => ({ op: 'add', kind: 'user', value: { id, name: 'x' } }),
    organization: (id: string) => ({ op: 'add', kind: 'organization', value: { id, name: 'x' } }),
    entryPoint: (name: string) => ({ op: 'add', kind: 'entryPoint', value: { kind: 'table', name } }),
  } as const;
  const display = (kind: keyof typeof adds, id: string) => (kind === 'entryPoint' ? `table:${id}` : id);

  for (const kind of Object.keys(adds) as (keyof typeof adds)[]) {
    it(`${kind}: a second spelling in a later batch is DUPLICATE_ID naming both spellings`, () => {
      const model = applyChanges(emptyModel(), [adds[kind]('LedgerJournalEntry')] as never);
      const error = expectRejected(model, [adds[kind]('ledgerjournalentry')], 'DUPLICATE_ID');
      expect(error.details.ids).toEqual([display(kind, 'ledgerjournalentry'), display(kind, 'LedgerJournalEntry')]);
      expect(error.message).toContain('"' + display(kind, 'ledgerjournalentry') + '"');
      expect(error.message).toContain('"' + display(kind, 'LedgerJournalEntry') + '"');
    });

    it(`${kind}: the same id twice in one batch is DUPLICATE_ID`, () => {
      expectRejected(emptyModel(), [adds[kind]('A'), adds[kind]('a')], 'DUPLICATE_ID');
      expectRejected(emptyModel(), [adds[kind]('A'), adds[kind]('A')], 'DUPLICATE_ID');
    });
  }

  it('the same id may be used by different kinds', () => {
    const model = applyChanges(emptyModel(), [adds.privilege('X'), adds.duty('X'), adds.role('X'), adds.user('X'), adds.organization('X')] as never);
    expect([model.privileges.size, model.duties.size, model.roles.size, model.users.size, model.organizations.size]).toEqual([1, 1, 1, 1, 1]);
  });

  it('entry points with the same name but another kind or child are different', () => {
    const model = applyChanges(emptyModel(), [
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'CustTable' } },
      { op: 'add', kind: 'entryPoint', value: { kind: 'menu-item-display', name: 'CustTable' } },
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'CustTable', childName: 'Name' } },
    ]);
    expect([...model.entryPoints.keys()]).toEqual(['table:custtable', 'menu-item-display:custtable', 'table:custtable/name']);
  });

  it('the author’s spelling is kept for display; any spelling finds the object', () => {
    const model = baseModel();
    expect(model.privileges.get(idKey('LEDGERJOURNALVIEW'))?.id).toBe('LedgerJournalView');
    const updated = applyChanges(model, [{ op: 'update', kind: 'privilege', id: 'ledgerJOURNALview', patch: { name: 'Read journals' } }]);
    expect(updated.privileges.get('ledgerjournalview')).toMatchObject({ id: 'LedgerJournalView', name: 'Read journals' });
  });

  it('references resolve whatever their spelling', () => {
    const model = applyChanges(baseModel(), [
      { op: 'add', kind: 'role', value: { id: 'Auditor', name: 'Auditor', duties: ['MAINTAINJOURNALS'], privileges: ['ledgerjournalview'], subRoles: ['CLERK'] } },
      { op: 'assign', assignment: { user: 'ALICE', role: 'auditor', scope: { organizations: [{ id: 'usmf-east' }] } } },
    ]);
    expect(model.roles.get('auditor')?.subRoles).toEqual(['CLERK']);
    expect(model.assignments.get(assignmentKey('alice', 'Auditor'))?.user).toBe('ALICE');
  });

  it('assigning a role twice in another spelling replaces the assignment', () => {
    const model = applyChanges(baseModel(), [{ op: 'assign', assignment: { user: 'BOB', role: 'CLERK', source: 'automatic' } }]);
    const bobs = [...model.assignments.values()].filter((a) => idKey(a.user) === 'bob');
    expect(bobs).toEqual([{ user: 'BOB', role: 'CLERK', scope: 'all', source: 'automatic' }]);
  });

  it('a member listed twice (in any spelling) is DUPLICATE_ID', () => {
    const model = baseModel();
    expectRejected(model, [{ op: 'add', kind: 'duty', value: { id: 'd', name: 'D', privileges: ['LedgerJournalView', 'ledgerjournalview'] } }], 'DUPLICATE_ID');
    expectRejected(model, [{ op: 'update', kind: 'role', id: 'Clerk', patch: { subRoles: ['Accountant2', 'accountant2'] } }, { op: 'add', kind: 'role', value: { id: 'Accountant2', name: 'A' } }], 'DUPLICATE_ID');
    expectRejected(model, [{ op: 'assign', assignment: { user: 'bob', role: 'Clerk', scope: { organizations: [{ id: 'USMF' }, { id: 'usmf', includeChildren: true }] } } }], 'DUPLICATE_ID');
  });

  it('licence ids are unique in a catalogue', () => {
    const error = expectRejected(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'a' }, { id: 'NONE', name: 'b' }] } }], 'DUPLICATE_ID');
    expect(error.message).toContain('NONE');
  });

  it('grants of one privilege on the same entry point in another spelling are one grant', () => {
    const model = applyChanges(baseModel(), [{ op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: 'MENU-ITEM-DISPLAY:ledgerjournaltable', read: 'deny' } }]);
    expect(model.privileges.get('ledgerjournalview')?.grants).toEqual([
      { entryPoint: 'MENU-ITEM-DISPLAY:ledgerjournaltable', read: 'deny', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' },
    ]);
  });
});
