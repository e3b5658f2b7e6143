/**
 * A small model with every kind of record, for the versioning tests.
 */
import { createModel, type ModelDataInput, type SecurityModel } from '../../src/index.js';

export const FORM = 'menu-item-display:LedgerJournalTable';
export const POST = 'menu-item-action:LedgerJournalPost';
export const PAY = 'service-operation:VendPayments/settle';
export const PURCH = 'menu-item-display:PurchTable';

/** Plain data of the fixture: configuration, governance and assignments. */
export function fixtureData(): ModelDataInput {
  return {
    entryPoints: [
      { kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' },
      { kind: 'menu-item-action', name: 'LedgerJournalPost', maintainLicense: 'activity' },
      { kind: 'service-operation', name: 'VendPayments', childName: 'settle' },
      { kind: 'menu-item-display', name: 'PurchTable', label: 'Purchase orders' },
    ],
    privileges: [
      { id: 'LedgerJournalView', name: 'View journals', grants: [{ entryPoint: FORM, read: 'allow' }] },
      { id: 'LedgerJournalMaintain', name: 'Maintain journals', grants: [{ entryPoint: FORM, read: 'allow', update: 'allow' }, { entryPoint: POST, invoke: 'allow' }] },
      { id: 'VendPaymentsSettle', name: 'Settle payments', grants: [{ entryPoint: PAY, invoke: 'allow' }] },
      { id: 'PurchView', name: 'View purchase orders', grants: [{ entryPoint: PURCH, read: 'allow' }] },
    ],
    duties: [
      { id: 'MaintainJournals', name: 'Maintain journals', privileges: ['LedgerJournalMaintain'] },
      { id: 'SettlePayments', name: 'Settle payments', privileges: ['VendPaymentsSettle'] },
      { id: 'ReviewPurchases', name: 'Review purchases', privileges: ['PurchView'] },
    ],
    roles: [
      { id: 'Accountant', name: 'Accountant', duties: ['MaintainJournals'], privileges: ['LedgerJournalView'], subRoles: ['Clerk'] },
      { id: 'Clerk', name: 'Clerk', duties: ['SettlePayments'] },
      { id: 'Buyer', name: 'Buyer', duties: ['ReviewPurchases'] },
      { id: '-SYSADMIN-', name: 'System administrator' },
    ],
    organizations: [
      { id: 'USMF', name: 'Contoso USA' },
      { id: 'USMF-East', name: 'Contoso USA East', parent: 'USMF' },
    ],
    users: [
      { id: 'alice', name: 'Alice', attributes: { department: 'Finance' } },
      { id: 'bob', name: 'Bob', enabled: false, attributes: { department: 'Purchasing' } },
    ],
    assignments: [
      { user: 'alice', role: 'Accountant', scope: { organizations: [{ id: 'USMF', includeChildren: true }] } },
      { user: 'bob', role: 'Clerk' },
    ],
    sodRules: [{ id: 'SOD-1', name: 'Journals vs payments', firstDuty: 'MaintainJournals', secondDuty: 'SettlePayments', severity: 'high' }],
    securityCategories: [{ id: 'P2P', name: 'Procure to pay' }, { id: 'R2R', name: 'Record to report' }],
    processes: [
      { id: 'Purchasing', name: 'Purchasing', category: 'P2P' },
      { id: 'PurchaseOrders', name: 'Purchase orders', category: 'P2P', parent: 'Purchasing' },
    ],
    tasks: [{ id: 'ReviewPO', name: 'Review purchase orders', process: 'PurchaseOrders', entryPoints: [{ entryPoint: PURCH, read: 'allow', delete: 'deny' }] }],
    assignmentRules: [{ id: 'buyers', name: 'Buyers by department', role: 'Buyer', condition: { attribute: 'department', equals: 'Purchasing' } }],
    exclusions: [{ user: 'alice', role: 'Buyer', reason: 'finance only' }],
  };
}

/** The fixture model. */
export function fixtureModel(): SecurityModel {
  return createModel(fixtureData());
}
