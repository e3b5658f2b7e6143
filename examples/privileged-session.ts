/**
 * A privileged user session: a normally disabled break-glass account is enabled, with the system
 * administrator role, for four hours; its sign-ins and interactions are recorded.
 * Run with `npx tsx examples/privileged-session.ts`.
 */
import { createGovernance, createModel } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';

const model = createModel({
  roles: [{ id: '-SYSADMIN-', name: 'System administrator' }],
  users: [
    { id: 'admin', name: 'Admin' },
    { id: 'break-glass', name: 'Emergency account', enabled: false },
  ],
  assignments: [{ user: 'admin', role: '-SYSADMIN-' }],
});

const clock = new ManualClock('2026-03-02T08:00:00Z');
const gov = await createGovernance({ model, clock });

const session = await gov.createPrivilegedSession('admin', {
  user: 'break-glass',
  account: 'enable', // enabled while the session is active, disabled again afterwards
  roles: ['-SYSADMIN-'],
  start: '2026-03-02T09:00:00Z',
  end: '2026-03-02T13:00:00Z', // at most 24 hours
  justification: 'Incident INC-4711: batch server down',
});
await gov.approveSession('admin', session.id); // Draft -> Approved

clock.set('2026-03-02T09:00:00Z');
await gov.process();
console.log(`${session.id} active; account enabled: ${gov.effectiveState('break-glass').enabled}`);

// The host application reports sign-ins and interactions while the session is active.
clock.set('2026-03-02T09:15:00Z');
const signIn = await gov.signIn('break-glass');
await gov.recordInteraction(session.id, [
  { type: 'open-form', target: 'SysUserManagement' },
  { type: 'set-value', target: 'Enabled', value: 'Yes' },
  { type: 'click', target: 'Save' },
]);
clock.set('2026-03-02T10:00:00Z');
await gov.signOut('break-glass', signIn.id);

clock.set('2026-03-02T13:00:00Z');
await gov.process();
console.log(`session ended; account enabled: ${gov.effectiveState('break-glass').enabled}`);

const log = await gov.userLog(session.id);
for (const s of log.signIns) console.log(`sign-in ${s.signIn}: ${s.signedInAt} for ${s.durationMs / 60_000} minutes`);
console.log(`session ended at ${log.sessionEndedAt}`);

for (const doc of await gov.exportRecording(session.id)) {
  console.log(`\n${doc.name} (${doc.count} interactions):`);
  for await (const line of doc.lines()) process.stdout.write(`  ${line}`);
}
