import { describe, expect, it } from 'vitest';
import { applyChanges, createModel, SecGovError, validateRule, verifyCompliance, type ChangeInput } from '../../src/index.js';
import { expectCode, makeFixture, scenarioData, T0 } from '../governance/fixture.js';

/** Journals and vendor payments must not meet in one person. */
const RULE = {
  id: 'SOD-JOURNAL-PAY',
  name: 'Maintain journals vs pay vendors',
  firstDuty: 'LedgerJournalMaintainDuty',
  secondDuty: 'VendPaymentDuty',
  severity: 'high' as const,
  risk: 'One person could post a fictitious liability and pay it.',
  mitigation: 'Monthly review of payments against journals.',
};
const addRule: ChangeInput = { op: 'add', kind: 'sodRule', value: RULE };

async function withRule(parameters?: NonNullable<Parameters<typeof makeFixture>[0]>['parameters']) {
  const f = await makeFixture(parameters ? { parameters } : {});
  await f.gov.apply('admin', [addRule]);
  return f;
}

describe('SoD rules as governed configuration', () => {
  it('creates, changes and removes a rule through change records', async () => {
    const { gov } = await withRule();
    expect(gov.model().sodRules.get('sod-journal-pay')).toMatchObject({ ...RULE, enabled: true });
    await gov.apply('admin', [{ op: 'update', kind: 'sodRule', id: 'sod-journal-pay', patch: { severity: 'critical', enabled: false } }]);
    expect(gov.model().sodRules.get('sod-journal-pay')).toMatchObject({ severity: 'critical', enabled: false });
    await gov.apply('admin', [{ op: 'remove', kind: 'sodRule', id: 'SOD-JOURNAL-PAY' }]);
    expect(gov.model().sodRules.size).toBe(0);
  });

  it.each([
    ['an unknown duty', { ...RULE, secondDuty: 'NoSuchDuty' }, 'MISSING_REFERENCE'],
    ['the same duty twice', { ...RULE, secondDuty: 'ledgerjournalmaintainduty' }, 'VALIDATION_FAILED'],
    ['an empty name', { ...RULE, name: '' }, 'VALIDATION_FAILED'],
    ['an unknown severity', { ...RULE, severity: 'catastrophic' }, 'VALIDATION_FAILED'],
    ['a prototype key as id', { ...RULE, id: '__proto__', name: 'x', extra: 1 }, 'VALIDATION_FAILED'],
  ])('refuses a rule with %s and stores nothing', async (_label, value, code) => {
    const { gov } = await makeFixture();
    const before = gov.model();
    await expectCode(gov.apply('admin', [{ op: 'add', kind: 'sodRule', value } as ChangeInput]), code);
    expect(gov.model()).toBe(before);
    expect(gov.model().sodRules.size).toBe(0);
  });

  it('refuses an update that names the same duty twice', async () => {
    const { gov } = await withRule();
    await expectCode(gov.apply('admin', [{ op: 'update', kind: 'sodRule', id: RULE.id, patch: { secondDuty: RULE.firstDuty } }]), 'VALIDATION_FAILED');
  });

  it('keeps a duty that a rule names', async () => {
    const model = applyChanges(createModel({ ...scenarioData(), roles: scenarioData().roles!.filter((r) => r.id !== 'PaymentsClerk'), assignments: [] }), [addRule]);
    const error = (() => {
      try {
        applyChanges(model, [{ op: 'remove', kind: 'duty', id: 'VendPaymentDuty' }]);
      } catch (e) {
        return e as SecGovError;
      }
      throw new Error('expected IN_USE');
    })();
    expect(error.code).toBe('IN_USE');
    expect(error.message).toContain('SOD-JOURNAL-PAY');
  });
});

