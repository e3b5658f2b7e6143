/**
 * Each report's rows against expectations computed by hand on the finance fixture.
 */
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  dormantUsersReport,
  licenseUsageDiff,
  licenseUsageReport,
  roleAssignmentTrail,
  separationOfPrivilegesReport,
  sessionsReport,
  sodConflictsReport,
  userAgingReport,
  userSecurityAnalysis,
  type RoleAssignmentChange,
  type Session,
  type SessionAuditEntry,
} from '../../src/index.js';
import { AT, financeModel } from './fixture.js';

const model = financeModel();
const pick = <T, K extends keyof T>(rows: readonly T[], ...keys: K[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

describe('SoD conflicts report', () => {
  const report = sodConflictsReport(model, { at: AT });

  it('lists each user conflict with roles, organizations and override standing, by user then rule', () => {
    expect(pick(report.conflicts, 'user', 'rule', 'severity', 'firstRoles', 'secondRoles', 'organizations', 'status', 'override')).toEqual([
      { user: 'alice', rule: 'SOD-1', severity: 'high', firstRoles: ['Accountant'], secondRoles: ['PaymentsClerk'], organizations: 'all', status: 'violation', override: null },
      { user: 'carol', rule: 'SOD-2', severity: 'critical', firstRoles: ['PaymentsClerk'], secondRoles: ['Approver'], organizations: ['USMF-EAST'], status: 'overridden', override: 'C1' },
      { user: 'dave', rule: 'SOD-1', severity: 'high', firstRoles: ['FinanceLead'], secondRoles: ['PaymentsClerk'], organizations: 'all', status: 'override-expired', override: 'C2' },
      { user: 'dave', rule: 'SOD-2', severity: 'critical', firstRoles: ['PaymentsClerk'], secondRoles: ['FinanceLead'], organizations: 'all', status: 'violation', override: null },
      { user: 'erin', rule: 'SOD-2', severity: 'critical', firstRoles: ['BadRole'], secondRoles: ['BadRole'], organizations: 'all', status: 'violation', override: null },
    ]);
    const carol = report.conflicts[1]!;
    expect(carol).toMatchObject({ userName: 'Carol', ruleName: 'Pay vs approve', overrideReason: 'Small office', overrideExpiresAt: '2026-06-01T00:00:00.000Z', mitigation: 'Weekly review' });
    expect(report.conflicts[2]).toMatchObject({ overrideReason: 'Year end', overrideExpiresAt: '2026-02-01T00:00:00.000Z' });
  });

  it('does not count bob, whose duties meet in no organization, nor the disabled rule', () => {
    expect(report.conflicts.some((c) => c.user === 'bob' || c.rule === 'SOD-3')).toBe(false);
  });

  it('lists the roles violating SoD with a count per role, and the paths', () => {
    expect(report.roles).toEqual([{ role: 'BadRole', roleName: 'Bad role', violations: 1, rules: ['SOD-2'], highestSeverity: 'critical', users: 1 }]);
    expect(report.roleDetails).toEqual([
      { role: 'BadRole', rule: 'SOD-2', ruleName: 'Pay vs approve', severity: 'critical', firstDuty: 'VendPaymentDuty', secondDuty: 'VendApproveDuty', firstPath: ['BadRole', 'VendPaymentDuty'], secondPath: ['BadRole', 'VendApproveDuty'] },
    ]);
  });

  it('charts conflicts by severity and sums them up', () => {
    const chart = report.charts[0]!;
    expect(chart.series).toEqual(['violation', 'override expired', 'overridden']);
    expect(chart.bars).toEqual([
      { label: 'critical', values: [2, 0, 1] },
      { label: 'high', values: [1, 1, 0] },
      { label: 'medium', values: [0, 0, 0] },
      { label: 'low', values: [0, 0, 0] },
    ]);
    expect(Object.fromEntries(report.summary.map((s) => [s.label, s.value]))).toMatchObject({ 'Open violations': 4, 'Users with open violations': 3, Overridden: 1, 'Expired overrides': 1, 'Roles violating SoD': 1 });
  });

  it('judges overrides at the given instant: after C1 expires, carol is a violation again', () => {
    const later = sodConflictsReport(model, { at: '2026-06-01T00:00:00.000Z' });
    expect(later.conflicts.find((c) => c.user === 'carol')!.status).toBe('override-expired');
  });

  it('filters by minimum severity and refuses a bad instant or severity', () => {
    expect(sodConflictsReport(model, { at: AT, minSeverity: 'critical' }).conflicts.map((c) => c.rule)).toEqual(['SOD-2', 'SOD-2', 'SOD-2']);
    expect(() => sodConflictsReport(model, { at: 'yesterday' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => sodConflictsReport(model, { at: AT, minSeverity: 'huge' as never })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('separation of privileges report', () => {
  it('lists directed pairs at or above the level, duties first', () => {
    const report = separationOfPrivilegesReport(model, { level: 100 });
    // Entry points (grants that allow or deny): VendApproveDuty {ApproveButton, VendTable} ⊂ InquiryDuty
    // {LedgerJournalTable, VendTable, ApproveButton, CustomersV3}; LedgerJournalView ⊂ LedgerJournalMaintain;
    // VendApprove {ApproveButton} ⊂ VendView {VendTable, ApproveButton} (the reverse is 50%).
    const duties = report.pairs.filter((p) => p.kind === 'duty').map((p) => `${p.object}>${p.other}`);
    expect(duties).toEqual(['VendApproveDuty>InquiryDuty']);
    const privileges = report.pairs.filter((p) => p.kind === 'privilege').map((p) => `${p.object}>${p.other}`).sort();
    expect(privileges).toEqual(['LedgerJournalView>LedgerJournalMaintain', 'VendApprove>VendView']);
    expect(report.pairs.every((p) => p.percent === 100)).toBe(true);
    expect(report.level).toBe(100);
    expect(separationOfPrivilegesReport(model).level).toBe(model.parameters.similarityLevel);
  });

  it('refuses a level outside 0..100', () => {
    expect(() => separationOfPrivilegesReport(model, { level: 101 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('licence usage report', () => {
  it('by user: base, attach and quantity; disabled users need nothing', () => {
    const report = licenseUsageReport(model, { by: 'user' });
    expect(pick(report.rows, 'user', 'enabled', 'base', 'attach', 'quantity', 'roles')).toEqual([
      { user: 'alice', enabled: true, base: 'operations', attach: [], quantity: 1, roles: 2 },
      { user: 'bob', enabled: true, base: 'operations', attach: [], quantity: 1, roles: 2 },
      { user: 'carol', enabled: true, base: 'operations', attach: [], quantity: 1, roles: 2 },
      { user: 'dave', enabled: true, base: 'operations', attach: [], quantity: 1, roles: 2 },
      { user: 'erin', enabled: false, base: null, attach: [], quantity: 0, roles: 1 },
      { user: 'frank', enabled: true, base: 'team-members', attach: ['commerce'], quantity: 2, roles: 1 },
      { user: 'grace', enabled: true, base: 'team-members', attach: ['commerce'], quantity: 2, roles: 2 },
    ]);
    expect(report.totals).toEqual([
      { license: 'self-serve', name: 'Self-serve', base: 0, attach: 0, total: 0 },
      { license: 'team-members', name: 'Team Members', base: 2, attach: 0, total: 2 },
      { license: 'activity', name: 'Activity', base: 0, attach: 0, total: 0 },
      { license: 'operations', name: 'Operations', base: 4, attach: 0, total: 4 },
      { license: 'commerce', name: 'Commerce', base: 0, attach: 2, total: 2 },
    ]);
    expect(report.charts[0]!.bars.map((b) => b.values)).toEqual([[0, 0], [2, 0], [0, 0], [4, 0], [0, 2]]);
    expect(report.tables.map((t) => t.id)).toEqual(['users', 'totals']);
  });

  it('by role: base, attach, children entitled / not entitled / not required, users', () => {
    const report = licenseUsageReport(model, { by: 'role' });
    expect(pick(report.rows, 'id', 'base', 'attach', 'exempt', 'entitled', 'notEntitled', 'notRequired', 'users')).toEqual([
      { id: '-SYSADMIN-', base: null, attach: [], exempt: true, entitled: 0, notEntitled: 0, notRequired: 0, users: 1 },
      { id: 'Accountant', base: 'operations', attach: [], exempt: false, entitled: 2, notEntitled: 0, notRequired: 0, users: 2 },
      { id: 'Approver', base: 'activity', attach: [], exempt: false, entitled: 1, notEntitled: 0, notRequired: 0, users: 1 },
      { id: 'BadRole', base: 'operations', attach: [], exempt: false, entitled: 2, notEntitled: 0, notRequired: 0, users: 1 },
      { id: 'FinanceLead', base: 'operations', attach: [], exempt: false, entitled: 2, notEntitled: 0, notRequired: 0, users: 1 },
      { id: 'PaymentsClerk', base: 'operations', attach: [], exempt: false, entitled: 1, notEntitled: 0, notRequired: 0, users: 4 },
      { id: 'Viewer', base: 'team-members', attach: ['commerce'], exempt: false, entitled: 1, notEntitled: 1, notRequired: 1, users: 2 },
    ]);
  });

  it('by duty and by privilege', () => {
    expect(pick(licenseUsageReport(model, { by: 'duty' }).rows, 'id', 'base', 'entitled', 'notRequired', 'users')).toEqual([
      { id: 'InquiryDuty', base: 'team-members', entitled: 3, notRequired: 0, users: null },
      { id: 'LedgerJournalMaintainDuty', base: 'operations', entitled: 2, notRequired: 0, users: null },
      { id: 'VendApproveDuty', base: 'activity', entitled: 2, notRequired: 0, users: null },
      { id: 'VendPaymentDuty', base: 'operations', entitled: 1, notRequired: 0, users: null },
    ]);
    expect(pick(licenseUsageReport(model, { by: 'privilege' }).rows, 'id', 'base', 'entitled', 'notRequired')).toEqual([
      { id: 'CustRead', base: 'self-serve', entitled: 1, notRequired: 0 },
      { id: 'LedgerJournalMaintain', base: 'operations', entitled: 2, notRequired: 0 },
      { id: 'LedgerJournalView', base: 'team-members', entitled: 1, notRequired: 0 },
      { id: 'PayrollSync', base: null, entitled: 0, notRequired: 1 },
      { id: 'RetailView', base: 'commerce', entitled: 1, notRequired: 0 },
      { id: 'VendApprove', base: 'activity', entitled: 1, notRequired: 0 },
      { id: 'VendPay', base: 'operations', entitled: 2, notRequired: 0 },
      { id: 'VendView', base: 'team-members', entitled: 1, notRequired: 1 },
    ]);
  });

  it('by entry point: securable type, AOT and child name, rights, access level, licence and entitlement', () => {
    const rows = licenseUsageReport(model, { by: 'entry-point' }).rows;
    expect(rows.filter((r) => r.privilege === 'VendView' || r.privilege === 'VendPay')).toEqual([
      { privilege: 'VendPay', entryPoint: 'menu-item-action:VendPaymentPost', securableType: 'menu-item-action', aotName: 'VendPaymentPost', childName: null, rights: ['invoke'], denied: [], accessLevel: 'write', license: 'operations', status: 'entitled' },
      { privilege: 'VendPay', entryPoint: 'menu-item-display:VendTable', securableType: 'menu-item-display', aotName: 'VendTable', childName: null, rights: ['read'], denied: [], accessLevel: 'read', license: 'team-members', status: 'entitled' },
      { privilege: 'VendView', entryPoint: 'menu-item-display:VendTable', securableType: 'menu-item-display', aotName: 'VendTable', childName: null, rights: ['read'], denied: [], accessLevel: 'read', license: 'team-members', status: 'entitled' },
      { privilege: 'VendView', entryPoint: 'form-control:VendTable/ApproveButton', securableType: 'form-control', aotName: 'VendTable', childName: 'ApproveButton', rights: [], denied: ['read'], accessLevel: 'denied', license: null, status: 'not-required' },
    ]);
    expect(rows).toHaveLength(11);
  });

  it('refuses an unknown "by"', () => {
    expect(() => licenseUsageReport(model, { by: 'team' as never })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('shows the licence effect of an unpublished change', () => {
    const after = applyChanges(model, [{ op: 'assign', assignment: { user: 'frank', role: 'Accountant' } }]);
    const diff = licenseUsageDiff(model, after);
    expect(diff.totals.filter((t) => t.totalDelta !== 0 || t.baseDelta !== 0)).toEqual([
      { license: 'team-members', name: 'Team Members', baseBefore: 2, baseAfter: 1, baseDelta: -1, attachBefore: 0, attachAfter: 0, attachDelta: 0, totalDelta: -1 },
      { license: 'operations', name: 'Operations', baseBefore: 4, baseAfter: 5, baseDelta: 1, attachBefore: 0, attachAfter: 0, attachDelta: 0, totalDelta: 1 },
    ]);
    expect(diff.changes).toEqual([{ kind: 'user', id: 'frank', change: 'changed', baseBefore: 'team-members', attachBefore: ['commerce'], baseAfter: 'operations', attachAfter: ['commerce'] }]);
    expect(licenseUsageDiff(model, model).changes).toEqual([]);
  });

  it('lists users and roles that exist on one side only', () => {
    const after = applyChanges(model, [
      { op: 'add', kind: 'role', value: { id: 'Shopper', name: 'Shopper', privileges: ['RetailView'] } },
      { op: 'add', kind: 'user', value: { id: 'henry', name: 'Henry' } },
      { op: 'assign', assignment: { user: 'henry', role: 'Shopper' } },
      { op: 'unassign', user: 'alice', role: 'Accountant' },
      { op: 'unassign', user: 'alice', role: 'PaymentsClerk' },
      { op: 'remove', kind: 'user', id: 'alice' },
    ]);
    expect(licenseUsageDiff(model, after).changes).toEqual([
      { kind: 'user', id: 'alice', change: 'removed', baseBefore: 'operations', attachBefore: [], baseAfter: null, attachAfter: [] },
      { kind: 'user', id: 'henry', change: 'added', baseBefore: null, attachBefore: [], baseAfter: 'commerce', attachAfter: [] },
      { kind: 'role', id: 'Shopper', change: 'added', baseBefore: null, attachBefore: [], baseAfter: 'commerce', attachAfter: [] },
    ]);
  });
});

describe('user aging and dormant users', () => {
  it('buckets users over the five periods, with days since last sign-in (-1 for never)', () => {
    const report = userAgingReport(model, { at: AT });
    expect(pick(report.users, 'user', 'daysSinceSignIn', 'bucket')).toEqual([
      { user: 'alice', daysSinceSignIn: 0, bucket: '0–30 days' },
      { user: 'bob', daysSinceSignIn: 45, bucket: '31–60 days' },
      { user: 'carol', daysSinceSignIn: 151, bucket: '91–180 days' },
      { user: 'dave', daysSinceSignIn: -1, bucket: 'never signed in' },
      { user: 'erin', daysSinceSignIn: 455, bucket: 'over 365 days' },
      { user: 'frank', daysSinceSignIn: 90, bucket: '61–90 days' },
      { user: 'grace', daysSinceSignIn: 304, bucket: '181–365 days' },
    ]);
    expect(report.buckets.map((b) => [b.bucket, b.fromDays, b.toDays, b.enabled, b.disabled])).toEqual([
      ['0–30 days', 0, 30, 1, 0],
      ['31–60 days', 31, 60, 1, 0],
      ['61–90 days', 61, 90, 1, 0],
      ['91–180 days', 91, 180, 1, 0],
      ['181–365 days', 181, 365, 1, 0],
      ['over 365 days', 366, null, 0, 1],
      ['never signed in', null, null, 1, 0],
    ]);
    expect(report.charts[0]!.bars).toHaveLength(7);
  });

  it('follows the configured periods and a better-known last sign-in', () => {
    const custom = applyChanges(model, [{ op: 'setParameters', patch: { agingPeriods: [7, 14, 21, 28, 400] } } as never]);
    const report = userAgingReport(custom, { at: AT, lastSignInOf: (key) => (key === 'dave' ? '2026-02-20T00:00:00Z' : undefined) });
    expect(report.users.find((u) => u.user === 'dave')).toMatchObject({ daysSinceSignIn: 9, bucket: '8–14 days', lastSignIn: '2026-02-20T00:00:00.000Z' });
    expect(report.users.find((u) => u.user === 'erin')!.bucket).toBe('over 400 days');
  });

  it('lists dormant users: never first, then longest inactive; enabled by default', () => {
    expect(dormantUsersReport(model, { at: AT, daysInactive: 90 }).users.map((u) => [u.user, u.daysSinceSignIn])).toEqual([['dave', -1], ['grace', 304], ['carol', 151], ['frank', 90]]);
    expect(dormantUsersReport(model, { at: AT, daysInactive: 90, status: 'all' }).users.map((u) => u.user)).toEqual(['dave', 'erin', 'grace', 'carol', 'frank']);
    expect(dormantUsersReport(model, { at: AT, daysInactive: 0, status: 'disabled' }).users.map((u) => u.user)).toEqual(['erin']);
    expect(() => dormantUsersReport(model, { at: AT, daysInactive: -1 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => dormantUsersReport(model, { at: AT, daysInactive: 1, status: 'asleep' as never })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('security analysis of a user', () => {
  const report = userSecurityAnalysis(model, 'CAROL');

  it('walks roles → duties → privileges → entry points with rights', () => {
    expect(report.user).toBe('carol');
    expect(report.paths.map((p) => [p.roles.join('>'), p.scope, p.duty, p.privilege, p.entryPoint, p.allowed.join(','), p.denied.join(',')])).toEqual([
      ['Approver', 'USMF-EAST', 'VendApproveDuty', 'VendApprove', 'form-control:VendTable/ApproveButton', 'read,update', ''],
      ['Approver', 'USMF-EAST', 'VendApproveDuty', 'VendView', 'menu-item-display:VendTable', 'read', ''],
      ['Approver', 'USMF-EAST', 'VendApproveDuty', 'VendView', 'form-control:VendTable/ApproveButton', '', 'read'],
      ['PaymentsClerk', 'all', 'VendPaymentDuty', 'VendPay', 'menu-item-action:VendPaymentPost', 'invoke', ''],
      ['PaymentsClerk', 'all', 'VendPaymentDuty', 'VendPay', 'menu-item-display:VendTable', 'read', ''],
    ]);
  });

  it('sums up the effective rights per entry point: deny wins', () => {
    expect(report.effective.map((e) => [e.entryPoint, e.allowed.join(','), e.denied.join(','), e.accessLevel, e.privileges.join(',')])).toEqual([
      ['form-control:VendTable/ApproveButton', 'update', 'read', 'write', 'VendApprove,VendView'],
      ['menu-item-action:VendPaymentPost', 'invoke', '', 'write', 'VendPay'],
      ['menu-item-display:VendTable', 'read', '', 'read', 'VendPay,VendView'],
    ]);
  });

  it('finds the users with the most shared entry points', () => {
    expect(report.similar).toEqual([
      { user: 'dave', userName: 'Dave', shared: 3, percentOfUser: 100, otherEntryPoints: 6, jaccard: 50 },
      { user: 'erin', userName: 'Erin', shared: 3, percentOfUser: 100, otherEntryPoints: 3, jaccard: 100 },
      { user: 'alice', userName: 'Alice', shared: 2, percentOfUser: 66.67, otherEntryPoints: 5, jaccard: 33.33 },
      { user: 'bob', userName: 'Bob', shared: 2, percentOfUser: 66.67, otherEntryPoints: 5, jaccard: 33.33 },
      { user: 'frank', userName: 'Frank', shared: 1, percentOfUser: 33.33, otherEntryPoints: 5, jaccard: 14.29 },
      { user: 'grace', userName: 'Grace', shared: 1, percentOfUser: 33.33, otherEntryPoints: 5, jaccard: 14.29 },
    ]);
    expect(userSecurityAnalysis(model, 'carol', { similarUsers: 2 }).similar.map((s) => s.user)).toEqual(['dave', 'erin']);
  });

  it('shows no effective access for a disabled user, and flags the administrator', () => {
    const erin = userSecurityAnalysis(model, 'erin');
    expect(erin.enabled).toBe(false);
    expect(erin.effective).toEqual([]);
    expect(erin.paths.length).toBeGreaterThan(0);
    expect(userSecurityAnalysis(model, 'grace').administrator).toBe(true);
  });

  it('refuses an unknown user', () => {
    expect(() => userSecurityAnalysis(model, 'nobody')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => userSecurityAnalysis(model, '__proto__')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

function session(id: string, status: Session['status'], start: string, end: string, extra: Partial<Session> = {}): Session {
  return {
    id, kind: 'temporary-role', status, user: 'alice', roles: ['Approver'], scope: 'all', type: 'merge', account: null, start, end,
    justification: 'Cover', ticket: null, requestedBy: 'grace', requestedAt: '2026-01-01T00:00:00.000Z', approvedBy: null, approvedAt: null,
    startedAt: null, endedAt: null, endReason: null, assignedDuring: [], version: 1, ...extra,
  };
}

describe('sessions report', () => {
  const sessions = [
    session('S1', 'planned', '2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z'),
    session('S2', 'active', '2026-02-28T00:00:00.000Z', '2026-03-02T00:00:00.000Z', { kind: 'privileged', account: 'enable', startedAt: '2026-02-28T00:00:00.000Z' }),
    session('S3', 'ended', '2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z', { startedAt: '2026-02-01T00:00:00.000Z', endedAt: '2026-02-02T00:00:00.000Z', endReason: 'end-reached' }),
    session('S4', 'ended', '2025-12-01T00:00:00.000Z', '2025-12-02T00:00:00.000Z', { endedAt: '2025-12-02T00:00:00.000Z', endReason: 'end-reached' }),
    session('S5', 'draft', '2026-04-01T00:00:00.000Z', '2026-04-02T00:00:00.000Z'),
    session('S6', 'approved', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', { kind: 'privileged' }),
    session('S7', 'approved', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', { kind: 'privileged' }),
  ];
  const audit: SessionAuditEntry[] = [
    { at: '2026-02-02T00:00:00.000Z', session: 'S3', event: 'end', from: 'active', to: 'ended', actor: 'processor', by: 'processor' } as SessionAuditEntry,
    { at: '2026-01-20T00:00:00.000Z', session: 'S3', event: 'create', from: null, to: 'draft', actor: 'grace', by: 'administrator' } as SessionAuditEntry,
  ];

  it('splits upcoming, active and ended in the period, with their logs', () => {
    const report = sessionsReport(sessions, {
      at: AT,
      from: '2026-01-01T00:00:00.000Z',
      auditLogs: new Map([['s3', audit]]),
      userLogs: new Map([['S2', { entries: [], sessionEndedAt: null, signIns: [{ signIn: 'i1', user: 'alice', signedInAt: '2026-02-28T01:00:00.000Z', signedOutAt: '2026-02-28T01:30:00.000Z', durationMs: 1_800_000 }] }]]),
    });
    expect(report.upcoming.map((s) => s.id)).toEqual(['S7', 'S1']);
    expect(report.active.map((s) => s.id)).toEqual(['S2']);
    expect(report.ended.map((s) => s.id)).toEqual(['S3']);
    expect(report.byStatus.filter((r) => r.total > 0).map((r) => [r.status, r.temporaryRole, r.privileged])).toEqual([
      ['draft', 1, 0], ['planned', 1, 0], ['approved', 0, 2], ['active', 0, 1], ['ended', 2, 0],
    ]);
    expect(report.log.map((l) => [l.session, l.event])).toEqual([['S3', 'create'], ['S3', 'end']]);
    expect(report.signIns).toEqual([{ session: 'S2', user: 'alice', signedInAt: '2026-02-28T01:00:00.000Z', signedOutAt: '2026-02-28T01:30:00.000Z', minutes: 30 }]);
    expect(sessionsReport(sessions, { at: AT }).ended.map((s) => s.id)).toEqual(['S3', 'S4']);
  });
});

describe('role assignment audit trail', () => {
  const entries: RoleAssignmentChange[] = [
    { at: '2026-02-10T00:00:00.000Z', actor: 'grace', user: 'alice', role: 'PaymentsClerk', change: 'assigned', source: 'manual' },
    { at: '2026-01-10T00:00:00.000Z', actor: 'processor', user: 'ALICE', role: 'Approver', change: 'assigned', source: 'session' },
    { at: '2026-01-11T00:00:00.000Z', actor: 'processor', user: 'alice', role: 'approver', change: 'unassigned', source: 'session' },
    { at: '2025-06-01T00:00:00.000Z', actor: 'rules', user: 'bob', role: 'Accountant', change: 'assigned', source: 'automatic' },
  ];

  it('filters by user, role and period (inclusive), oldest first', () => {
    expect(roleAssignmentTrail(entries, { user: 'alice' }).changes.map((c) => c.at.slice(0, 10))).toEqual(['2026-01-10', '2026-01-11', '2026-02-10']);
    expect(roleAssignmentTrail(entries, { role: 'APPROVER' }).changes).toHaveLength(2);
    expect(roleAssignmentTrail(entries, { from: '2026-01-11T00:00:00Z', to: '2026-02-10T00:00:00Z' }).changes.map((c) => c.role)).toEqual(['approver', 'PaymentsClerk']);
    expect(roleAssignmentTrail(entries).changes).toHaveLength(4);
  });

  it('refuses malformed entries, naming the entry', () => {
    const bad = [...entries, { ...entries[0]!, change: 'moved' }] as RoleAssignmentChange[];
    expect(() => roleAssignmentTrail(bad)).toThrow(/entries\[4\]/);
  });
});
