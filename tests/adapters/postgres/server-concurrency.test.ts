import { afterAll, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { createGovernance, createModel, SecGovError, type Governance, type ModelDataInput, type Session } from '../../../src/index.js';
import { postgresStore } from '../../../src/postgres.js';
import { ManualClock } from '../../../src/testing/index.js';
import { describeServer, dropSchema, freshStore, hookedPool, newPool, terminate } from './server.js';

// Four governance services, each with its own pool (as on four application servers), process
// 5,000 due sessions at once on a real PostgreSQL server. Every transition must happen exactly
// once, none may be left behind, and the users' roles must be right, also when one processor's
// connection is killed in the middle of a batch.

const USERS = 5_000;
const WORKERS = 4;
const START = '2026-03-02T01:00:00.000Z';
const END = '2026-03-09T01:00:00.000Z';
const pad = (n: number) => String(n).padStart(5, '0');
const userId = (i: number) => `User${pad(i)}`;
const ownRole = (i: number) => `Own${i % 5}`;
const tempRole = (i: number) => `Temp${i % 7}`;
const isReplace = (i: number) => i % 3 === 0;

function modelData(): ModelDataInput {
  return {
    roles: [
      { id: '-SYSADMIN-', name: 'System administrator' },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `Own${i}`, name: `Own role ${i}` })),
      ...Array.from({ length: 7 }, (_, i) => ({ id: `Temp${i}`, name: `Temporary role ${i}` })),
    ],
    users: [{ id: 'admin', name: 'Admin' }, ...Array.from({ length: USERS }, (_, i) => ({ id: userId(i), name: `User ${i}` }))],
    assignments: [{ user: 'admin', role: '-SYSADMIN-' }, ...Array.from({ length: USERS }, (_, i) => ({ user: userId(i), role: ownRole(i) }))],
  };
}

function session(i: number): Session {
  return {
    id: `TR-${pad(i)}`, kind: 'temporary-role', status: 'planned', user: userId(i), roles: [tempRole(i)], scope: 'all', type: isReplace(i) ? 'replace' : 'merge',
    account: null, start: START, end: END, justification: 'load test', ticket: null, requestedBy: 'admin', requestedAt: '2026-03-01T00:00:00.000Z',
    approvedBy: 'admin', approvedAt: '2026-03-01T00:00:00.000Z', startedAt: null, endedAt: null, endReason: null, assignedDuring: [], version: 1,
  };
}

