import { describe, expect, it } from 'vitest';
import { roleFromProcess, roleFromResponsibilities, tasksUnder } from '../../src/index.js';
import { apply, designModel, expectCode } from './fixture.js';

describe('tasksUnder', () => {
  it('lists the tasks below a process or a category in pre-order', () => {
    const model = designModel();
    expect(tasksUnder(model, { kind: 'process', id: 'GL' }).map((t) => t.id)).toEqual(['ReviewLedger', 'EnterJournal', 'PostJournal']);
    expect(tasksUnder(model, { kind: 'category', id: 'finance' }).map((t) => t.id)).toEqual(['ReviewLedger', 'EnterJournal', 'PostJournal', 'ReviewInvoices']);
    expect(tasksUnder(model, { kind: 'process', id: 'GLJournals' }).map((t) => t.id)).toEqual(['EnterJournal', 'PostJournal']);
    expectCode(() => tasksUnder(model, { kind: 'process', id: 'Nope' }), 'NOT_FOUND');
  });
});

describe('roleFromProcess', () => {
  it('holds, for each task below the node, the duty created from it (creating missing ones)', () => {
    const model = designModel();
    const result = roleFromProcess(model, { node: { kind: 'process', id: 'GL' }, role: { id: 'GLClerk', name: 'GL clerk' } });
    expect(result.tasks).toEqual([
      { task: 'ReviewLedger', duty: 'ReviewLedger', created: true },
      { task: 'EnterJournal', duty: 'EnterJournal', created: true },
      { task: 'PostJournal', duty: 'PostJournal', created: true },
    ]);
    const next = apply(model, result);
    expect(next.roles.get('glclerk')!.duties).toEqual(['ReviewLedger', 'EnterJournal', 'PostJournal']);
    expect(next.privileges.get('postjournal')!.grants).toEqual(model.tasks.get('postjournal')!.entryPoints);

    // A second role from an overlapping node reuses the duties now present.
    const again = roleFromProcess(next, { node: { kind: 'process', id: 'GLJournals' }, role: { id: 'Journals', name: 'Journals' } });
    expect(again.tasks.every((t) => !t.created)).toBe(true);
    expect(again.changes).toHaveLength(1);
    apply(next, again);
  });

  it('uses duty ids named per task, existing or new; two tasks may share one duty', () => {
    const model = designModel();
    const result = roleFromProcess(model, {
      node: { kind: 'category', id: 'Finance' },
      role: { id: 'Fin', name: 'Finance' },
      duties: [
        { task: 'EnterJournal', duty: 'MaintainJournals' },
        { task: 'PostJournal', duty: 'maintainjournals' },
        { task: 'ReviewInvoices', duty: 'InvoiceReview' },
      ],
    });
    const next = apply(model, result);
    expect(next.roles.get('fin')!.duties).toEqual(['ReviewLedger', 'MaintainJournals', 'InvoiceReview']);
    expect(next.duties.get('invoicereview')!.privileges).toEqual(['InvoiceReview']);
  });

  it('refuses a node without tasks, an unknown node, a task not below it and taken ids', () => {
    const model = apply(designModel(), { changes: [{ op: 'add', kind: 'process', value: { id: 'Empty', name: 'Empty', category: 'Finance' } }] });
    expectCode(() => roleFromProcess(model, { node: { kind: 'process', id: 'Empty' }, role: { id: 'R', name: 'R' } }), 'VALIDATION_FAILED');
    expectCode(() => roleFromProcess(model, { node: { kind: 'category', id: 'Nope' }, role: { id: 'R', name: 'R' } }), 'NOT_FOUND');
    expectCode(() => roleFromProcess(model, { node: { kind: 'process', id: 'AP' }, role: { id: 'R', name: 'R' }, duties: [{ task: 'EnterJournal', duty: 'X' }] }), 'NOT_FOUND');
    expectCode(() => roleFromProcess(model, { node: { kind: 'process', id: 'AP' }, role: { id: 'clerk', name: 'R' } }), 'DUPLICATE_ID');
    // The duty id is free but the privilege id is not.
    expectCode(() => roleFromProcess(model, { node: { kind: 'process', id: 'AP' }, role: { id: 'R', name: 'R' }, duties: [{ task: 'ReviewInvoices', duty: 'JournalView' }] }), 'DUPLICATE_ID');
  });
});

describe('roleFromResponsibilities', () => {
  it('holds the duties of every responsibility once, in order, and describes the position', () => {
    const model = designModel();
    const result = roleFromResponsibilities(model, {
      role: { id: 'Controller', name: 'Controller' },
      position: 'Financial controller',
      responsibilities: [
        { name: 'Journals', duties: ['ViewJournals', 'MaintainJournals'] },
        { name: 'Payables', duties: ['EnterInvoices', 'viewjournals'] },
      ],
    });
    const role = apply(model, result).roles.get('controller')!;
    expect(role.duties).toEqual(['ViewJournals', 'MaintainJournals', 'EnterInvoices']);
    expect(role.description).toContain('Financial controller');
    expect(role.description).toContain('Payables');
  });

  it('refuses unknown duties and a taken id', () => {
    const model = designModel();
    expectCode(() => roleFromResponsibilities(model, { role: { id: 'R', name: 'R' }, responsibilities: [{ name: 'X', duties: ['Nope'] }] }), 'MISSING_REFERENCE');
    expectCode(() => roleFromResponsibilities(model, { role: { id: 'Viewer', name: 'R' }, responsibilities: [{ name: 'X', duties: ['ViewJournals'] }] }), 'DUPLICATE_ID');
    expectCode(() => roleFromResponsibilities(model, { role: { id: 'R', name: 'R' }, responsibilities: [] }), 'VALIDATION_FAILED');
  });
});
