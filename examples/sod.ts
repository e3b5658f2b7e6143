/**
 * Segregation of duties: a rule, a conflicting assignment held as an unresolved conflict, allowed
 * with a reason for override, and reported by the compliance scan.
 * Run with `npx tsx examples/sod.ts`.
 */
import { createGovernance, createModel } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';

const model = createModel({
  entryPoints: [
    { kind: 'menu-item-display', name: 'LedgerJournalTable', viewLicense: 'team-members', maintainLicense: 'operations' },
    { kind: 'menu-item-action', name: 'VendPaymentPost', viewLicense: 'activity', maintainLicense: 'operations' },
  ],
  privileges: [
    { id: 'LedgerJournalMaintain', name: 'Maintain journals', grants: [{ entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow', update: 'allow' }] },
    { id: 'VendPaymentPost', name: 'Post payments', grants: [{ entryPoint: 'menu-item-action:VendPaymentPost', invoke: 'allow' }] },
  ],
  duties: [
    { id: 'MaintainJournals', name: 'Maintain journals', privileges: ['LedgerJournalMaintain'] },
    { id: 'PayVendors', name: 'Pay vendors', privileges: ['VendPaymentPost'] },
  ],
  roles: [
    { id: '-SYSADMIN-', name: 'System administrator' },
    { id: 'Accountant', name: 'Accountant', duties: ['MaintainJournals'] },
    { id: 'PaymentsClerk', name: 'Payments clerk', duties: ['PayVendors'] },
  ],
  organizations: [
    { id: 'USMF', name: 'Contoso US' },
    { id: 'DEMF', name: 'Contoso DE' },
  ],
  users: [
    { id: 'admin', name: 'Admin' },
    { id: 'bob', name: 'Bob' },
  ],
  assignments: [
    { user: 'admin', role: '-SYSADMIN-' },
    { user: 'bob', role: 'PaymentsClerk', scope: { organizations: [{ id: 'USMF' }] } },
  ],
});

const clock = new ManualClock('2026-03-02T08:00:00Z');
const gov = await createGovernance({ model, clock });

// 1. The rule is governed configuration: a change record like any other.
await gov.apply('admin', [
  {
    op: 'add',
    kind: 'sodRule',
    value: {
      id: 'SOD-001',
      name: 'Maintain journals vs pay vendors',
      firstDuty: 'MaintainJournals',
      secondDuty: 'PayVendors',
      severity: 'high',
      risk: 'One person could book a fictitious liability and pay it.',
      mitigation: 'Monthly review of payments against journals.',
    },
  },
]);

// 2. Accountant in DEMF does not meet Bob's payments in USMF: applied.
const elsewhere = await gov.assign('admin', { user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'DEMF' }] }, source: 'manual' });
console.log(`Accountant in DEMF: ${elsewhere.conflicts.length} conflict(s)`);

// 3. Before changing anything, ask what giving Bob Accountant in every organization would do.
const whatIf = gov.simulate('bob', [{ op: 'assign', assignment: { user: 'bob', role: 'Accountant' } }]);
console.log(`What-if Accountant everywhere: adds ${whatIf.added.map((v) => v.rule).join(', ') || 'no risk'}; licences ${whatIf.licenses.before.licenses.join('+')} -> ${whatIf.licenses.after.licenses.join('+')}`);

// 4. Doing it meets the payments duty in USMF: held as an unresolved conflict, not applied.
const everywhere = await gov.assign('admin', { user: 'bob', role: 'Accountant' });
const conflict = everywhere.conflicts[0]!;
const rule = conflict.rules[0]!;
console.log(`Accountant everywhere: conflict ${conflict.id} (${conflict.status}) against role ${conflict.role}`);
console.log(`  rule ${rule.rule}: ${rule.firstDuty} via ${rule.firstRoles.join(', ')} and ${rule.secondDuty} via ${rule.secondRoles.join(', ')} in ${JSON.stringify(rule.organizations)}`);
console.log(`  Bob's Accountant scope is still: ${JSON.stringify(gov.model().assignments.get('bob\u0000accountant')?.scope)}`);

// 5. An administrator allows it for two weeks, with a reason and a mitigating control.
await gov.resolveConflict('admin', conflict.id, {
  decision: 'allow',
  reason: 'Covers the US payments team during the audit',
  expiresAt: '2026-03-16T08:00:00Z',
  mitigation: 'Controller approves every payment run',
});
console.log(`Allowed: Bob's Accountant scope is now ${JSON.stringify(gov.model().assignments.get('bob\u0000accountant')?.scope)}`);

// 6. The compliance scan lists the violation as overridden, then as a violation once the override expires.
let report = gov.verifyCompliance();
console.log(`Scan ${report.at}: ${report.violations.length} violation(s), ${report.overridden.length} overridden`);
clock.set('2026-03-16T08:00:00Z');
report = gov.verifyCompliance();
console.log(`Scan ${report.at}: ${report.violations.length} violation(s), expired override(s): ${report.expiredOverrides.map((o) => o.id).join(', ')}`);
for (const v of report.violations) console.log(`  ${v.user} breaks ${v.rule} (${v.severity}) in ${JSON.stringify(v.organizations)}`);
