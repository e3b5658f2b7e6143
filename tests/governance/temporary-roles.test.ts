import { describe, expect, it } from 'vitest';
import { createGovernance, memoryStore } from '../../src/index.js';
import { at, expectCode, makeFixture, T0 } from './fixture.js';

const LEDGER = 'menu-item-display:LedgerJournalTable';
const PURCH = 'menu-item-display:PurchTable';
const PAY = 'menu-item-action:VendPaymentPost';

describe('authorization', () => {
  it('only enabled holders of the administrator role run commands; nothing changes otherwise', async () => {
    const { gov } = await makeFixture();
    const input = { user: 'bob', roles: ['Accountant'], type: 'merge' as const, start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') };
    for (const actor of ['bob', 'retired-admin', 'nobody']) await expectCode(gov.createTemporaryRoleSession(actor, input), 'NOT_AUTHORIZED');
    await expectCode(gov.assign('carol', { user: 'bob', role: 'Accountant' }), 'NOT_AUTHORIZED');
    await expectCode(gov.createTemporaryRoleSession(42 as never, input), 'VALIDATION_FAILED');
    expect(await gov.listSessions()).toEqual([]);
    const s = await gov.createTemporaryRoleSession('admin', input);
    for (const actor of ['bob', 'carol']) {
      await expectCode(gov.approveSession(actor, s.id), 'NOT_AUTHORIZED');
      await expectCode(gov.cancelSession(actor, s.id), 'NOT_AUTHORIZED');
      await expectCode(gov.rejectSession(actor, s.id), 'NOT_AUTHORIZED');
      await expectCode(gov.editSession(actor, s.id, { roles: ['Buyer'] }), 'NOT_AUTHORIZED');
      await expectCode(gov.processSession(actor, s.id), 'NOT_AUTHORIZED');
    }
    expect((await gov.getSession(s.id)).status).toBe('draft');
    expect(await gov.sessionAuditLog(s.id)).toHaveLength(1);
  });

  it('the administrator role is a parameter', async () => {
    const { gov } = await makeFixture({ parameters: { administratorRole: 'Auditor' } });
    const input = { user: 'bob', roles: ['Accountant'], type: 'merge' as const, start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') };
    await expectCode(gov.createTemporaryRoleSession('admin', input), 'NOT_AUTHORIZED');
    await gov.assign('admin', { user: 'carol', role: 'Auditor' }).catch(() => undefined); // admin no longer administers
    const { gov: gov2 } = await makeFixture({ parameters: { administratorRole: 'Accountant' } });
    expect((await gov2.createTemporaryRoleSession('carol', input)).status).toBe('draft');
  });

  it('four-eyes approval: the requester may not approve', async () => {
    const { gov } = await makeFixture({ parameters: { fourEyesApproval: true } });
    const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') });
    await expectCode(gov.approveSession('admin', s.id), 'NOT_AUTHORIZED');
    expect((await gov.approveSession('admin2', s.id)).status).toBe('planned');
  });
});

describe('a Merge session through its whole life', () => {
  it('adds the roles while active and returns the user to their own roles at the end', async () => {
    const { gov, clock } = await makeFixture();
    expect(gov.check('bob', LEDGER, 'update')).toBe(false);
    const draft = await gov.createTemporaryRoleSession('admin', {
      user: 'BOB', roles: ['Accountant'], type: 'merge', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z'),
      justification: 'Carol is on leave', ticket: 'CHG-1001',
    });
    expect(draft).toMatchObject({ id: 'TR-000001', status: 'draft', user: 'bob', requestedBy: 'admin', version: 1 });
    const planned = await gov.approveSession('admin2', draft.id);
    expect(planned).toMatchObject({ status: 'planned', approvedBy: 'admin2', approvedAt: T0 });

    expect((await gov.process()).started).toEqual([]); // not yet
    expect(gov.check('bob', LEDGER, 'update')).toBe(false);

    clock.set('2026-03-03T00:00:00Z');
    expect(await gov.process()).toMatchObject({ started: ['TR-000001'], ended: [], expired: [] });
    expect(gov.check('bob', LEDGER, 'update')).toBe(true);
    expect(gov.check('bob', PURCH, 'read')).toBe(true); // own roles kept
    expect(gov.effectiveState('bob').assignments.map((a) => a.role)).toEqual(['Buyer', 'PaymentsClerk', 'Accountant']);
    expect(gov.explain('bob', LEDGER, 'update').allowed).toBe(true);

    clock.set('2026-03-10T00:00:00Z');
    expect(gov.check('bob', LEDGER, 'update')).toBe(false); // cut at the end, even before processing
    expect(await gov.process()).toMatchObject({ ended: ['TR-000001'] });
    expect(gov.check('bob', LEDGER, 'update')).toBe(false);
    expect(gov.effectiveState('bob').assignments.map((a) => a.role)).toEqual(['Buyer', 'PaymentsClerk']);
    expect(gov.model().assignments.size).toBe(6); // base assignments untouched

    const audit = await gov.sessionAuditLog(draft.id);
    expect(audit.map((e) => `${e.event}:${e.from}->${e.to}:${e.by}:${e.actor}`)).toEqual([
      'create:null->draft:administrator:admin',
      'approve:draft->planned:administrator:admin2',
      'start:planned->active:processor:processor',
      'end:active->ended:processor:processor',
    ]);
    expect(audit.every((e) => e.justification === 'Carol is on leave' && e.ticket === 'CHG-1001')).toBe(true);
    expect((await gov.roleChangeLog(draft.id)).map((e) => `${e.change}:${e.role}`)).toEqual(['session-granted:Accountant', 'session-removed:Accountant']);
    const userLog = await gov.userLog(draft.id);
    expect(userLog.sessionEndedAt).toBe(at('2026-03-10T00:00:00Z'));
  });

  it('organization scope: the session roles apply only in the chosen organizations', async () => {
    const { gov, clock } = await makeFixture();
    const s = await gov.createTemporaryRoleSession('admin', {
      user: 'bob', roles: ['Accountant'], type: 'merge', organizations: [{ id: 'DEMF' }], start: T0, end: at('2026-03-05T00:00:00Z'),
    });
    await gov.approveSession('admin', s.id);
    clock.advance({ minutes: 1 });
    await gov.process();
    expect(gov.check('bob', LEDGER, 'update', 'DEMF')).toBe(true);
    expect(gov.check('bob', LEDGER, 'update', 'USMF')).toBe(false);
  });
});

describe('a Replace session', () => {
  it('suspends the own roles, keeps administrator changes, and restores at the end', async () => {
    const { gov, clock } = await makeFixture();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'replace', start: T0, end: at('2026-03-09T00:00:00Z') });
    await gov.approveSession('admin', s.id);
    await gov.process();
    expect(gov.effectiveState('bob').assignments.map((a) => a.role)).toEqual(['Accountant']);
    expect(gov.check('bob', PURCH, 'read')).toBe(false); // Buyer suspended
    expect(gov.check('bob', PAY, 'invoke', 'USMF')).toBe(false); // PaymentsClerk suspended
    expect(gov.model().assignments.size).toBe(6); // suspended, not deleted

    clock.advance({ days: 1 });
    await gov.assign('admin', { user: 'bob', role: 'Auditor' }); // takes effect at once
    await gov.unassign('admin', 'bob', 'Buyer'); // removed from the suspended ones
    expect(gov.effectiveState('bob').assignments.map((a) => a.role).sort()).toEqual(['Accountant', 'Auditor']);
    expect(gov.check('bob', PURCH, 'read')).toBe(true); // through Auditor

    clock.set('2026-03-09T00:00:00Z');
    await gov.process();
    expect(gov.effectiveState('bob').assignments.map((a) => a.role).sort()).toEqual(['Auditor', 'PaymentsClerk']);
    expect(gov.check('bob', LEDGER, 'update')).toBe(false);
    const log = await gov.roleChangeLog(s.id);
    expect(log.map((e) => `${e.change}:${e.role}:${e.actor}`)).toEqual([
      'session-granted:Accountant:processor',
      'suspended:Buyer:processor',
      'suspended:PaymentsClerk:processor',
      'assigned:Auditor:admin',
      'unassigned:Buyer:admin',
      'session-removed:Accountant:processor',
      'restored:PaymentsClerk:processor',
    ]);
  });

  it('overlaps are allowed only between Merge sessions', async () => {
    const { gov } = await makeFixture();
    const week = { start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') };
    const m1 = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', ...week });
    await gov.approveSession('admin', m1.id);
    const m2 = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: at('2026-03-05T00:00:00Z'), end: at('2026-03-12T00:00:00Z') });
    expect((await gov.approveSession('admin', m2.id)).status).toBe('planned');
    const error = await expectCode(gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'replace', start: at('2026-03-09T00:00:00Z'), end: at('2026-03-15T00:00:00Z') }), 'SESSION_INVALID');
    expect(error.message).toContain(m1.id);
    // A Replace draft made before the Merge was approved is refused at approval.
    const { gov: g2 } = await makeFixture();
    const r = await g2.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'replace', ...week });
    const m = await g2.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', ...week });
    await g2.approveSession('admin', m.id);
    await expectCode(g2.approveSession('admin', r.id), 'SESSION_INVALID');
    expect((await g2.getSession(r.id)).status).toBe('draft');
  });

  it('overlapping Merge sessions add all their roles, and ending one keeps the other', async () => {
    const { gov, clock } = await makeFixture();
    const a = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', start: T0, end: at('2026-03-04T00:00:00Z') });
    const b = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: T0, end: at('2026-03-06T00:00:00Z') });
    await gov.approveSession('admin', a.id);
    await gov.approveSession('admin', b.id);
    await gov.process();
    expect(gov.effectiveState('bob').assignments.map((x) => x.role)).toEqual(['Buyer', 'PaymentsClerk', 'Accountant', 'Auditor']);
    clock.set('2026-03-04T00:00:00Z');
    await gov.process();
    expect(gov.effectiveState('bob').assignments.map((x) => x.role)).toEqual(['Buyer', 'PaymentsClerk', 'Auditor']);
  });
});

