/**
 * Role design: a role designed from a node of the process hierarchy, a duty made by subtracting
 * entry points from it, and the role duplicated to the Team Members licence. Each design function
 * returns change records: they are tried here on a working copy with `applyChanges`, then staged on
 * the governance service as unpublished changes and published at once (after the SoD and
 * similarity checks), so users see the new roles only from the moment of publishing.
 * Run with `npx tsx examples/role-design.ts`.
 */
import { applyChanges, compileLicenses, createGovernance, createModel, duplicateToLicense, roleFromProcess, subtractDuty, type Change } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';

const base = createModel({
  roles: [{ id: '-SYSADMIN-', name: 'System administrator' }],
  users: [{ id: 'admin', name: 'Admin' }],
  assignments: [{ user: 'admin', role: '-SYSADMIN-' }],
  parameters: { allowUnpublishedObjects: true },
  entryPoints: [
    { kind: 'web-content', name: 'LedgerWorkspace', viewLicense: 'team-members', maintainLicense: 'team-members' },
    { kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' },
    { kind: 'menu-item-action', name: 'LedgerJournalPost', viewLicense: 'activity', maintainLicense: 'activity' },
    { kind: 'menu-item-display', name: 'LedgerTrialBalance', viewLicense: 'team-members', maintainLicense: 'operations' },
  ],
  securityCategories: [{ id: 'RecordToReport', name: 'Record to report' }],
  processes: [
    { id: 'GeneralLedger', name: 'General ledger', category: 'RecordToReport' },
    { id: 'Journals', name: 'Journals', category: 'RecordToReport', parent: 'GeneralLedger' },
    { id: 'PeriodEnd', name: 'Period end', category: 'RecordToReport', parent: 'GeneralLedger' },
  ],
  tasks: [
    { id: 'EnterJournal', name: 'Enter a journal', process: 'Journals', entryPoints: [
      { entryPoint: 'web-content:LedgerWorkspace', read: 'allow' },
      { entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow', update: 'allow', create: 'allow', delete: 'deny' },
    ] },
    { id: 'PostJournal', name: 'Post a journal', process: 'Journals', entryPoints: [{ entryPoint: 'menu-item-action:LedgerJournalPost', invoke: 'allow' }] },
    { id: 'ReviewTrialBalance', name: 'Review the trial balance', process: 'PeriodEnd', entryPoints: [{ entryPoint: 'menu-item-display:LedgerTrialBalance', read: 'allow' }] },
  ],
});
let model = base;
const design: Change[] = [];

// 1. A role from the "General ledger" node: one duty per task below it (created from the task).
const role = roleFromProcess(model, { node: { kind: 'process', id: 'GeneralLedger' }, role: { id: 'GLAccountant', name: 'GL accountant' } });
console.log(role.description);
model = applyChanges(model, role.changes);
design.push(...role.changes);

// 2. Duty subtraction: everything the role reaches except posting.
const review = subtractDuty(model, {
  source: { kind: 'role', id: 'GLAccountant' },
  remove: ['menu-item-action:LedgerJournalPost'],
  duty: { id: 'ReviewLedger', name: 'Review the ledger' },
});
console.log(review.description);
model = applyChanges(model, review.changes);
design.push(...review.changes);

// 3. The role duplicated to Team Members: grants that need more are left out, and listed.
const licences = compileLicenses(model);
console.log(`GLAccountant needs: ${licences.ofRole('GLAccountant').licenses.join(', ')}`);
const teamMembers = duplicateToLicense(model, { source: { kind: 'role', id: 'GLAccountant' }, license: 'team-members', keepReadAccess: true });
console.log(teamMembers.description);
for (const o of teamMembers.omitted) console.log(`  ${o.action}: ${o.privilege} on ${o.entryPoint}: ${o.reason}`);
model = applyChanges(model, teamMembers.changes);
design.push(...teamMembers.changes);
console.log(`${teamMembers.copy} needs: ${compileLicenses(model).ofRole(teamMembers.copy).licenses.join(', ')}`);
console.log(`${teamMembers.copy} holds duties: ${model.roles.get(teamMembers.copy.toLowerCase())!.duties.join(', ')}`);

// 4. Publish: stage the design on the governance service, look at it unpublished, publish it at once.
const gov = await createGovernance({ model: base, clock: new ManualClock('2026-03-02T08:00:00Z') });
await gov.stage('admin', design, { reason: 'GL roles designed from the process hierarchy' });
console.log(`Staged ${design.length} changes: published model has GLAccountant? ${gov.model().roles.has('glaccountant')}; with unpublished changes? ${gov.model({ unpublished: true }).roles.has('glaccountant')}`);
await gov.publish('admin', { reason: 'Release GL roles' });
console.log(`Published: GLAccountant and ${teamMembers.copy} are live: ${gov.model().roles.has('glaccountant') && gov.model().roles.has(teamMembers.copy.toLowerCase())}; audit: ${(await gov.auditTrail()).map((e) => e.command).join(', ')}`);
