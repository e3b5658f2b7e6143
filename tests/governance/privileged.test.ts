import { describe, expect, it } from 'vitest';
import { at, expectCode, makeFixture, T0 } from './fixture.js';

const USERS = 'menu-item-display:SysUserManagement';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('privileged user sessions', () => {
  it('enable a disabled account with extra roles for at most 24 hours, then return it to its original state', async () => {
    const { gov, clock } = await makeFixture();
    expect(gov.check('break-glass', USERS, 'update')).toBe(false);
    await expectCode(gov.signIn('break-glass'), 'NOT_AUTHORIZED'); // disabled
    const s = await gov.createPrivilegedSession('admin', {
      user: 'break-glass', account: 'enable', roles: ['-SYSADMIN-'], start: at('2026-03-02T09:00:00Z'), end: at('2026-03-02T17:00:00Z'), justification: 'Incident 42',
    });
    expect((await gov.approveSession('admin', s.id)).status).toBe('approved');
    clock.set('2026-03-02T09:00:00Z');
    expect((await gov.process()).started).toEqual([s.id]);
    expect(gov.effectiveState('break-glass').enabled).toBe(true);
    expect(gov.check('break-glass', USERS, 'update')).toBe(true);

    clock.set('2026-03-02T17:00:00Z');
    expect(gov.check('break-glass', USERS, 'update')).toBe(false); // never in force past the end
    await gov.process();
    expect(gov.effectiveState('break-glass')).toMatchObject({ enabled: false, assignments: [] });
    expect(gov.model().users.get('break-glass')?.enabled).toBe(false);
  });

  it('a session may disable an account while it is active', async () => {
    const { gov, clock } = await makeFixture();
    const s = await gov.createPrivilegedSession('admin', { user: 'carol', account: 'disable', start: T0, end: at('2026-03-02T12:00:00Z') });
    await gov.approveSession('admin', s.id);
    await gov.process();
    expect(gov.check('carol', 'menu-item-display:LedgerJournalTable', 'read')).toBe(false);
    clock.set('2026-03-02T12:00:00Z');
    await gov.process();
    expect(gov.check('carol', 'menu-item-display:LedgerJournalTable', 'read')).toBe(true);
  });

  it('at most 24 hours, validated at create, edit and approval', async () => {
    const { gov } = await makeFixture();
    await expectCode(gov.createPrivilegedSession('admin', { user: 'break-glass', account: 'enable', start: T0, end: at('2026-03-03T08:00:00.001Z') }), 'SESSION_INVALID');
    const s = await gov.createPrivilegedSession('admin', { user: 'break-glass', account: 'enable', start: T0, end: at('2026-03-03T08:00:00Z') });
    await expectCode(gov.editSession('admin', s.id, { end: at('2026-03-03T09:00:00Z') }), 'SESSION_INVALID');
    await expectCode(gov.editSession('admin', s.id, { type: 'replace' }), 'SESSION_INVALID');
    expect((await gov.getSession(s.id)).end).toBe(at('2026-03-03T08:00:00Z'));
  });

  it('a privileged session is never in force past start + 24 h, even when processing was down', async () => {
    const { gov, clock } = await makeFixture();
    const s = await gov.createPrivilegedSession('admin', { user: 'break-glass', account: 'enable', roles: ['-SYSADMIN-'], start: T0, end: at('2026-03-03T08:00:00Z') });
    await gov.approveSession('admin', s.id);
    await gov.process();
    clock.set('2026-03-05T00:00:00Z'); // the processor was down for two days
    expect(gov.check('break-glass', USERS, 'read')).toBe(false);
    expect(gov.effectiveState('break-glass').enabled).toBe(false);
    await expectCode(gov.signIn('break-glass'), 'NOT_AUTHORIZED');
    await gov.process();
    const ended = await gov.getSession(s.id);
    expect(ended).toMatchObject({ status: 'ended', endedAt: at('2026-03-03T08:00:00Z') });
    expect(Date.parse(ended.endedAt!) - Date.parse(ended.startedAt!)).toBeLessThanOrEqual(24 * 3600 * 1000);
  });
});

