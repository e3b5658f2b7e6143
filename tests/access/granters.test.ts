import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
import { createModel } from '../../src/model/index.js';
import { EP, fixtureData, fixtureModel } from './fixture.js';

const access = compileAccess(fixtureModel());

describe('grantersOf', () => {
  it('lists the privileges, duties and roles granting every requested pair, smallest first', () => {
    const granters = access.grantersOf([{ entryPoint: EP.journal, rights: ['read'] }]);
    expect(granters.privileges).toEqual([
      { id: 'LedgerJournalView', entryPoints: 1 },
      { id: 'LedgerJournalMaintain', entryPoints: 2 },
    ]);
    expect(granters.duties).toEqual([
      { id: 'ViewLedger', entryPoints: 1 },
      { id: 'MaintainLedger', entryPoints: 2 },
    ]);
    // Accountant: journal + post (2); Auditor and Clerk: journal, service, entity, method (4); Manager: 5.
    expect(granters.roles).toEqual([
      { id: 'Accountant', entryPoints: 2 },
      { id: 'Auditor', entryPoints: 4 },
      { id: 'Clerk', entryPoints: 4 },
      { id: 'Manager', entryPoints: 5 },
    ]);
    expect(granters.byEntryPoint).toEqual([{ entryPoint: EP.journal, rights: ['read'], privileges: granters.privileges }]);
  });

  it('requires every pair, and leaves out objects that deny one themselves', () => {
    const granters = access.grantersOf([
      { entryPoint: EP.journal, rights: ['delete'] },
      { entryPoint: 'menu-item-action:POSTJOURNAL', rights: ['invoke'] },
    ]);
    expect(granters.privileges.map((g) => g.id)).toEqual(['LedgerJournalMaintain']);
    expect(granters.duties.map((g) => g.id)).toEqual(['MaintainLedger']);
    // Manager holds MaintainLedger but its sub-role Auditor denies delete.
    expect(granters.roles.map((g) => g.id)).toEqual(['Accountant']);
    expect(granters.byEntryPoint.map((e) => [e.entryPoint, e.privileges.map((p) => p.id)])).toEqual([
      [EP.journal, ['LedgerJournalMaintain']],
      [EP.post, ['LedgerJournalMaintain']],
    ]);
  });

  it('grants a combination through several privileges of one duty or role', () => {
    const model = createModel({
      ...fixtureData,
      duties: [...fixtureData.duties!, { id: 'Combined', name: 'Combined', privileges: ['ServiceInvoke', 'LedgerJournalView'] }],
    });
    const granters = compileAccess(model).grantersOf([
      { entryPoint: EP.journal, rights: ['read'] },
      { entryPoint: EP.service, rights: ['invoke'] },
    ]);
    expect(granters.privileges).toEqual([]);
    expect(granters.duties).toEqual([{ id: 'Combined', entryPoints: 2 }]);
    expect(granters.roles.map((g) => g.id)).toEqual(['Auditor', 'Clerk', 'Manager']);
  });

  it('merges an entry point requested twice, and grants nothing for a right that does not apply', () => {
    const merged = access.grantersOf([
      { entryPoint: EP.journal, rights: ['read'] },
      { entryPoint: EP.journal.toUpperCase(), rights: ['update'] },
    ]);
    expect(merged.byEntryPoint).toEqual([{ entryPoint: EP.journal, rights: ['read', 'update'], privileges: [{ id: 'LedgerJournalMaintain', entryPoints: 2 }] }]);
    const none = access.grantersOf([{ entryPoint: EP.service, rights: ['read'] }]);
    expect(none).toEqual({ privileges: [], duties: [], roles: [], byEntryPoint: [{ entryPoint: EP.service, rights: ['read'], privileges: [] }] });
  });

  it('refuses an empty or malformed request', () => {
    expect(() => access.grantersOf([])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => access.grantersOf([{ entryPoint: EP.journal, rights: [] }])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => access.grantersOf([{ entryPoint: EP.journal, rights: ['write' as 'read'] }])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => access.grantersOf([{ entryPoint: 'table:Nope', rights: ['read'] }])).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('table:Nope') }));
    expect(() => access.grantersOf('nope' as never)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
