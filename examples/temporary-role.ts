/**
 * A temporary role session: Bob covers for Carol (Accountant) for one week.
 * Run with `npx tsx examples/temporary-role.ts`.
 */
import { createGovernance, createModel } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';

const model = createModel({
  entryPoints: [{ kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' }],
  privileges: [{ id: 'LedgerJournalMaintain', name: 'Maintain journals', grants: [{ entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow', update: 'allow' }] }],
  duties: [{ id: 'MaintainJournals', name: 'Maintain journals', privileges: ['LedgerJournalMaintain'] }],
  roles: [
    { id: '-SYSADMIN-', name: 'System administrator' },
    { id: 'Accountant', name: 'Accountant', duties: ['MaintainJournals'] },
    { id: 'Clerk', name: 'Clerk' },
  ],
  users: [
    { id: 'admin', name: 'Admin' },
    { id: 'bob', name: 'Bob' },
  ],
  assignments: [
    { user: 'admin', role: '-SYSADMIN-' },
    { user: 'bob', role: 'Clerk' },
  ],
});

// A manual clock makes the week pass in milliseconds; in production omit `clock` (system clock).
const clock = new ManualClock('2026-03-02T08:00:00Z');
const gov = await createGovernance({ model, clock });
const journals = 'menu-item-display:LedgerJournalTable';

const draft = await gov.createTemporaryRoleSession('admin', {
  user: 'bob',
  roles: ['Accountant'],
  type: 'merge', // add to Bob's roles; 'replace' would suspend them for the week
  start: '2026-03-02T09:00:00Z',
  end: '2026-03-09T09:00:00Z',
  justification: 'Carol is on leave',
  ticket: 'CHG-1001',
});
await gov.approveSession('admin', draft.id); // Draft -> Planned
console.log(`${draft.id} planned; Bob can post journals: ${gov.check('bob', journals, 'update')}`);

clock.set('2026-03-02T09:00:00Z');
await gov.process(); // the background processor starts due sessions
console.log(`session started; Bob can post journals: ${gov.check('bob', journals, 'update')}`);
console.log(`Bob's roles now: ${gov.effectiveState('bob').assignments.map((a) => a.role).join(', ')}`);

clock.advance({ days: 7 });
await gov.process(); // ... and ends them
console.log(`session ended; Bob can post journals: ${gov.check('bob', journals, 'update')}`);
console.log(`Bob's roles now: ${gov.effectiveState('bob').assignments.map((a) => a.role).join(', ')}`);

console.log('\nAudit log:');
for (const e of await gov.sessionAuditLog(draft.id)) console.log(`  ${e.at}  ${e.event.padEnd(7)} ${String(e.from).padEnd(8)} -> ${e.to.padEnd(8)} by ${e.by} (${e.actor})`);
console.log('User role change log:');
for (const e of await gov.roleChangeLog(draft.id)) console.log(`  ${e.at}  ${e.change} ${e.role}`);