describe('administrators decide', () => {
  it('edit only drafts; reject drafts; cancel until active; end early', async () => {
    const { gov, clock } = await makeFixture();
    const week = { start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') };
    const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', ...week });
    const edited = await gov.editSession('admin', s.id, { roles: ['Auditor'], ticket: 'CHG-2' });
    expect(edited).toMatchObject({ roles: ['Auditor'], ticket: 'CHG-2', status: 'draft', version: 2 });
    await expectCode(gov.editSession('admin', s.id, { account: 'enable' }), 'SESSION_INVALID');
    await gov.approveSession('admin', s.id);
    await expectCode(gov.editSession('admin', s.id, { roles: ['Accountant'] }), 'SESSION_INVALID_TRANSITION');
    await expectCode(gov.rejectSession('admin', s.id), 'SESSION_INVALID_TRANSITION');
    expect((await gov.cancelSession('admin', s.id, { reason: 'not needed' })).status).toBe('cancelled');
    await expectCode(gov.approveSession('admin', s.id), 'SESSION_INVALID_TRANSITION');

    const r = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['Buyer'], type: 'merge', ...week });
    expect((await gov.rejectSession('admin', r.id, { reason: 'no ticket' })).status).toBe('rejected');
    expect((await gov.sessionAuditLog(r.id)).at(-1)).toMatchObject({ event: 'reject', reason: 'no ticket' });

    const e = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['Buyer'], type: 'merge', ...week });
    await gov.approveSession('admin', e.id);
    clock.set('2026-03-04T00:00:00Z');
    await gov.process();
    await expectCode(gov.cancelSession('admin', e.id), 'SESSION_INVALID_TRANSITION');
    const ended = await gov.endSession('admin', e.id, { reason: 'back early' });
    expect(ended).toMatchObject({ status: 'ended', endReason: 'ended-early', endedAt: at('2026-03-04T00:00:00Z') });
    expect((await gov.sessionAuditLog(e.id)).at(-1)).toMatchObject({ event: 'end', by: 'administrator', actor: 'admin', reason: 'ended-early: back early' });
    expect(gov.effectiveState('carol').assignments.map((a) => a.role)).toEqual(['Accountant']);
  });

  it('manual processing by an administrator, recorded as such', async () => {
    const { gov, clock } = await makeFixture();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') });
    await gov.approveSession('admin', s.id);
    expect((await gov.processSession('admin', s.id)).status).toBe('planned'); // not due: unchanged
    clock.set('2026-03-03T00:00:00Z');
    expect((await gov.processSession('admin2', s.id)).status).toBe('active');
    expect((await gov.sessionAuditLog(s.id)).at(-1)).toMatchObject({ event: 'start', by: 'administrator', actor: 'admin2' });
  });
});

