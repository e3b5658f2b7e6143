import { describe, expect, it } from 'vitest';
import { createGovernance, createModel, memoryStore, type Governance } from '../../src/index.js';
import { faultyStore, ManualClock, type FaultyStore } from '../../src/testing/index.js';
import { at, scenarioData } from './fixture.js';

/**
 * Sessions due in one processor run: some start, some end, some expire. Built the same way every
 * time, so runs with and without faults can be compared.
 */
async function setUp(): Promise<{ gov: Governance; store: FaultyStore; clock: ManualClock }> {
  const store = faultyStore(memoryStore());
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  const gov = await createGovernance({ store, clock, model: createModel(scenarioData()) });
  const plan: [string, 'merge' | 'replace', string, string][] = [
    ['bob', 'merge', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'], // will be active, then ends
    ['carol', 'replace', '2026-03-02T00:00:00Z', '2026-03-10T00:00:00Z'], // will be active, stays
    ['admin2', 'merge', '2026-03-04T00:00:00Z', '2026-03-05T00:00:00Z'], // never processed before its end: expires
    ['bob', 'merge', '2026-03-04T00:00:00Z', '2026-03-09T00:00:00Z'], // starts
  ];
  const ids: string[] = [];
  for (const [user, type, start, end] of plan) {
    const s = await gov.createTemporaryRoleSession('admin', { user, roles: ['Auditor'], type, start: at(start), end: at(end) });
    await gov.approveSession('admin', s.id);
    ids.push(s.id);
  }
  const p = await gov.createPrivilegedSession('admin', { user: 'break-glass', account: 'enable', roles: ['-SYSADMIN-'], start: at('2026-03-04T06:00:00Z'), end: at('2026-03-05T06:00:00Z') });
  await gov.approveSession('admin', p.id);
  clock.set('2026-03-02T12:00:00Z');
  await gov.process();
  clock.set('2026-03-05T00:00:00Z');
  return { gov, store, clock };
}

/** Everything observable about the sessions: statuses, versions, logs and the users' effective state. */
async function snapshot(gov: Governance) {
  await gov.sync();
  const sessions = await gov.listSessions();
  const logs = await Promise.all(sessions.map(async (s) => ({ id: s.id, audit: await gov.sessionAuditLog(s.id), roles: await gov.roleChangeLog(s.id), users: (await gov.userLog(s.id)).entries })));
  const users = [...gov.model().users.values()].map((u) => ({ user: u.id, ...gov.effectiveState(u.id) }));
  return { sessions, logs, users };
}

/** A session's record and its audit log tell the same story. */
async function expectConsistent(gov: Governance) {
  for (const s of await gov.listSessions()) {
    const audit = await gov.sessionAuditLog(s.id);
    expect(audit.at(-1)?.to, `${s.id} status vs audit log`).toBe(s.status);
    const transitions = audit.map((e) => e.event).filter((e) => e !== 'edit' && e !== 'create');
    expect(new Set(transitions).size, `${s.id}: each transition once`).toBe(transitions.length);
    const roleLog = await gov.roleChangeLog(s.id);
    expect(roleLog.filter((e) => e.change === 'session-granted').length).toBe(s.status === 'active' || (s.status === 'ended' && s.startedAt) ? s.roles.length : 0);
    expect(roleLog.filter((e) => e.change === 'session-removed').length).toBe(s.status === 'ended' && s.startedAt ? s.roles.length : 0);
  }
}

describe('processor fault tolerance', () => {
  it('a failure at every single write or commit of a processor run leaves a consistent state, and re-running converges', async () => {
    const clean = await setUp();
    clean.store.reset();
    const cleanReport = await clean.gov.process({ batchSize: 2 });
    expect(cleanReport.failed).toEqual([]);
    expect(cleanReport.started.length + cleanReport.ended.length + cleanReport.expired.length).toBe(4);
    const writes = clean.store.writes;
    const commits = clean.store.commits;
    expect(writes).toBeGreaterThan(8);
    const expected = await snapshot(clean.gov);

    const plans = [
      ...Array.from({ length: writes }, (_, i) => ({ failWrites: [i + 1] })),
      ...Array.from({ length: commits }, (_, i) => ({ failCommits: [i + 1] })),
    ];
    for (const plan of plans) {
      const { gov, store } = await setUp();
      store.reset(plan);
      const report = await gov.process({ batchSize: 2 });
      expect(store.faults, JSON.stringify(plan)).toBe(1);
      expect(report.failed.length, JSON.stringify(plan)).toBe(1);
      expect(report.failed[0]!.error.code).toBe('STORE_FAILURE');
      await expectConsistent(gov);
      store.reset();
      const rerun = await gov.process({ batchSize: 2 });
      expect(rerun.failed).toEqual([]);
      expect(await snapshot(gov), JSON.stringify(plan)).toEqual(expected);
    }
  });

  it('a failed command changes nothing', async () => {
    const { gov, store } = await setUp();
    const before = await snapshot(gov);
    const model = gov.model();
    store.reset({ failWhen: (p) => p.kind === 'write' && p.method === 'appendLog' });
    await expect(gov.assign('admin', { user: 'carol', role: 'Buyer' })).rejects.toMatchObject({ code: 'STORE_FAILURE' }); // carol's Replace session logs the change
    await expect(gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Buyer'], type: 'merge', start: at('2026-03-06T00:00:00Z'), end: at('2026-03-07T00:00:00Z') })).rejects.toMatchObject({ code: 'STORE_FAILURE' });
    store.reset({ failCommits: [1] });
    await expect(gov.signIn('bob')).rejects.toMatchObject({ code: 'STORE_FAILURE' });
    store.reset();
    expect(gov.model()).toBe(model);
    expect(await snapshot(gov)).toEqual(before);
    expect(await gov.lastSignIn('bob')).toBeNull();
  });
});
