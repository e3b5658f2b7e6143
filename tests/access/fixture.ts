/**
 * A small hand-written model for the unit tests of effective access: a ledger journal with view,
 * maintain and deny privileges, a service operation, a data entity with a method, a sub-role chain,
 * an organization hierarchy, and users for each rule.
 */
import type { ModelDataInput, SecurityModel } from '../../src/model/index.js';
import { createModel } from '../../src/model/index.js';

/** Entry point ids of the fixture. */
export const EP = {
  journal: 'menu-item-display:LedgerJournalTable',
  post: 'menu-item-action:PostJournal',
  service: 'service-operation:LedgerService.post',
  entity: 'data-entity:CustomerEntity',
  method: 'data-entity:CustomerEntity/approve',
  table: 'table:CustTable',
} as const;

/** The fixture as plain data. */
export const fixtureData: ModelDataInput = {
  entryPoints: [
    { kind: 'menu-item-display', name: 'LedgerJournalTable' },
    { kind: 'menu-item-action', name: 'PostJournal' },
    { kind: 'service-operation', name: 'LedgerService.post' },
    { kind: 'data-entity', name: 'CustomerEntity' },
    { kind: 'data-entity', name: 'CustomerEntity', childName: 'approve' },
    { kind: 'table', name: 'CustTable' },
  ],
  privileges: [
    { id: 'LedgerJournalView', name: 'View journals', grants: [{ entryPoint: EP.journal, read: 'allow' }] },
    {
      id: 'LedgerJournalMaintain',
      name: 'Maintain journals',
      grants: [
        { entryPoint: EP.journal, read: 'allow', update: 'allow', create: 'allow', delete: 'allow' },
        // Spelled in another case on purpose: ids are case-insensitive.
        { entryPoint: 'MENU-ITEM-ACTION:postjournal', invoke: 'allow' },
      ],
    },
    { id: 'DenyLedgerDelete', name: 'No deleting journals', grants: [{ entryPoint: EP.journal, delete: 'deny' }] },
    { id: 'ServiceInvoke', name: 'Call the ledger service', grants: [{ entryPoint: EP.service, invoke: 'allow', read: 'allow' }] },
    {
      id: 'CustomerApprove',
      name: 'Approve customers',
      grants: [
        { entryPoint: EP.entity, read: 'allow' },
        { entryPoint: EP.method, invoke: 'allow', read: 'allow' },
      ],
    },
  ],
  duties: [
    { id: 'ViewLedger', name: 'View the ledger', privileges: ['LedgerJournalView'] },
    { id: 'MaintainLedger', name: 'Maintain the ledger', privileges: ['ledgerjournalmaintain'] },
  ],
  roles: [
    { id: 'Accountant', name: 'Accountant', duties: ['MaintainLedger'] },
    { id: 'Clerk', name: 'Clerk', duties: ['ViewLedger'], privileges: ['ServiceInvoke', 'CustomerApprove'] },
    { id: 'Auditor', name: 'Auditor', subRoles: ['clerk'], privileges: ['DenyLedgerDelete'] },
    { id: 'Manager', name: 'Manager', subRoles: ['Auditor'], duties: ['MaintainLedger'] },
    { id: '-SYSADMIN-', name: 'System administrator' },
  ],
  organizations: [
    { id: 'Group', name: 'Group' },
    { id: 'USMF', name: 'Contoso US', parent: 'Group' },
    { id: 'USMF-East', name: 'Contoso US East', parent: 'usmf' },
    { id: 'DEMF', name: 'Contoso Germany', parent: 'Group' },
  ],
  users: [
    { id: 'alice', name: 'Alice' },
    { id: 'bob', name: 'Bob' },
    { id: 'carol', name: 'Carol' },
    { id: 'dave', name: 'Dave', enabled: false },
    { id: 'erin', name: 'Erin' },
    { id: 'frank', name: 'Frank' },
    { id: 'gina', name: 'Gina' },
    { id: 'henry', name: 'Henry' },
    { id: 'ivy', name: 'Ivy' },
    { id: 'nobody', name: 'Nobody' },
  ],
  assignments: [
    { user: 'alice', role: 'Accountant' },
    { user: 'bob', role: 'manager' },
    { user: 'carol', role: 'Accountant', scope: { organizations: [{ id: 'USMF', includeChildren: true }] } },
    { user: 'carol', role: 'Clerk' },
    { user: 'dave', role: 'Accountant' },
    { user: 'erin', role: '-SYSADMIN-' },
    { user: 'frank', role: '-sysadmin-', scope: { organizations: [{ id: 'DEMF' }] } },
    { user: 'gina', role: 'Accountant', scope: { organizations: [{ id: 'USMF' }] } },
    { user: 'henry', role: 'Auditor' },
    { user: 'henry', role: 'Accountant' },
    { user: 'ivy', role: 'Accountant' },
    { user: 'ivy', role: 'Auditor', scope: { organizations: [{ id: 'DEMF' }] } },
  ],
};

/** The fixture model. */
export function fixtureModel(): SecurityModel {
  return createModel(fixtureData);
}