describeServer('several processors on PostgreSQL', () => {
  let admin: pg.Pool;
  let schema: string;
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    admin = newPool({ max: 4 });
    const { store, schema: s } = await freshStore(admin, 'concurrency');
    schema = s;
    // The model and the due sessions, written once (setup, not under test).
    await createGovernance({ store, clock: new ManualClock('2026-03-01T00:00:00Z'), model: createModel(modelData()) });
    for (let from = 0; from < USERS; from += 1000) {
      await store.transact(async (tx) => {
        for (let i = from; i < Math.min(USERS, from + 1000); i++) await tx.insertSession(session(i));
      });
    }
  });

  afterAll(async () => {
    for (const pool of pools) await pool.end().catch(() => undefined);
    if (schema) await dropSchema(admin, schema);
    await admin.end();
  });

  /** Per session: how many audit entries moved it to `to`. */
  async function transitions(to: string): Promise<Map<string, number>> {
    const rows = await admin.query(
      `SELECT stream, count(*)::int AS n FROM "${schema}".secgov_log_records WHERE stream LIKE 'session/%/audit' AND data->>'to' = $1 GROUP BY stream`,
      [to],
    );
    return new Map(rows.rows.map((r: { stream: string; n: number }) => [r.stream, r.n]));
  }

  function expectExactlyOnce(counts: Map<string, number>, what: string): void {
    const wrong = [...counts].filter(([, n]) => n !== 1);
    expect(wrong, `${what}: sessions transitioned more than once`).toEqual([]);
    expect(counts.size, `${what}: sessions transitioned`).toBe(USERS);
  }

  async function statuses(): Promise<Record<string, number>> {
    const rows = await admin.query(`SELECT status, count(*)::int AS n FROM "${schema}".secgov_sessions GROUP BY status`);
    return Object.fromEntries(rows.rows.map((r: { status: string; n: number }) => [r.status, r.n]));
  }

  async function worker(clock: ManualClock, pool: pg.Pool | ReturnType<typeof hookedPool>): Promise<Governance> {
    return createGovernance({ store: postgresStore({ pool, schema, endPoolOnClose: false }), clock });
  }

  it('four processors start 5,000 due sessions: each exactly once, then end them, one killed mid-batch', { timeout: 300_000 }, async () => {
    const clock = new ManualClock('2026-03-02T02:00:00Z');
    for (let w = 0; w < WORKERS; w++) pools.push(newPool({ max: 2, application_name: `secgov-worker-${w}` }));

    // The victim's statements pass through a hook that, once armed, kills its connection in the
    // middle of a batch (when the batch's session updates and log entries are written and it is
    // numbering them, just before COMMIT) and then refuses new connections: the processor is dead.
    let armed = false;
    let killed = false;
    const victimPool = hookedPool(pools[0]!, async (text, pid) => {
      if (!armed || killed) return;
      if (text.includes("name = 'session-changes'")) {
        killed = true;
        victimPool.dead = true;
        await terminate(admin, pid);
      }
    });
    const govs = [await worker(clock, victimPool), ...(await Promise.all(pools.slice(1).map((p) => worker(clock, p))))];

    // Start: every session exactly once across the four processors.
    const started = await Promise.all(govs.map((g) => g.process()));
    const startedIds = started.flatMap((r) => r.started);
    expect(new Set(startedIds).size).toBe(startedIds.length);
    expect(startedIds.length).toBe(USERS);
    expect(started.flatMap((r) => r.failed)).toEqual([]);
    expect(await statuses()).toEqual({ active: USERS });
    expectExactlyOnce(await transitions('active'), 'start');

    // The roles in force: a fresh service (another server starting) reads them from the store.
    const reader = await worker(clock, newPoolTracked());
    for (let i = 0; i < USERS; i += 1) {
      const roles = reader.effectiveState(userId(i)).assignments.map((a) => a.role).sort();
      expect(roles, userId(i)).toEqual(isReplace(i) ? [tempRole(i)] : [ownRole(i), tempRole(i)].sort());
    }

    // End, with the victim killed in the middle of its first batch.
    clock.set('2026-03-09T02:00:00Z');
    armed = true;
    const settled = await Promise.allSettled(govs.map((g) => g.process()));
    expect(killed).toBe(true);
    // The dead processor either reports its failed batch or fails outright (it cannot even sync):
    // either way with a typed, retryable store failure.
    const victim = settled[0]!;
    const victimErrors = victim.status === 'fulfilled' ? victim.value.failed.map((f) => f.error) : [victim.reason as unknown];
    expect(victimErrors.length).toBeGreaterThan(0);
    for (const error of victimErrors) {
      expect(error).toBeInstanceOf(SecGovError);
      expect((error as SecGovError).code).toBe('STORE_FAILURE');
      expect((error as SecGovError).details.retryable).toBe(true);
    }
    const ended = settled.slice(1).map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    expect(ended.flatMap((r) => r.failed)).toEqual([]);
    // The killed batch rolled back whole: none of its sessions shows a half-done end.
    const partial = await admin.query(
      `SELECT count(*)::int AS n FROM "${schema}".secgov_sessions s WHERE s.status <> 'ended' AND EXISTS (
         SELECT 1 FROM "${schema}".secgov_log_records r WHERE r.stream = 'session/' || s.key || '/audit' AND r.data->>'to' = 'ended')`,
    );
    expect(partial.rows[0].n).toBe(0);

    // A survivor's next run completes what the dead processor left.
    const survivor = govs[1]!;
    await survivor.process();
    expect(await statuses()).toEqual({ ended: USERS });
    expectExactlyOnce(await transitions('ended'), 'end');
    const endedIds = [...ended.flatMap((r) => r.ended), ...(victim.status === 'fulfilled' ? victim.value.ended : [])];
    expect(new Set(endedIds).size).toBe(endedIds.length);

    // Everyone has exactly their own role again.
    await reader.sync();
    for (let i = 0; i < USERS; i += 1) expect(reader.effectiveState(userId(i)).assignments.map((a) => a.role), userId(i)).toEqual([ownRole(i)]);
    // And the role change logs hold one grant and one removal of the session role per session.
    const roleLog = await admin.query(
      `SELECT count(*) FILTER (WHERE data->>'change' = 'session-granted')::int AS granted, count(*) FILTER (WHERE data->>'change' = 'session-removed')::int AS removed
       FROM "${schema}".secgov_log_records WHERE stream LIKE 'session/%/roles'`,
    );
    expect(roleLog.rows[0]).toEqual({ granted: USERS, removed: USERS });
  });

  function newPoolTracked(): pg.Pool {
    const pool = newPool({ max: 2 });
    pools.push(pool);
    return pool;
  }
});