describe('role definitions', () => {
  it('refuses a role holding both duties, naming role, rule, duties and paths', async () => {
    const { gov } = await withRule();
    const before = gov.model();
    const error = await expectCode(gov.apply('admin', [{ op: 'update', kind: 'role', id: 'Accountant', patch: { duties: ['LedgerJournalMaintainDuty', 'VendPaymentDuty'] } }]), 'SOD_ROLE_CONFLICT');
    expect(error.message).toContain('Accountant');
    expect(error.message).toContain('SOD-JOURNAL-PAY');
    expect(error.message).toContain('VendPaymentDuty');
    expect(gov.model()).toBe(before);
  });

  it('follows sub-roles, and refuses a sub-role change that makes a parent role break a rule', async () => {
    const { gov } = await withRule();
    await gov.apply('admin', [{ op: 'add', kind: 'role', value: { id: 'FinanceLead', name: 'Finance lead', subRoles: ['Accountant', 'Buyer'] } }]);
    const error = await expectCode(gov.apply('admin', [{ op: 'update', kind: 'role', id: 'Buyer', patch: { subRoles: ['PaymentsClerk'] } }]), 'SOD_ROLE_CONFLICT');
    const v = (error.details['violations'] as { role: string; firstPaths: string[][]; secondPaths: string[][] }[])[0]!;
    expect(v.role).toBe('FinanceLead');
    expect(v.firstPaths).toEqual([['FinanceLead', 'Accountant', 'LedgerJournalMaintainDuty']]);
    expect(v.secondPaths).toEqual([['FinanceLead', 'Buyer', 'PaymentsClerk', 'VendPaymentDuty']]);
  });

  it('does not check existing roles when a rule is created; validateRule lists them', async () => {
    const { gov } = await makeFixture();
    await gov.apply('admin', [{ op: 'update', kind: 'role', id: 'Accountant', patch: { duties: ['LedgerJournalMaintainDuty', 'VendPaymentDuty'] } }]);
    await gov.apply('admin', [addRule]); // accepted, as in the platform
    expect(gov.validateRule(RULE.id).map((v) => v.role)).toEqual(['Accountant']);
    expect(validateRule(gov.model(), { ...RULE, id: 'draft' }).map((v) => v.role)).toEqual(['Accountant']);
    expect(gov.roleConflicts('accountant').map((v) => v.rule)).toEqual([RULE.id]);
    await expectCode(() => gov.validateRule('nope'), 'NOT_FOUND');
    await expectCode(() => gov.validateRule({ ...RULE, firstDuty: 'missing' }), 'MISSING_REFERENCE');
  });

  it('ignores disabled rules', async () => {
    const { gov } = await makeFixture();
    await gov.apply('admin', [{ op: 'add', kind: 'sodRule', value: { ...RULE, enabled: false } }]);
    await gov.apply('admin', [{ op: 'update', kind: 'role', id: 'Accountant', patch: { duties: ['LedgerJournalMaintainDuty', 'VendPaymentDuty'] } }]);
    expect(gov.roleConflicts('Accountant')).toEqual([]);
  });
});

