/**
 * A small hand-built model for the report tests: a finance department with SoD rules, scoped
 * assignments, overrides (in force and expired), a licence not covered by Operations (so attach
 * licences occur), users signing in at known distances from {@link AT}.
 */
import { createModel, defaultLicenseCatalogue, type ModelDataInput, type SecurityModel } from '../../src/model/index.js';

/** The instant the reports describe. */
export const AT = '2026-03-01T00:00:00.000Z';

/** The fixture as plain data. */
export function financeData(): ModelDataInput {
  return {
    licenses: { licenses: [...defaultLicenseCatalogue.licenses, { id: 'commerce', name: 'Commerce', covers: ['none'] }] },
    entryPoints: [
      { kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' },
      { kind: 'menu-item-action', name: 'LedgerJournalPost', viewLicense: 'activity', maintainLicense: 'operations' },
      { kind: 'menu-item-display', name: 'VendTable', viewLicense: 'team-members', maintainLicense: 'activity' },
      { kind: 'menu-item-action', name: 'VendPaymentPost', viewLicense: 'none', maintainLicense: 'operations' },
      { kind: 'form-control', name: 'VendTable', childName: 'ApproveButton', viewLicense: 'none', maintainLicense: 'activity' },
      { kind: 'data-entity', name: 'CustomersV3', viewLicense: 'self-serve', maintainLicense: 'team-members' },
      { kind: 'service-operation', name: 'PayrollSync', viewLicense: 'none', maintainLicense: 'none' },
      { kind: 'data-entity', name: 'RetailChannel', viewLicense: 'commerce', maintainLicense: 'commerce' },
    ],
    privileges: [
      { id: 'LedgerJournalView', name: 'View journals', grants: [{ entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow' }] },
      {
        id: 'LedgerJournalMaintain',
        name: 'Maintain journals',
        grants: [
          { entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow', update: 'allow' },
          { entryPoint: 'menu-item-action:LedgerJournalPost', invoke: 'allow' },
        ],
      },
      {
        id: 'VendView',
        name: 'View vendors',
        grants: [
          { entryPoint: 'menu-item-display:VendTable', read: 'allow' },
          { entryPoint: 'form-control:VendTable/ApproveButton', read: 'deny' },
        ],
      },
      {
        id: 'VendPay',
        name: 'Pay vendors',
        grants: [
          { entryPoint: 'menu-item-action:VendPaymentPost', invoke: 'allow' },
          { entryPoint: 'menu-item-display:VendTable', read: 'allow' },
        ],
      },
      { id: 'VendApprove', name: 'Approve vendors', grants: [{ entryPoint: 'form-control:VendTable/ApproveButton', read: 'allow', update: 'allow' }] },
      { id: 'CustRead', name: 'Read customers', grants: [{ entryPoint: 'data-entity:CustomersV3', read: 'allow' }] },
      { id: 'PayrollSync', name: 'Sync payroll', grants: [{ entryPoint: 'service-operation:PayrollSync', invoke: 'allow' }] },
      { id: 'RetailView', name: 'View channels', grants: [{ entryPoint: 'data-entity:RetailChannel', read: 'allow' }] },
    ],
    duties: [
      { id: 'LedgerJournalMaintainDuty', name: 'Maintain journals', privileges: ['LedgerJournalView', 'LedgerJournalMaintain'] },
      { id: 'VendPaymentDuty', name: 'Pay vendors', privileges: ['VendPay'] },
      { id: 'VendApproveDuty', name: 'Approve vendors', privileges: ['VendApprove', 'VendView'] },
      { id: 'InquiryDuty', name: 'Inquire', privileges: ['LedgerJournalView', 'VendView', 'CustRead'] },
    ],
    roles: [
      { id: '-SYSADMIN-', name: 'System administrator' },
      { id: 'Accountant', name: 'Accountant', duties: ['LedgerJournalMaintainDuty', 'InquiryDuty'] },
      { id: 'PaymentsClerk', name: 'Payments clerk', duties: ['VendPaymentDuty'] },
      { id: 'Approver', name: 'Approver', duties: ['VendApproveDuty'] },
      { id: 'Viewer', name: 'Viewer', duties: ['InquiryDuty'], privileges: ['PayrollSync', 'RetailView'] },
      { id: 'FinanceLead', name: 'Finance lead', subRoles: ['Accountant', 'Approver'] },
      { id: 'BadRole', name: 'Bad role', duties: ['VendPaymentDuty', 'VendApproveDuty'] },
    ],
    organizations: [
      { id: 'USMF', name: 'Contoso US' },
      { id: 'USMF-EAST', name: 'Contoso US East', parent: 'USMF' },
      { id: 'DEMF', name: 'Contoso DE' },
    ],
    users: [
      { id: 'alice', name: 'Alice', lastSignIn: '2026-02-28T12:00:00.000Z' },
      { id: 'bob', name: 'Bob', lastSignIn: '2026-01-15T00:00:00.000Z' },
      { id: 'carol', name: 'Carol', lastSignIn: '2025-10-01T00:00:00.000Z' },
      { id: 'dave', name: 'Dave', lastSignIn: null },
      { id: 'erin', name: 'Erin', enabled: false, lastSignIn: '2024-12-01T00:00:00.000Z' },
      { id: 'frank', name: 'Frank', lastSignIn: '2025-12-01T00:00:00.000Z' },
      { id: 'grace', name: 'Grace', lastSignIn: '2025-05-01T00:00:00.000Z' },
    ],
    assignments: [
      { user: 'alice', role: 'Accountant' },
      { user: 'alice', role: 'PaymentsClerk' },
      { user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'USMF', includeChildren: true }] } },
      { user: 'bob', role: 'PaymentsClerk', scope: { organizations: [{ id: 'DEMF' }] } },
      { user: 'carol', role: 'PaymentsClerk' },
      { user: 'carol', role: 'Approver', scope: { organizations: [{ id: 'USMF-EAST' }] } },
      { user: 'dave', role: 'FinanceLead' },
      { user: 'dave', role: 'PaymentsClerk' },
      { user: 'erin', role: 'BadRole' },
      { user: 'frank', role: 'Viewer' },
      { user: 'grace', role: '-SYSADMIN-' },
      { user: 'grace', role: 'Viewer' },
    ],
    sodRules: [
      { id: 'SOD-1', name: 'Journals vs payments', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', severity: 'high' },
      { id: 'SOD-2', name: 'Pay vs approve', firstDuty: 'VendPaymentDuty', secondDuty: 'VendApproveDuty', severity: 'critical' },
      { id: 'SOD-3', name: 'Inquiry vs pay (off)', firstDuty: 'InquiryDuty', secondDuty: 'VendPaymentDuty', severity: 'low', enabled: false },
    ],
    conflicts: [
      {
        id: 'C1', user: 'carol', role: 'Approver', scope: { organizations: [{ id: 'USMF-EAST' }] }, source: 'manual',
        rules: [{ rule: 'SOD-2', firstDuty: 'VendPaymentDuty', secondDuty: 'VendApproveDuty', firstRoles: ['PaymentsClerk'], secondRoles: ['Approver'], organizations: ['USMF-EAST'] }],
        raisedAt: '2025-09-01T00:00:00.000Z', status: 'allowed', reason: 'Small office', expiresAt: '2026-06-01T00:00:00.000Z', mitigation: 'Weekly review',
      },
      {
        id: 'C2', user: 'dave', role: 'PaymentsClerk', scope: 'all', source: 'manual',
        rules: [{ rule: 'SOD-1', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', firstRoles: ['FinanceLead'], secondRoles: ['PaymentsClerk'], organizations: 'all' }],
        raisedAt: '2025-12-01T00:00:00.000Z', status: 'allowed', reason: 'Year end', expiresAt: '2026-02-01T00:00:00.000Z', mitigation: null,
      },
    ],
  };
}

/** The fixture as a model. */
export function financeModel(): SecurityModel {
  return createModel(financeData());
}