describe('user log and recordings', () => {
  it('sign-ins are logged only while a session is active; time spent is computed; last sign-in is always kept', async () => {
    const { gov, clock } = await makeFixture();
    const outside = await gov.signIn('carol');
    expect(outside.sessions).toEqual([]);
    expect(await gov.lastSignIn('carol')).toBe(T0);
    await gov.signOut('carol');

    const s = await gov.createPrivilegedSession('admin', { user: 'carol', account: 'enable', start: at('2026-03-02T09:00:00Z'), end: at('2026-03-02T17:00:00Z') });
    await gov.approveSession('admin', s.id);
    clock.set('2026-03-02T09:00:00Z');
    await gov.process();
    clock.set('2026-03-02T10:00:00Z');
    const first = await gov.signIn('carol');
    expect(first.sessions).toEqual([s.id]);
    clock.set('2026-03-02T10:30:00Z');
    expect((await gov.signOut('carol'))?.id).toBe(first.id);
    clock.set('2026-03-02T16:00:00Z');
    const second = await gov.signIn('carol');
    clock.set('2026-03-02T18:00:00Z');
    await gov.process(); // ends at 17:00 while carol is still signed in
    const log = await gov.userLog(s.id);
    expect(log.signIns.map((x) => [x.signIn, x.durationMs / 60000])).toEqual([[first.id, 30], [second.id, 60]]);
    expect(log.sessionEndedAt).toBe(at('2026-03-02T17:00:00Z'));
    expect(log.entries.map((e) => e.type)).toEqual(['sign-in', 'sign-out', 'sign-in', 'session-ended']);
    expect(await gov.lastSignIn('carol')).toBe(at('2026-03-02T16:00:00Z'));
  });

  it('recordings: only while active, in order, one JSON Lines document per sign-in', async () => {
    const { gov, clock } = await makeFixture();
    const s = await gov.createPrivilegedSession('admin', { user: 'break-glass', account: 'enable', start: at('2026-03-02T09:00:00Z'), end: at('2026-03-02T17:00:00Z') });
    await expectCode(gov.recordInteraction(s.id, { type: 'open-form', target: 'SysUserManagement' }), 'SESSION_NOT_ACTIVE');
    await gov.approveSession('admin', s.id);
    clock.set('2026-03-02T09:00:00Z');
    await gov.process();
    const a = await gov.signIn('break-glass');
    await gov.recordInteraction(s.id, [
      { type: 'open-form', target: 'SysUserManagement' },
      { type: 'set-value', target: 'UserId', value: 'evil "quote"\n' },
    ]);
    await gov.signOut('break-glass');
    const b = await gov.signIn('break-glass');
    await gov.recordInteraction(s.id, { type: 'click', target: 'Save' });
    const docs = await gov.exportRecording(s.id);
    expect(docs.map((d) => [d.signIn, d.count])).toEqual([[a.id, 2], [b.id, 1]]);
    const lines = await collect(docs[0]!.lines());
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['open-form', 'set-value']);
    expect(JSON.parse(lines[1]!).value).toBe('evil "quote"\n');
    expect(lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    clock.set('2026-03-02T17:00:00Z');
    await expectCode(gov.recordInteraction(s.id, { type: 'click', target: 'Late' }), 'SESSION_NOT_ACTIVE');
    const temp = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: at('2026-03-02T18:00:00Z'), end: at('2026-03-03T00:00:00Z') });
    await expectCode(gov.recordInteraction(temp.id, { type: 'click', target: 'x' }), 'SESSION_INVALID');
  });

  it('a large recording streams page by page', async () => {
    const { gov } = await makeFixture();
    const s = await gov.createPrivilegedSession('admin', { user: 'carol', account: 'enable', start: T0, end: at('2026-03-02T20:00:00Z') });
    await gov.approveSession('admin', s.id);
    await gov.process();
    await gov.signIn('carol');
    const batch = Array.from({ length: 10_000 }, (_, i) => ({ type: 'click', target: `button-${i}` }));
    for (let i = 0; i < 5; i++) await gov.recordInteraction(s.id, batch);
    const [doc] = await gov.exportRecording(s.id);
    expect(doc!.count).toBe(50_000);
    let n = 0;
    let last = '';
    for await (const line of doc!.lines()) {
      n++;
      last = line;
    }
    expect(n).toBe(50_000);
    expect(JSON.parse(last).target).toBe('button-9999');
  });
});

