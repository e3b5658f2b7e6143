import { afterAll, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { createGovernance, createModel, type Governance, type ModelDataInput, type Session } from '../../../src/index.js';
import { postgresStore } from '../../../src/postgres.js';
import { ManualClock } from '../../../src/testing/index.js';
import { describeServer, dropSchema, freshStore, newPool, persist } from './server.js';

// Four governance services, each with its own pool (as on four application servers), race on a
// real PostgreSQL server to give users both duties of an SoD rule: for the first half of the users
// a processor starts a due session giving PaymentsClerk while another server assigns Accountant;
// for the second half two servers assign Accountant and PaymentsClerk at once. Every server decides
// on the state it read last, so each race must end with one side decided again on fresh data: no
// user may end up with both duties and no conflict raised.

const USERS = 240;
const WORKERS = 4;
const HALF = USERS / 2;
const NOW = '2026-03-02T09:30:00.000Z';
const pad = (n: number) => String(n).padStart(4, '0');
const userId = (i: number) => `User${pad(i)}`;

function modelData(): ModelDataInput {
  return {
    privileges: [
      { id: 'JournalMaintain', name: 'Maintain journals' },
      { id: 'PaymentPost', name: 'Post payments' },
    ],
    duties: [
      { id: 'MaintainJournals', name: 'Maintain journals', privileges: ['JournalMaintain'] },
      { id: 'PayVendors', name: 'Pay vendors', privileges: ['PaymentPost'] },
    ],
    roles: [
      { id: '-SYSADMIN-', name: 'System administrator' },
      { id: 'Accountant', name: 'Accountant', duties: ['MaintainJournals'] },
      { id: 'PaymentsClerk', name: 'Payments clerk', duties: ['PayVendors'] },
    ],
    users: [{ id: 'admin', name: 'Admin' }, ...Array.from({ length: USERS }, (_, i) => ({ id: userId(i), name: `User ${i}` }))],
    assignments: [{ user: 'admin', role: '-SYSADMIN-' }],
    sodRules: [{ id: 'JournalsVsPayments', name: 'Journals and payments', firstDuty: 'MaintainJournals', secondDuty: 'PayVendors', severity: 'critical' }],
  };
}

/** A planned session giving PaymentsClerk to user `i`, due since 09:00. */
function session(i: number): Session {
  return {
    id: `TR-${pad(i)}`, kind: 'temporary-role', status: 'planned', user: userId(i), roles: ['PaymentsClerk'], scope: 'all', type: 'merge',
    account: null, start: '2026-03-02T09:00:00.000Z', end: '2026-03-09T09:00:00.000Z', justification: 'race test', ticket: null, requestedBy: 'admin', requestedAt: '2026-03-01T00:00:00.000Z',
    approvedBy: 'admin', approvedAt: '2026-03-01T00:00:00.000Z', startedAt: null, endedAt: null, endReason: null, assignedDuring: [], version: 1,
  };
}

describeServer('SoD decisions racing on four servers (PostgreSQL)', () => {
  let admin: pg.Pool;
  let schema: string;
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    admin = newPool({ max: 4 });
    const { store, schema: s } = await freshStore(admin, 'sodrace');
    schema = s;
    // The model and the due sessions, written once (setup, not under test).
    await createGovernance({ store, clock: new ManualClock('2026-03-01T00:00:00Z'), model: createModel(modelData()) });
    await store.transact(async (tx) => {
      for (let i = 0; i < HALF; i++) await tx.insertSession(session(i));
    });
  });

  afterAll(async () => {
    for (const pool of pools) await pool.end().catch(() => undefined);
    if (schema) await dropSchema(admin, schema);
    await admin.end();
  });

  async function worker(clock: ManualClock): Promise<Governance> {
    const pool = newPool({ max: 2 });
    pools.push(pool);
    return createGovernance({ store: postgresStore({ pool, schema, endPoolOnClose: false }), clock });
  }

  it('no user ends up with both duties of a rule unchecked', { timeout: 300_000 }, async () => {
    const clock = new ManualClock(NOW);
    const govs: Governance[] = [];
    for (let w = 0; w < WORKERS; w++) govs.push(await worker(clock));

    // Each server assigns its share, while every server's processor runs alongside.
    const assignments = govs.map(async (gov, w) => {
      for (let i = w; i < USERS; i += WORKERS) {
        await persist(() => gov.assign('admin', { user: userId(i), role: 'Accountant' }));
        if (i >= HALF) await persist(() => govs[(w + 1) % WORKERS]!.assign('admin', { user: userId(i), role: 'PaymentsClerk' }));
      }
    });
    const processors = govs.map(async (gov) => {
      for (let run = 0; run < 3; run++) expect((await gov.process({ batchSize: 7 })).failed).toEqual([]);
    });
    await Promise.all([...assignments, ...processors]);
    // A last run: nothing due may be left but sessions waiting for their conflicts.
    await govs[0]!.process();

    const reader = await worker(clock);
    expect(reader.verifyCompliance().violations).toEqual([]);
    const sessions = new Map((await reader.listSessions()).map((s) => [s.user, s]));
    for (let i = 0; i < USERS; i++) {
      const user = userId(i);
      const roles = reader.effectiveState(user).assignments.map((a) => a.role).sort();
      const open = reader.conflicts({ user, status: 'unresolved' }).map((c) => c.role);
      // One of the two roles applies, and the other waits as exactly one conflict.
      expect(roles.length === 1 && open.length === 1 && [...roles, ...open].sort().join() === 'Accountant,PaymentsClerk', `${user}: roles ${roles}, conflicts ${open}`).toBe(true);
      if (i < HALF) {
        // Started, with the assignment waiting; or waiting itself for the conflict its start raised.
        const status = sessions.get(user)!.status;
        expect([status, ...open], user).toEqual(status === 'active' ? ['active', 'Accountant'] : ['planned', 'PaymentsClerk']);
      }
    }
    expect((await reader.verifyAuditTrail()).ok).toBe(true);
  });
});
