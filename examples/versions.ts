/**
 * Versions and the audit trail: snapshot the configuration, change it, compare, restore, and prove
 * afterwards who did what with the hash-chained audit trail.
 * Run with `npx tsx examples/versions.ts`.
 */
import { createGovernance, createModel, renderComparison } from '../src/index.js';
import { ManualClock } from '../src/testing/index.js';

const model = createModel({
  entryPoints: [
    { kind: 'menu-item-display', name: 'PurchTable', viewLicense: 'team-members', maintainLicense: 'activity' },
    { kind: 'menu-item-action', name: 'VendPaymentPost', viewLicense: 'activity', maintainLicense: 'operations' },
  ],
  privileges: [
    { id: 'PurchTableView', name: 'View purchase orders', grants: [{ entryPoint: 'menu-item-display:PurchTable', read: 'allow' }] },
    { id: 'VendPaymentPost', name: 'Post payments', grants: [{ entryPoint: 'menu-item-action:VendPaymentPost', invoke: 'allow' }] },
  ],
  duties: [
    { id: 'PurchInquiry', name: 'Inquire into purchases', privileges: ['PurchTableView'] },
    { id: 'PayVendors', name: 'Pay vendors', privileges: ['VendPaymentPost'] },
  ],
  roles: [
    { id: '-SYSADMIN-', name: 'System administrator' },
    { id: 'Buyer', name: 'Buyer', duties: ['PurchInquiry'] },
  ],
  users: [{ id: 'admin', name: 'Admin' }, { id: 'bob', name: 'Bob' }],
  assignments: [{ user: 'admin', role: '-SYSADMIN-' }, { user: 'bob', role: 'Buyer' }],
});

const clock = new ManualClock('2026-03-02T08:00:00Z');
const gov = await createGovernance({ model, clock });

const baseline = await gov.createVersion('admin', { name: 'Baseline', description: 'Before release 12' });
console.log(`Version ${baseline.id} "${baseline.name}" at revision ${baseline.revision}`);

clock.advance({ days: 3 });
await gov.apply('admin', [
  { op: 'update', kind: 'role', id: 'Buyer', patch: { duties: ['PurchInquiry', 'PayVendors'] } },
  { op: 'setGrant', privilege: 'PurchTableView', grant: { entryPoint: 'menu-item-display:PurchTable', read: 'allow', update: 'allow' } },
], { reason: 'Release 12: buyers pay their own vendors' });

const diff = await gov.compareVersions(baseline.id, 'current');
console.log(`\nCompare ${baseline.id} with the current state:\n${renderComparison(diff)}`);

clock.advance({ days: 1 });
const restored = await gov.restoreVersion('admin', baseline.id, { parts: 'configuration', reason: 'Auditor finding 2026-07' });
console.log(`Restored the configuration of ${baseline.id} (${restored.kept.length} record(s) kept as they are)`);
const again = await gov.compareVersions(baseline.id, 'current', { parts: ['configuration'] });
console.log(`Differences in the configuration after the restore: ${again.entries.length}`);

console.log('\nHistory of role Buyer:');
for (const h of await gov.history('role', 'Buyer')) console.log(`  #${h.seq} ${h.at} ${h.actor} ${h.command}${h.reason ? ` (${h.reason})` : ''}: ${h.change.op}`);

console.log('\nAudit trail:');
for (const e of await gov.auditTrail()) console.log(`  #${e.seq} ${e.at} ${e.actor.padEnd(6)} ${e.command.padEnd(14)} ${e.changes.length} change(s) ${e.hash.slice(0, 12)}…`);
const verdict = await gov.verifyAuditTrail();
console.log(verdict.ok ? `Verified: ${verdict.entries} entries, head ${verdict.head.slice(0, 16)}…` : `Broken at entry ${verdict.seq}: ${verdict.message}`);
