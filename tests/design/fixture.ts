/**
 * A small hand-made model for the design tests: a Finance category with a process tree, tasks,
 * privileges on entry points of several licences, duties, roles with a sub-role, and users.
 */
import { expect } from 'vitest';
import { SecGovError, applyChanges, createModel, type ChangeInput, type SecGovErrorCode, type SecurityModel } from '../../src/index.js';

export const LJT = 'menu-item-display:LedgerJournalTable';
export const POST = 'menu-item-action:LedgerJournalPost';
export const INVOICE = 'menu-item-display:VendInvoice';
export const WORKSPACE = 'web-content:LedgerWorkspace';
export const TILE = 'menu-item-display:LedgerTile';
export const SETTLE = 'service-operation:VendPayments/settle';

/** The fixture model. */
export function designModel(): SecurityModel {
  return createModel({
    entryPoints: [
      { kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' },
      { kind: 'menu-item-action', name: 'LedgerJournalPost', viewLicense: 'activity', maintainLicense: 'activity' },
      { kind: 'menu-item-display', name: 'VendInvoice', viewLicense: 'team-members', maintainLicense: 'activity' },
      { kind: 'web-content', name: 'LedgerWorkspace' },
      { kind: 'menu-item-display', name: 'LedgerTile', viewLicense: 'team-members', maintainLicense: 'team-members' },
      { kind: 'service-operation', name: 'VendPayments', childName: 'settle' },
    ],
    privileges: [
      { id: 'JournalView', name: 'View journals', grants: [{ entryPoint: LJT, read: 'allow' }] },
      { id: 'JournalMaintain', name: 'Maintain journals', grants: [{ entryPoint: LJT, read: 'allow', update: 'allow', create: 'allow' }, { entryPoint: POST, invoke: 'allow' }] },
      { id: 'InvoiceEnter', name: 'Enter invoices', grants: [{ entryPoint: INVOICE, read: 'allow', create: 'allow' }] },
      { id: 'NoDelete', name: 'No deleting journals', grants: [{ entryPoint: LJT, delete: 'deny' }] },
      { id: 'Settle', name: 'Settle', grants: [{ entryPoint: SETTLE, invoke: 'allow' }] },
    ],
    duties: [
      { id: 'ViewJournals', name: 'View journals', privileges: ['JournalView'] },
      { id: 'MaintainJournals', name: 'Maintain journals', privileges: ['JournalMaintain', 'NoDelete'] },
      { id: 'EnterInvoices', name: 'Enter invoices', privileges: ['InvoiceEnter'] },
    ],
    roles: [
      { id: '-SYSADMIN-', name: 'System administrator' },
      { id: 'Accountant', name: 'Accountant', duties: ['MaintainJournals'], privileges: ['JournalView'], subRoles: ['Clerk'] },
      { id: 'Clerk', name: 'Clerk', duties: ['EnterInvoices'], privileges: ['Settle'] },
      { id: 'Viewer', name: 'Viewer', duties: ['ViewJournals'] },
    ],
    organizations: [{ id: 'USMF', name: 'Contoso US' }],
    users: [
      { id: 'alice', name: 'Alice' },
      { id: 'bob', name: 'Bob', enabled: false },
      { id: 'carol', name: 'Carol' },
    ],
    assignments: [
      { user: 'alice', role: 'Accountant' },
      { user: 'bob', role: 'Clerk' },
      { user: 'carol', role: 'Clerk', scope: { organizations: [{ id: 'USMF' }] } },
    ],
    sodRules: [{ id: 'JournalsVsInvoices', name: 'Journals vs invoices', firstDuty: 'MaintainJournals', secondDuty: 'EnterInvoices' }],
    securityCategories: [{ id: 'Finance', name: 'Finance' }],
    processes: [
      { id: 'GL', name: 'General ledger', category: 'Finance' },
      { id: 'GLJournals', name: 'Journals', category: 'Finance', parent: 'GL' },
      { id: 'AP', name: 'Accounts payable', category: 'Finance' },
    ],
    tasks: [
      { id: 'EnterJournal', name: 'Enter a journal', process: 'GLJournals', entryPoints: [{ entryPoint: LJT, read: 'allow', update: 'allow', create: 'allow' }] },
      { id: 'PostJournal', name: 'Post a journal', process: 'GLJournals', entryPoints: [{ entryPoint: POST, invoke: 'allow' }] },
      { id: 'ReviewLedger', name: 'Review the ledger', process: 'GL', entryPoints: [{ entryPoint: WORKSPACE, read: 'allow' }] },
      { id: 'ReviewInvoices', name: 'Review invoices', process: 'AP', entryPoints: [{ entryPoint: INVOICE, read: 'allow' }] },
    ],
  });
}

/** Run `action`, expect a SecGovError with `code`, return it. */
export function expectCode(action: () => unknown, code: SecGovErrorCode): SecGovError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error(`expected SecGovError ${code}, but nothing was thrown`);
  if (!(thrown instanceof SecGovError)) throw new Error(`expected SecGovError ${code}, got ${String(thrown)}`);
  expect(thrown.code, thrown.message).toBe(code);
  return thrown;
}

/** Apply a design's changes (they must apply cleanly). */
export function apply(model: SecurityModel, result: { readonly changes: readonly ChangeInput[] }): SecurityModel {
  return applyChanges(model, result.changes);
}