describe('user assignments', () => {
  it('holds an assignment that would give both duties in one organization as an unresolved conflict', async () => {
    const { gov } = await withRule();
    // bob is a payments clerk in USMF; Accountant for all organizations meets it there.
    const outcome = await gov.assign('admin', { user: 'bob', role: 'Accountant' });
    expect(gov.model().assignments.has('bob\u0000accountant')).toBe(false);
    expect(outcome.conflicts).toHaveLength(1);
    const c = outcome.conflicts[0]!;
    expect(c).toMatchObject({ user: 'bob', role: 'Accountant', source: 'manual', status: 'unresolved', session: null, raisedAt: T0 });
    expect(c.rules).toEqual([{ rule: RULE.id, firstDuty: RULE.firstDuty, secondDuty: RULE.secondDuty, firstRoles: ['Accountant'], secondRoles: ['PaymentsClerk'], organizations: ['USMF'] }]);
    expect(gov.conflicts({ status: 'unresolved' }).map((x) => x.id)).toEqual([c.id]);
  });

  it('lets duties in two different organizations be', async () => {
    const { gov } = await withRule();
    const outcome = await gov.assign('admin', { user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'DEMF' }] }, source: 'manual' });
    expect(outcome.conflicts).toEqual([]);
    expect(gov.model().assignments.has('bob\u0000accountant')).toBe(true);
    expect(gov.verifyCompliance().violations).toEqual([]);
  });

  it('treats a parent organization with its children as overlapping the child', async () => {
    const { gov } = await withRule();
    const outcome = await gov.assign('admin', { user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'GLOBAL', includeChildren: true }] }, source: 'manual' });
    expect(outcome.conflicts[0]?.rules[0]?.organizations).toEqual(['USMF']);
    const plain = await gov.assign('admin', { user: 'bob', role: 'Accountant', scope: { organizations: [{ id: 'GLOBAL' }] }, source: 'manual' });
    expect(plain.conflicts).toEqual([]);
  });

  it('applies and reports when enforcement is "report"', async () => {
    const { gov } = await withRule({ sodEnforcement: 'report' });
    const outcome = await gov.assign('admin', { user: 'bob', role: 'Accountant' });
    expect(outcome.conflicts).toEqual([]);
    const report = gov.verifyCompliance();
    expect(report.violations.map((v) => [v.user, v.rule, v.organizations])).toEqual([['bob', RULE.id, ['USMF']]]);
    expect(report.violations[0]).toMatchObject({ severity: 'high', ruleName: RULE.name, firstRoles: ['Accountant'], secondRoles: ['PaymentsClerk'] });
  });

  it('allows with a reason, expiry and mitigation: the assignment applies, and the violation comes back when the override expires', async () => {
    const { gov, clock } = await withRule();
    const [c] = (await gov.assign('admin', { user: 'bob', role: 'Accountant' })).conflicts;
    await expectCode(gov.resolveConflict('admin', c!.id, { decision: 'allow' }), 'VALIDATION_FAILED');
    await expectCode(gov.resolveConflict('bob', c!.id, { decision: 'allow', reason: 'x' }), 'NOT_AUTHORIZED');
    await expectCode(gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'x', expiresAt: '2020-01-01T00:00:00Z' }), 'VALIDATION_FAILED');
    const allowed = await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Month-end cover', expiresAt: '2026-03-09T08:00:00Z', mitigation: 'Controller reviews payments daily' });
    expect(allowed).toMatchObject({ status: 'allowed', reason: 'Month-end cover', resolvedBy: 'admin', resolvedAt: T0, expiresAt: '2026-03-09T08:00:00.000Z' });
    expect(gov.model().assignments.get('bob\u0000accountant')?.role).toBe('Accountant');
    let report = gov.verifyCompliance();
    expect(report.violations).toEqual([]);
    expect(report.overridden.map((v) => v.override?.id)).toEqual([c!.id]);
    clock.set('2026-03-09T08:00:00Z');
    report = gov.verifyCompliance();
    expect(report.violations.map((v) => v.user)).toEqual(['bob']);
    expect(report.expiredOverrides.map((o) => o.id)).toEqual([c!.id]);
    // Renewing an allowed conflict brings the override back; a decision is never turned into a denial.
    await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Renewed' });
    expect(gov.verifyCompliance().violations).toEqual([]);
    await expectCode(gov.resolveConflict('admin', c!.id, { decision: 'deny' }), 'VALIDATION_FAILED');
  });

  it('denies: nothing is assigned; an automatic assignment also excludes the user from the role', async () => {
    const { gov } = await withRule();
    const manual = (await gov.assign('admin', { user: 'bob', role: 'Accountant' })).conflicts[0]!;
    await gov.resolveConflict('admin', manual.id, { decision: 'deny', reason: 'No cover needed' });
    expect(gov.model().assignments.has('bob\u0000accountant')).toBe(false);
    expect(gov.model().exclusions.size).toBe(0);
    const auto = (await gov.assign('admin', { user: 'bob', role: 'Accountant', scope: 'all', source: 'automatic' })).conflicts[0]!;
    expect(auto.source).toBe('automatic');
    await gov.resolveConflict('admin', auto.id, { decision: 'deny' });
    expect(gov.model().exclusions.has('bob\u0000accountant')).toBe(true);
    const again = await gov.assign('admin', { user: 'bob', role: 'Accountant', scope: 'all', source: 'automatic' });
    expect(again.conflicts).toEqual([]);
    expect(again.excluded.map((a) => a.role)).toEqual(['Accountant']);
    expect(gov.model().assignments.has('bob\u0000accountant')).toBe(false);
  });

  it('does not raise the same pending conflict twice', async () => {
    const { gov } = await withRule();
    await gov.assign('admin', { user: 'bob', role: 'Accountant' });
    const second = await gov.assign('admin', { user: 'bob', role: 'Accountant' });
    expect(second.conflicts).toEqual([]);
    expect(gov.conflicts({ user: 'bob' })).toHaveLength(1);
  });

  it('applies the rest of a batch when one assignment is held', async () => {
    const { gov } = await withRule();
    const outcome = await gov.apply('admin', [
      { op: 'assign', assignment: { user: 'carol', role: 'Buyer' } },
      { op: 'assign', assignment: { user: 'carol', role: 'PaymentsClerk' } },
    ]);
    expect(outcome.conflicts.map((c) => c.role)).toEqual(['PaymentsClerk']);
    expect(gov.model().assignments.has('carol\u0000buyer')).toBe(true);
    expect(gov.model().assignments.has('carol\u0000paymentsclerk')).toBe(false);
  });

  it('answers what-if without changing anything, with the licence effect', async () => {
    const { gov } = await withRule();
    const before = gov.model();
    const w = gov.simulate('bob', [{ op: 'assign', assignment: { user: 'bob', role: 'Accountant' } }, { op: 'unassign', user: 'bob', role: 'Buyer' }]);
    expect(gov.model()).toBe(before);
    expect(w.added.map((v) => v.rule)).toEqual([RULE.id]);
    expect(w.kept).toEqual([]);
    expect(w.removed).toEqual([]);
    expect(w.licenses.before.licenses).toEqual(['operations']);
    expect(w.licenses.after.licenses).toEqual(['operations']);
    const back = gov.simulate('bob', [{ op: 'unassign', user: 'bob', role: 'PaymentsClerk' }]);
    expect(back.added).toEqual([]);
    expect(back.licenses.removed).toEqual(['operations']);
    await expectCode(() => gov.simulate('bob', [{ op: 'assign', assignment: { user: 'carol', role: 'Accountant' } }]), 'VALIDATION_FAILED');
    await expectCode(() => gov.simulate('bob', [{ op: 'unassign', user: 'bob', role: 'Accountant' }]), 'NOT_FOUND');
    await expectCode(() => gov.simulate('nobody', [{ op: 'unassign', user: 'nobody', role: 'Accountant' }]), 'NOT_FOUND');
    await expectCode(() => gov.simulate('bob', 'not changes' as never), 'VALIDATION_FAILED');
  });
});