describe('bad input', () => {
  const hostile: unknown[] = [undefined, null, 42, '', ' ', 'x'.repeat(100_000), {}, [], () => 1, Symbol('s'), new Date(NaN), '__proto__\u0000'];
  it('every command answers malformed input with a typed error and stores nothing', async () => {
    const { gov } = await makeFixture();
    const good = { user: 'bob', roles: ['Auditor'], type: 'merge', start: at('2026-03-03T00:00:00Z'), end: at('2026-03-04T00:00:00Z') };
    const attempts: (() => Promise<unknown>)[] = [];
    for (const bad of hostile) {
      attempts.push(() => gov.createTemporaryRoleSession('admin', bad as never));
      for (const field of Object.keys(good)) attempts.push(() => gov.createTemporaryRoleSession('admin', { ...good, [field]: bad } as never));
      attempts.push(() => gov.createTemporaryRoleSession('admin', { ...good, extra: bad } as never));
      attempts.push(() => gov.createPrivilegedSession('admin', { user: 'bob', account: bad, start: good.start, end: good.end } as never));
      attempts.push(() => gov.approveSession('admin', bad as never));
      attempts.push(() => gov.editSession('admin', 'TR-000001', { roles: bad } as never));
      attempts.push(() => gov.cancelSession('admin', 'TR-000001', bad as never));
      attempts.push(() => gov.signIn(bad as never));
      attempts.push(() => gov.recordInteraction(bad as never, { type: 'x', target: 'y' }));
      attempts.push(() => gov.recordInteraction('PU-000001', bad as never));
      attempts.push(() => gov.effectiveAt('bob', bad as never));
      attempts.push(() => gov.apply('admin', bad as never));
      attempts.push(() => gov.process(bad as never));
    }
    for (const attempt of attempts) {
      let error: unknown;
      try {
        await attempt();
      } catch (e) {
        error = e;
      }
      if (error === undefined) continue; // some values are valid for some fields (e.g. {} options)
      expect((error as { name: string }).name, String(error)).toBe('SecGovError');
    }
    expect(await gov.listSessions()).toEqual([]);
    expect(gov.model().assignments.size).toBe(6);
  });

  it('dates that are not dates, and oversized strings, are refused', async () => {
    const { gov } = await makeFixture();
    for (const start of ['yesterday', '2026-02-30T00:00:00Z', '2026-03-03', 1_700_000_000_000, new Date('x'), '+275760-09-13T00:00:00.000Z']) {
      await expectCode(gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: start as never, end: at('2026-03-04T00:00:00Z') }), 'VALIDATION_FAILED');
    }
    await expectCode(gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: T0, end: at('2026-03-04T00:00:00Z'), justification: 'x'.repeat(10_001) }), 'VALIDATION_FAILED');
    await expectCode(gov.createTemporaryRoleSession('admin', { user: 'nobody', roles: ['Ghost'], type: 'merge', start: T0, end: at('2026-03-04T00:00:00Z') }), 'SESSION_INVALID');
    await expectCode(gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: at('2026-03-04T00:00:00Z'), end: at('2026-03-03T00:00:00Z') }), 'SESSION_INVALID');
    await expectCode(gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: at('2026-03-01T00:00:00Z'), end: at('2026-03-01T12:00:00Z') }), 'SESSION_INVALID');
    expect(await gov.listSessions()).toEqual([]);
  });
});
