/**
 * SoD decisions racing on two servers (two governance services on one store). Each server decides
 * on the state it read last; when another server committed since, the store's revision makes one of
 * the two decide again on fresh data. Neither may give a user both duties of a rule unchecked.
 */
import { describe, expect, it } from 'vitest';
import { createGovernance, memoryStore, SecGovError, type Store, type StoreTransaction } from '../../src/index.js';
import { makeFixture, race } from '../governance/fixture.js';

const RULE = { id: 'JournalVsPayment', name: 'Journals and payments', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', severity: 'high' as const };

/** Carol holds nothing but a planned session giving PaymentsClerk from 09:00; the clock is at 09:30. */
async function setUp(store: Store = memoryStore()) {
  const f = await makeFixture({ store });
  await f.gov.apply('admin', [{ op: 'add', kind: 'sodRule', value: RULE }, { op: 'unassign', user: 'carol', role: 'Accountant' }]);
  const session = await f.gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: '2026-03-02T09:00:00Z', end: '2026-03-03T09:00:00Z' });
  await f.gov.approveSession('admin2', session.id);
  f.clock.set('2026-03-02T09:30:00Z');
  const other = await createGovernance({ store, clock: f.clock });
  return { ...f, other, session: session.id };
}

/** What a server reading the store afresh sees: Carol's violations, open conflicts and the session. */
async function outcome(s: Awaited<ReturnType<typeof setUp>>) {
  const reader = await createGovernance({ store: s.store, clock: s.clock });
  return {
    violations: reader.verifyCompliance().violations,
    conflicts: reader.conflicts({ user: 'carol', status: 'unresolved' }).map((c) => ({ role: c.role, session: c.session })),
    status: (await reader.getSession(s.session)).status,
    roles: reader.effectiveState('carol').assignments.map((a) => a.role).sort(),
  };
}

/** The two outcomes that keep the rule: the start held for its conflict, or the assignment held for its. */
const sessionHeld = { violations: [], conflicts: [{ role: 'PaymentsClerk', session: 'TR-000001' }], status: 'planned', roles: ['Accountant'] };
const assignmentHeld = { violations: [], conflicts: [{ role: 'Accountant', session: null }], status: 'active', roles: ['PaymentsClerk'] };

describe('a session starting on one server while another assigns a conflicting role', () => {
  it.each([0, 1, 2, 4, 8, 16, 32])('the processor and the assignment %i ticks apart: one waits for its conflict', async (ticks) => {
    const s = await setUp();
    const [report] = await race(() => s.gov.process(), () => s.other.assign('admin', { user: 'carol', role: 'Accountant' }), ticks);
    const seen = await outcome(s);
    expect([sessionHeld, assignmentHeld]).toContainEqual(seen);
    // Nothing is left for the next run: the start happened or the session is reported as held.
    expect(seen.status === 'active' ? report.started : report.held).toEqual([s.session]);
    expect(report.failed).toEqual([]);
  });

  it.each([0, 1, 2, 4, 8, 16, 32])('the assignment and the processor %i ticks apart: one waits for its conflict', async (ticks) => {
    const s = await setUp();
    await race(() => s.other.assign('admin', { user: 'carol', role: 'Accountant' }), () => s.gov.process(), ticks);
    expect([sessionHeld, assignmentHeld]).toContainEqual(await outcome(s));
  });

  it.each([0, 1, 2, 4, 8, 16, 32])('processSession and the assignment %i ticks apart: one waits for its conflict', async (ticks) => {
    const s = await setUp();
    const started = async () => {
      try {
        return await s.gov.processSession('admin', s.session);
      } catch (error) {
        if (error instanceof SecGovError && error.code === 'SOD_UNRESOLVED_CONFLICT') return undefined;
        throw error;
      }
    };
    await race(started, () => s.other.assign('admin', { user: 'carol', role: 'Accountant' }), ticks);
    expect([sessionHeld, assignmentHeld]).toContainEqual(await outcome(s));
  });
});

describe('commands decided on a stale view', () => {
  it('one server running its processor and a command at once: the command is decided again, not refused', async () => {
    const s = await setUp();
    const [, assigned] = await race(() => s.gov.process(), () => s.gov.assign('admin', { user: 'bob', role: 'Auditor' }), 0);
    expect(assigned.conflicts).toEqual([]);
    expect(s.gov.effectiveState('bob').assignments.map((a) => a.role)).toContain('Auditor');
  });

  it('two servers assigning at once: both apply, each checked against the other', async () => {
    const s = await setUp();
    const [first, second] = await race(() => s.gov.assign('admin', { user: 'carol', role: 'Accountant' }), () => s.other.assign('admin', { user: 'bob', role: 'Auditor' }), 0);
    expect([first.conflicts, second.conflicts]).toEqual([[], []]);
    await s.gov.sync();
    expect(s.gov.effectiveState('bob').assignments.map((a) => a.role)).toContain('Auditor');
    expect(s.gov.effectiveState('carol').assignments.map((a) => a.role)).toEqual(['Accountant']);
  });

  it('a command stale on every try ends in CONCURRENT_MODIFICATION after three, with nothing written', async () => {
    const inner = memoryStore();
    let stale = false;
    let tries = 0;
    const store: Store = {
      transact: (work) =>
        inner.transact((tx) =>
          work({
            ...tx,
            appendState: (expected: number, changes) => {
              if (!stale) return tx.appendState(expected, changes);
              tries++;
              return Promise.reject(new SecGovError('CONCURRENT_MODIFICATION', 'stale', { retryable: true }));
            },
          } as StoreTransaction),
        ),
    };
    const { gov } = await makeFixture({ store });
    const before = gov.model();
    stale = true;
    await expect(gov.assign('admin', { user: 'bob', role: 'Auditor' })).rejects.toMatchObject({ code: 'CONCURRENT_MODIFICATION' });
    expect(tries).toBe(3);
    expect(gov.model()).toBe(before);
  });
});
