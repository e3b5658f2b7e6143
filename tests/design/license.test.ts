import { describe, expect, it } from 'vitest';
import { compileLicenses, duplicateToLicense, licenseCovers } from '../../src/index.js';
import { apply, designModel, expectCode, INVOICE, LJT, POST } from './fixture.js';

const fits = (model: ReturnType<typeof designModel>, kind: 'role' | 'duty', id: string, license: string) => {
  const index = compileLicenses(model);
  const need = kind === 'role' ? index.ofRole(id) : index.ofDuty(id);
  return need.licenses.every((l) => licenseCovers(model.licenses, license, l));
};

describe('duplicateToLicense', () => {
  it('copies a role with only what Team Members covers, copying members as needed', () => {
    const model = designModel();
    const result = duplicateToLicense(model, { source: { kind: 'role', id: 'Accountant' }, license: 'team-members' });
    expect(result.copy).toBe('Accountant-team-members');
    // Sub-roles are planned before the roles holding them.
    expect(result.omitted.map((o) => [o.privilege, o.entryPoint, o.requires, o.access, o.action])).toEqual([
      ['InvoiceEnter', INVOICE, 'activity', 'write', 'removed'],
      ['JournalMaintain', LJT, 'operations', 'write', 'removed'],
      ['JournalMaintain', POST, 'activity', 'write', 'removed'],
    ]);
    expect(result.omitted[1]!.reason).toContain('operations');
    expect(result.dropped).toEqual([{ kind: 'privilege', id: 'InvoiceEnter' }, { kind: 'duty', id: 'EnterInvoices' }, { kind: 'privilege', id: 'JournalMaintain' }]);
    expect(result.copies).toEqual([
      { kind: 'role', from: 'Clerk', to: 'Clerk-team-members' },
      { kind: 'duty', from: 'MaintainJournals', to: 'MaintainJournals-team-members' },
      { kind: 'role', from: 'Accountant', to: 'Accountant-team-members' },
    ]);
    const next = apply(model, result);
    const copy = next.roles.get('accountant-team-members')!;
    expect(copy).toMatchObject({ name: 'Accountant (Team Members)', duties: ['MaintainJournals-team-members'], privileges: ['JournalView'], subRoles: ['Clerk-team-members'] });
    expect(next.duties.get('maintainjournals-team-members')!.privileges).toEqual(['NoDelete']);
    expect(next.roles.get('clerk-team-members')).toMatchObject({ duties: [], privileges: ['Settle'] });
    expect(fits(next, 'role', copy.id, 'team-members')).toBe(true);
    expect(fits(model, 'role', 'Accountant', 'team-members')).toBe(false);
    // The originals are untouched.
    expect(next.roles.get('accountant')).toEqual(model.roles.get('accountant'));
  });

  it('keeps read access when asked, where the target covers it', () => {
    const model = designModel();
    const result = duplicateToLicense(model, { source: { kind: 'role', id: 'Accountant' }, license: 'team-members', keepReadAccess: true, id: 'AccountantTM', name: 'Accountant TM' });
    expect(result.omitted.map((o) => [o.entryPoint, o.action])).toEqual([
      [INVOICE, 'reduced-to-read'],
      [LJT, 'reduced-to-read'],
      [POST, 'removed'],
    ]);
    const next = apply(model, result);
    expect(next.roles.get('accountanttm')!.name).toBe('Accountant TM');
    const reduced = next.privileges.get('journalmaintain-team-members')!.grants;
    expect(reduced).toEqual([{ entryPoint: LJT, read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }]);
    expect(fits(next, 'role', 'AccountantTM', 'team-members')).toBe(true);
  });

  it('a role that already fits is still copied, holding the same members', () => {
    const model = designModel();
    const result = duplicateToLicense(model, { source: { kind: 'role', id: 'Viewer' }, license: 'TEAM-MEMBERS' });
    expect(result.omitted).toEqual([]);
    expect(result.license).toBe('team-members');
    expect(result.changes).toHaveLength(1);
    expect(apply(model, result).roles.get('viewer-team-members')!.duties).toEqual(['ViewJournals']);
  });

  it('duplicates a duty; a higher licence keeps more', () => {
    const model = designModel();
    const activity = duplicateToLicense(model, { source: { kind: 'duty', id: 'MaintainJournals' }, license: 'activity', idSuffix: '_A' });
    expect(activity.copy).toBe('MaintainJournals_A');
    expect(activity.omitted.map((o) => o.entryPoint)).toEqual([LJT]);
    const next = apply(model, activity);
    expect(next.duties.get('maintainjournals_a')!.privileges).toEqual(['JournalMaintain_A', 'NoDelete']);
    expect(fits(next, 'duty', 'MaintainJournals_A', 'activity')).toBe(true);
    // A duty whose privileges all go is still copied (empty), and says so.
    const empty = duplicateToLicense(model, { source: { kind: 'duty', id: 'EnterInvoices' }, license: 'self-serve' });
    expect(apply(model, empty).duties.get('enterinvoices-self-serve')!.privileges).toEqual([]);
    expect(empty.dropped).toEqual([{ kind: 'privilege', id: 'InvoiceEnter' }]);
  });

  it('refuses an unknown licence or source and colliding ids', () => {
    const model = designModel();
    expectCode(() => duplicateToLicense(model, { source: { kind: 'role', id: 'Accountant' }, license: 'platinum' }), 'NOT_FOUND');
    expectCode(() => duplicateToLicense(model, { source: { kind: 'role', id: 'Nope' }, license: 'none' }), 'NOT_FOUND');
    expectCode(() => duplicateToLicense(model, { source: { kind: 'duty', id: 'EnterInvoices' }, license: 'none', id: 'ViewJournals' }), 'DUPLICATE_ID');
    const taken = apply(model, { changes: [{ op: 'add', kind: 'role', value: { id: 'Clerk-team-members', name: 'x' } }] });
    expectCode(() => duplicateToLicense(taken, { source: { kind: 'role', id: 'Accountant' }, license: 'team-members' }), 'DUPLICATE_ID');
    const long = apply(model, { changes: [{ op: 'add', kind: 'role', value: { id: 'R'.repeat(250), name: 'Long', subRoles: ['Clerk'] } }] });
    expectCode(() => duplicateToLicense(long, { source: { kind: 'role', id: 'R'.repeat(250) }, license: 'team-members' }), 'VALIDATION_FAILED');
    expect(duplicateToLicense(long, { source: { kind: 'role', id: 'R'.repeat(250) }, license: 'none', id: 'Short' }).copy).toBe('Short');
  });
});