describe('sessions', () => {
  const day = (d: number, h = 8) => `2026-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;

  it('a Merge session that creates a conflict is held at approval and cannot start until it is resolved', async () => {
    const { gov, clock } = await withRule();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: day(3), end: day(5), justification: 'Cover' });
    await gov.approveSession('admin', s.id);
    const [c] = gov.conflicts({ session: s.id });
    expect(c).toMatchObject({ user: 'carol', role: 'PaymentsClerk', source: 'session', session: s.id, status: 'unresolved' });
    clock.set(day(3, 9));
    const report = await gov.process();
    expect(report.started).toEqual([]);
    expect(report.held).toEqual([s.id]);
    await expectCode(gov.processSession('admin', s.id), 'SOD_UNRESOLVED_CONFLICT');
    await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Cover for a holiday', expiresAt: day(6) });
    expect((await gov.process()).started).toEqual([s.id]);
    expect(gov.verifyCompliance().overridden.map((v) => v.user)).toEqual(['carol']);
  });

  it('an override of a session\'s conflict ends with the session: a lasting assignment afterwards is held', async () => {
    const { gov, clock } = await withRule();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: day(3), end: day(5) });
    await gov.approveSession('admin', s.id);
    const [c] = gov.conflicts({ session: s.id });
    const allowed = await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Cover for a holiday' });
    expect(allowed.expiresAt).toBe(day(5)); // no expiry asked: the session's end
    expect((await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Longer', expiresAt: day(9) })).expiresAt).toBe(day(5));
    expect((await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Shorter', expiresAt: day(4) })).expiresAt).toBe(day(4));
    clock.set(day(6));
    await gov.process();
    const outcome = await gov.assign('admin', { user: 'carol', role: 'PaymentsClerk' });
    expect(outcome.conflicts.map((x) => x.role)).toEqual(['PaymentsClerk']);
    expect(gov.model().assignments.has('carol\u0000paymentsclerk')).toBe(false);
  });

  it('an override of a session\'s conflict ends when the session is ended early or cancelled', async () => {
    const { gov, clock } = await withRule();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: day(3), end: day(5) });
    await gov.approveSession('admin', s.id);
    const [c] = gov.conflicts({ session: s.id });
    await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Cover for a holiday' });
    clock.set(day(3, 9));
    expect((await gov.process()).started).toEqual([s.id]);
    clock.set(day(4));
    await gov.endSession('admin', s.id);
    expect(gov.conflicts({ session: s.id })[0]).toMatchObject({ status: 'allowed', reason: 'Cover for a holiday', expiresAt: day(4) });
    // The next day a lasting assignment of the same role is held again.
    clock.set(day(4, 12));
    expect((await gov.assign('admin', { user: 'carol', role: 'PaymentsClerk' })).conflicts).toHaveLength(1);

    const planned = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: day(7), end: day(9) });
    await gov.approveSession('admin', planned.id);
    const [p] = gov.conflicts({ session: planned.id });
    await gov.resolveConflict('admin', p!.id, { decision: 'allow', reason: 'Year-end cover' });
    await gov.cancelSession('admin', planned.id);
    expect(gov.conflicts({ session: planned.id })[0]!.expiresAt).toBe(day(4, 12));
  });

  it('denying a session conflict cancels the session', async () => {
    const { gov } = await withRule();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: day(3), end: day(5) });
    await gov.approveSession('admin', s.id);
    const [c] = gov.conflicts({ session: s.id });
    await gov.resolveConflict('admin', c!.id, { decision: 'deny', reason: 'Not acceptable' });
    expect((await gov.getSession(s.id)).status).toBe('cancelled');
    expect(gov.conflicts({ session: s.id })[0]).toMatchObject({ status: 'denied', expiresAt: null });
  });

  it('a Replace session suspends the conflicting base roles: no conflict, and no violation while it is active', async () => {
    const { gov, clock } = await withRule({ sodEnforcement: 'report' });
    await gov.assign('admin', { user: 'bob', role: 'Accountant' }); // reported, not held
    expect(gov.verifyCompliance().violations).toHaveLength(1);
    await gov.apply('admin', [{ op: 'setParameters', patch: { sodEnforcement: 'enforce' } }]);
    const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Buyer'], type: 'replace', start: day(3), end: day(5) });
    await gov.approveSession('admin', s.id);
    expect(gov.conflicts({ session: s.id })).toEqual([]);
    clock.set(day(3, 9));
    expect((await gov.process()).started).toEqual([s.id]);
    expect(gov.verifyCompliance().violations).toEqual([]);
    clock.set(day(5, 9));
    expect(gov.verifyCompliance().violations).toHaveLength(1); // the session's end passed: base roles count again
    await gov.process();
    expect(gov.verifyCompliance().violations).toHaveLength(1);
  });

  it('a session whose user gained a conflicting role after its approval is held at its start, with the conflict raised then', async () => {
    const { gov, clock } = await withRule();
    await gov.unassign('admin', 'carol', 'Accountant');
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: day(3), end: day(5) });
    await gov.approveSession('admin', s.id);
    expect(gov.conflicts({ session: s.id })).toEqual([]);
    // Carol's journals come back before the session starts: nothing to screen then (the session is not in force yet).
    expect((await gov.assign('admin', { user: 'carol', role: 'Accountant' })).conflicts).toEqual([]);
    clock.set(day(3, 9));
    const report = await gov.process();
    expect(report).toMatchObject({ started: [], held: [s.id] });
    const [c] = gov.conflicts({ session: s.id });
    expect(c).toMatchObject({ user: 'carol', role: 'PaymentsClerk', source: 'session', status: 'unresolved', raisedAt: day(3, 9) });
    expect(c!.rules.map((r) => [r.rule, r.firstRoles, r.secondRoles])).toEqual([[RULE.id, ['Accountant'], ['PaymentsClerk']]]);
    expect((await gov.process()).held).toEqual([s.id]); // raised once
    expect(gov.conflicts({ session: s.id })).toHaveLength(1);
    expect(gov.verifyCompliance().violations).toEqual([]);
    await gov.resolveConflict('admin', c!.id, { decision: 'allow', reason: 'Cover for a holiday' });
    expect((await gov.process()).started).toEqual([s.id]);
    expect(gov.verifyCompliance().overridden.map((v) => v.user)).toEqual(['carol']);
  });

  it('the processor raises start conflicts in batch after batch, and holds every such session in one run', async () => {
    const { gov, clock } = await withRule();
    const users = ['u1', 'u2', 'u3'];
    await gov.apply('admin', users.map((id) => ({ op: 'add', kind: 'user', value: { id, name: id } })));
    const ids: string[] = [];
    for (const user of users) {
      const s = await gov.createTemporaryRoleSession('admin', { user, roles: ['PaymentsClerk'], type: 'merge', start: day(3), end: day(5) });
      await gov.approveSession('admin', s.id);
      ids.push(s.id);
      await gov.assign('admin', { user, role: 'Accountant' });
    }
    clock.set(day(3, 9));
    const report = await gov.process({ batchSize: 1 });
    expect(report).toMatchObject({ started: [], held: ids, failed: [] });
    expect(ids.map((id) => gov.conflicts({ session: id }).length)).toEqual([1, 1, 1]);
  });

  it('processSession raises the conflicts a start would create after the approval, and refuses to start', async () => {
    const { gov, clock } = await withRule();
    await gov.unassign('admin', 'carol', 'Accountant');
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: day(3), end: day(5) });
    await gov.approveSession('admin', s.id);
    await gov.assign('admin', { user: 'carol', role: 'Accountant' });
    clock.set(day(3, 9));
    const refused = await gov.processSession('admin', s.id).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'SOD_UNRESOLVED_CONFLICT' });
    const [c] = gov.conflicts({ session: s.id });
    expect((refused as SecGovError).details.ids).toEqual([s.id, c!.id]);
    expect((await gov.getSession(s.id)).status).toBe('planned'); // not started
    await expectCode(gov.processSession('admin', s.id), 'SOD_UNRESOLVED_CONFLICT');
    await gov.resolveConflict('admin', c!.id, { decision: 'deny', reason: 'Not acceptable' });
    expect((await gov.getSession(s.id)).status).toBe('cancelled');
  });

  it('during a Replace session an assignment is checked as it applies at once and as it stays when the session ends', async () => {
    const { gov, clock } = await withRule();
    // Carol (journals) works as a buyer for a day: her own roles are suspended.
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['Buyer'], type: 'replace', start: day(3), end: day(4) });
    await gov.approveSession('admin', s.id);
    clock.set(day(3, 9));
    expect((await gov.process()).started).toEqual([s.id]);
    // Payments now would meet her suspended journals when the session ends: what-if says so, and
    // the assignment is held.
    expect(gov.simulate('carol', [{ op: 'assign', assignment: { user: 'carol', role: 'PaymentsClerk' } }]).added.map((v) => v.rule)).toEqual([RULE.id]);
    const outcome = await gov.assign('admin', { user: 'carol', role: 'PaymentsClerk' });
    expect(outcome.conflicts.map((c) => [c.role, c.rules.map((r) => r.rule)])).toEqual([['PaymentsClerk', [RULE.id]]]);
    expect(gov.model().assignments.has('carol\u0000paymentsclerk')).toBe(false);
    clock.set(day(4, 9));
    await gov.process();
    expect(gov.verifyCompliance().violations).toEqual([]);
  });

  it('a session overlapping another of the same user is checked next to it, at approval', async () => {
    const { gov } = await withRule();
    await gov.unassign('admin', 'carol', 'Accountant');
    const payments = await gov.createPrivilegedSession('admin', { user: 'carol', account: 'enable', roles: ['PaymentsClerk'], start: day(3), end: day(3, 20) });
    await gov.approveSession('admin', payments.id);
    const journals = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['Accountant'], type: 'merge', start: day(3, 12), end: day(4) });
    await gov.approveSession('admin', journals.id);
    expect(gov.conflicts({ session: payments.id })).toEqual([]);
    expect(gov.conflicts({ session: journals.id }).map((c) => [c.role, c.rules.map((r) => [r.rule, r.firstRoles, r.secondRoles])])).toEqual([['Accountant', [[RULE.id, ['Accountant'], ['PaymentsClerk']]]]]);
  });

  it('a session whose roles do not conflict starts as usual', async () => {
    const { gov, clock } = await withRule();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['Buyer'], type: 'merge', start: day(3), end: day(5) });
    await gov.approveSession('admin', s.id);
    clock.set(day(3, 9));
    expect((await gov.process()).started).toEqual([s.id]);
  });
});

describe('separation of privileges', () => {
  const similar: ChangeInput = {
    op: 'add', kind: 'privilege',
    value: { id: 'JournalLook', name: 'Look at journals', grants: [{ entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow' }] },
  };

  it('refuses a privilege whose entry points another already grants, naming it and the share', async () => {
    const { gov } = await makeFixture({ parameters: { checkSimilarity: true, similarityLevel: 80 } });
    const error = await expectCode(gov.apply('admin', [similar]), 'SIMILARITY_THRESHOLD');
    expect(error.message).toContain('LedgerJournalMaintain');
    expect(error.message).toContain('100%');
    expect(gov.model().privileges.has('journallook')).toBe(false);
  });

  it('warns instead when the parameters say so; off by default', async () => {
    const warn = await makeFixture({ parameters: { checkSimilarity: true, similarityEnforcement: 'warn' } });
    const outcome = await warn.gov.apply('admin', [similar]);
    expect(outcome.warnings.map((w) => [w.object, w.other, w.percent])).toEqual([['JournalLook', 'LedgerJournalMaintain', 100]]);
    const off = await makeFixture();
    expect((await off.gov.apply('admin', [similar])).warnings).toEqual([]);
    expect(off.gov.similarityReport('privilege', 50).map((p) => [p.object, p.other])).toEqual([
      ['JournalLook', 'LedgerJournalMaintain'],
      ['LedgerJournalMaintain', 'JournalLook'],
    ]);
  });
});

describe('pure functions', () => {
  it('verifyCompliance needs an instant and reports the same as the service', async () => {
    const { gov } = await withRule({ sodEnforcement: 'report' });
    await gov.assign('admin', { user: 'bob', role: 'Accountant' });
    expect(verifyCompliance(gov.model(), { at: T0 }).violations).toEqual(gov.verifyCompliance().violations);
    expect(() => verifyCompliance(gov.model(), { at: 'yesterday' })).toThrow(SecGovError);
  });
});