describe('the processor', () => {
  it('late processing: a session whose end passed before it started ends without granting anything', async () => {
    const { gov, clock } = await makeFixture();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-04T00:00:00Z') });
    await gov.approveSession('admin', s.id);
    clock.set('2026-03-05T00:00:00Z');
    expect(await gov.process()).toMatchObject({ started: [], expired: [s.id] });
    expect(await gov.getSession(s.id)).toMatchObject({ status: 'ended', endReason: 'expired-before-start', startedAt: null });
    expect((await gov.sessionAuditLog(s.id)).at(-1)).toMatchObject({ event: 'expire', by: 'processor', reason: 'expired-before-start' });
    expect(await gov.roleChangeLog(s.id)).toEqual([]);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const { gov, clock } = await makeFixture();
    for (const user of ['bob', 'carol']) {
      const s = await gov.createTemporaryRoleSession('admin', { user, roles: ['Auditor'], type: 'merge', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-04T00:00:00Z') });
      await gov.approveSession('admin', s.id);
    }
    clock.set('2026-03-03T12:00:00Z');
    expect((await gov.process()).started).toHaveLength(2);
    expect(await gov.process()).toMatchObject({ started: [], ended: [], expired: [], failed: [] });
    for (const s of await gov.listSessions()) expect(await gov.sessionAuditLog(s.id)).toHaveLength(3);
  });

  it('two service instances over one store: each transition happens exactly once', async () => {
    const store = memoryStore();
    const { gov: one, clock } = await makeFixture({ store });
    const two = await createGovernance({ store, clock });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const s = await one.createTemporaryRoleSession('admin', { user: i % 2 ? 'bob' : 'carol', roles: ['Auditor'], type: 'merge', start: at(`2026-03-03T0${i % 10}:00:00Z`), end: at(`2026-03-04T0${i % 10}:00:00Z`) });
      await two.approveSession('admin', s.id);
      ids.push(s.id);
    }
    clock.set('2026-03-03T12:00:00Z');
    const [r1, r2] = await Promise.all([one.process({ batchSize: 3 }), two.process({ batchSize: 3 })]);
    expect([...r1.started, ...r2.started].sort()).toEqual([...ids].sort());
    clock.set('2026-03-05T00:00:00Z');
    const [e1, e2] = await Promise.all([two.process({ batchSize: 4 }), one.process({ batchSize: 4 })]);
    expect([...e1.ended, ...e2.ended].sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await one.sessionAuditLog(id)).map((e) => e.event)).toEqual(['create', 'approve', 'start', 'end']);
    await two.sync();
    expect(two.effectiveState('bob').assignments.map((a) => a.role)).toEqual(['Buyer', 'PaymentsClerk']);
  });
});

