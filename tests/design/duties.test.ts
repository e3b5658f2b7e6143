import { describe, expect, it } from 'vitest';
import { dutyFromTask, mergeDuties, subtractDuty } from '../../src/index.js';
import { apply, designModel, expectCode, INVOICE, LJT, POST, SETTLE } from './fixture.js';

describe('dutyFromTask', () => {
  it('creates a privilege of the same name holding the task grants and a duty holding it', () => {
    const model = designModel();
    const result = dutyFromTask(model, { task: 'EnterJournal' });
    expect(result.created).toEqual([{ kind: 'privilege', id: 'EnterJournal' }, { kind: 'duty', id: 'EnterJournal' }]);
    const next = apply(model, result);
    const privilege = next.privileges.get('enterjournal')!;
    expect(privilege.name).toBe('Enter a journal');
    expect(privilege.grants).toEqual(model.tasks.get('enterjournal')!.entryPoints);
    expect(next.duties.get('enterjournal')).toEqual({ id: 'EnterJournal', name: 'Enter a journal', privileges: ['EnterJournal'] });
  });

  it('takes other ids and a name; refuses taken ids and unknown tasks', () => {
    const model = designModel();
    const next = apply(model, dutyFromTask(model, { task: 'PostJournal', duty: 'PostDuty', privilege: 'PostPriv', name: 'Posting' }));
    expect(next.duties.get('postduty')?.privileges).toEqual(['PostPriv']);
    expect(next.privileges.get('postpriv')?.name).toBe('Posting');
    expectCode(() => dutyFromTask(model, { task: 'PostJournal', duty: 'viewjournals' }), 'DUPLICATE_ID');
    expectCode(() => dutyFromTask(model, { task: 'PostJournal', privilege: 'JOURNALVIEW' }), 'DUPLICATE_ID');
    expectCode(() => dutyFromTask(model, { task: 'Missing' }), 'NOT_FOUND');
  });
});

describe('subtractDuty', () => {
  it('a role minus removed entry points, keeping combined rights', () => {
    const model = designModel();
    const result = subtractDuty(model, { source: { kind: 'role', id: 'Accountant' }, remove: [POST.toUpperCase(), SETTLE], duty: { id: 'JournalsNoPost', name: 'Journals without posting' } });
    expect(result.kept).toEqual([LJT, INVOICE]);
    expect(result.removed).toEqual([POST, SETTLE]);
    expect(result.notInSource).toEqual([]);
    const next = apply(model, result);
    expect(next.duties.get('journalsnopost')!.privileges).toEqual(['JournalsNoPost']);
    const grants = next.privileges.get('journalsnopost')!.grants;
    expect(grants.find((g) => g.entryPoint === LJT)).toMatchObject({ read: 'allow', update: 'allow', delete: 'deny' });
  });

  it('from a user, a duty and a privilege; reports removals that are not in the source', () => {
    const model = designModel();
    const fromUser = subtractDuty(model, { source: { kind: 'user', id: 'carol' }, remove: [LJT], duty: { id: 'D1', name: 'D1' }, privilege: { id: 'P1', name: 'P one' } });
    expect(fromUser.kept).toEqual([INVOICE, SETTLE]);
    expect(fromUser.notInSource).toEqual([LJT]);
    expect(apply(model, fromUser).privileges.get('p1')?.name).toBe('P one');
    expect(subtractDuty(model, { source: { kind: 'duty', id: 'MaintainJournals' }, remove: [POST], duty: { id: 'D2', name: 'D2' } }).kept).toEqual([LJT]);
    expect(subtractDuty(model, { source: { kind: 'privilege', id: 'JournalMaintain' }, remove: [], duty: { id: 'D3', name: 'D3' } }).kept).toEqual([POST, LJT]);
  });

  it('refuses an empty result, unknown ids and taken ids', () => {
    const model = designModel();
    expectCode(() => subtractDuty(model, { source: { kind: 'privilege', id: 'JournalView' }, remove: [LJT], duty: { id: 'D', name: 'D' } }), 'VALIDATION_FAILED');
    expectCode(() => subtractDuty(model, { source: { kind: 'role', id: 'Nope' }, remove: [], duty: { id: 'D', name: 'D' } }), 'NOT_FOUND');
    expectCode(() => subtractDuty(model, { source: { kind: 'role', id: 'Clerk' }, remove: ['table:Nope'], duty: { id: 'D', name: 'D' } }), 'NOT_FOUND');
    expectCode(() => subtractDuty(model, { source: { kind: 'role', id: 'Clerk' }, remove: [LJT, LJT], duty: { id: 'D', name: 'D' } }), 'DUPLICATE_ID');
    expectCode(() => subtractDuty(model, { source: { kind: 'role', id: 'Clerk' }, remove: [], duty: { id: 'EnterInvoices', name: 'D' } }), 'DUPLICATE_ID');
  });
});

describe('mergeDuties', () => {
  it('unions privileges in order, each once', () => {
    const model = designModel();
    const result = mergeDuties(model, { duties: ['MaintainJournals', 'ViewJournals', 'EnterInvoices'], duty: { id: 'Finance', name: 'Finance' } });
    expect(result.privileges).toEqual(['JournalMaintain', 'NoDelete', 'JournalView', 'InvoiceEnter']);
    expect(result.updated).toEqual([]);
    expect(result.warnings).toHaveLength(1); // both sides of JournalsVsInvoices
    const next = apply(model, result);
    expect(next.roles.get('accountant')!.duties).toEqual(['MaintainJournals']);
  });

  it('replaces the merged duties in every role that held them', () => {
    const model = designModel();
    const result = mergeDuties(model, { duties: ['ViewJournals', 'MaintainJournals'], duty: { id: 'Journals', name: 'Journals' }, replaceInRoles: true });
    expect(result.updated.map((u) => u.id).sort()).toEqual(['Accountant', 'Viewer']);
    expect(result.warnings.join(' ')).toContain('JournalsVsInvoices');
    const next = apply(model, result);
    expect(next.roles.get('accountant')!.duties).toEqual(['Journals']);
    expect(next.roles.get('viewer')!.duties).toEqual(['Journals']);
    expect(next.roles.get('clerk')!.duties).toEqual(['EnterInvoices']);
    expect(next.duties.has('viewjournals')).toBe(true); // kept
  });

  it('refuses fewer than two, unknown or repeated duties and a taken id', () => {
    const model = designModel();
    expectCode(() => mergeDuties(model, { duties: ['ViewJournals'], duty: { id: 'X', name: 'X' } }), 'VALIDATION_FAILED');
    expectCode(() => mergeDuties(model, { duties: ['ViewJournals', 'Nope'], duty: { id: 'X', name: 'X' } }), 'NOT_FOUND');
    expectCode(() => mergeDuties(model, { duties: ['ViewJournals', 'viewjournals'], duty: { id: 'X', name: 'X' } }), 'DUPLICATE_ID');
    expectCode(() => mergeDuties(model, { duties: ['ViewJournals', 'EnterInvoices'], duty: { id: 'ViewJournals', name: 'X' } }), 'DUPLICATE_ID');
  });
});