describe('time travel', () => {
  it('effectiveAt shows the effect of a schedule before approving it, and changes nothing', async () => {
    const { gov } = await makeFixture();
    const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'replace', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') });
    const during = '2026-03-05T00:00:00Z';
    expect((await gov.effectiveAt('bob', during)).roles).toEqual(['Buyer', 'PaymentsClerk']);
    const preview = await gov.effectiveAt('bob', during, { includeDrafts: true });
    expect(preview.roles).toEqual(['Accountant']);
    expect(preview.check(LEDGER, 'update')).toBe(true);
    expect(preview.check(PURCH, 'read')).toBe(false);
    await gov.approveSession('admin', s.id);
    expect((await gov.effectiveAt('bob', during)).roles).toEqual(['Accountant']);
    expect((await gov.effectiveAt('bob', '2026-03-10T00:00:00Z')).roles).toEqual(['Buyer', 'PaymentsClerk']);
    expect(gov.check('bob', LEDGER, 'update')).toBe(false); // now, nothing changed
    expect((await gov.getSession(s.id)).status).toBe('planned');
  });
});

describe('referential safety', () => {
  it('roles and users of open sessions cannot be removed', async () => {
    const { gov } = await makeFixture();
    await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-10T00:00:00Z') });
    await expectCode(gov.apply('admin', [{ op: 'remove', kind: 'role', id: 'Auditor' }]), 'IN_USE');
    await expectCode(gov.apply('admin', [{ op: 'unassign', user: 'bob', role: 'Buyer' }, { op: 'unassign', user: 'bob', role: 'PaymentsClerk' }, { op: 'remove', kind: 'user', id: 'bob' }]), 'IN_USE');
    expect(gov.model().users.has('bob')).toBe(true);
    expect(gov.model().assignments.size).toBe(6);
  });
});
