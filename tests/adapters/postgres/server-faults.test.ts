import { afterAll, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { createGovernance, createModel, SecGovError, type Store } from '../../../src/index.js';
import { migrate, postgresStore } from '../../../src/postgres.js';
import { ManualClock } from '../../../src/testing/index.js';
import { scenarioData, T0 } from '../../governance/fixture.js';
import { describeServer, dropSchema, freshSchema, freshStore, hookedPool, newPool, terminate } from './server.js';

// Faults on a real server: a connection lost in the middle of a unit of work (killed with
// pg_terminate_backend) gives a typed, retryable error, and nothing of the unit is kept.

const session = (id: string) => ({
  id, kind: 'temporary-role' as const, status: 'draft' as const, user: 'bob', roles: ['Accountant'], scope: 'all' as const, type: 'merge' as const, account: null,
  start: '2026-03-03T00:00:00.000Z', end: '2026-03-04T00:00:00.000Z', justification: null, ticket: null, requestedBy: 'admin', requestedAt: T0,
  approvedBy: null, approvedAt: null, startedAt: null, endedAt: null, endReason: null, assignedDuring: [], version: 1,
});

async function expectRetryableStoreFailure(promise: Promise<unknown>): Promise<SecGovError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecGovError);
  expect((error as SecGovError).code).toBe('STORE_FAILURE');
  expect((error as SecGovError).details.retryable).toBe(true);
  return error as SecGovError;
}

describeServer('connection loss on PostgreSQL', () => {
  let admin: pg.Pool;
  const schemas: string[] = [];
  const pools: pg.Pool[] = [];

  beforeAll(() => {
    admin = newPool({ max: 2 });
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end().catch(() => undefined);
    for (const schema of schemas) await dropSchema(admin, schema);
    await admin.end();
  });

  /** A store whose connection is killed before the first statement matching `when`. */
  async function sabotaged(when: (text: string) => boolean): Promise<{ store: Store; reader: Store; fired: () => boolean }> {
    const pool = newPool({ max: 2 });
    pools.push(pool);
    const { store: reader, schema } = await freshStore(pool, 'faults');
    schemas.push(schema);
    let fired = false;
    const hooked = hookedPool(pool, async (text, pid) => {
      if (fired || !when(text)) return;
      fired = true;
      await terminate(admin, pid);
    });
    return { store: postgresStore({ pool: hooked, schema, endPoolOnClose: false }), reader, fired: () => fired };
  }

  async function nothingKept(reader: Store): Promise<void> {
    await reader.transact(async (tx) => {
      expect(await tx.getSession('S1')).toBeUndefined();
      expect((await tx.readLog('log/a')).records).toEqual([]);
      expect(await tx.stateRevision()).toBe(0);
      expect((await tx.sessionChanges(0)).sessions).toEqual([]);
      expect(await tx.getUserActivity('bob')).toBeUndefined();
    });
  }

  const work = async (store: Store) =>
    store.transact(async (tx) => {
      await tx.appendState(0, [{ op: 'add', kind: 'organization', value: { id: 'O1', name: 'O1' } }]);
      await tx.putUserActivity({ user: 'bob', lastSignIn: T0, openSignIns: [], version: 1 });
      await tx.insertSession(session('S1'));
      await tx.appendLog('log/a', [{ n: 1 }]);
      return (await tx.findSessions({})).length;
    });

  it('killed between two statements: STORE_FAILURE, retryable, nothing kept; the pool recovers', async () => {
    const { store, reader, fired } = await sabotaged((text) => text.includes('secgov_user_activity'));
    await expectRetryableStoreFailure(work(store));
    expect(fired()).toBe(true);
    await nothingKept(reader);
    expect(await work(store)).toBe(1); // the retry, on a fresh connection
  });

  it('killed while sending the bulk writes: nothing kept', async () => {
    const { store, reader, fired } = await sabotaged((text) => text.includes('INSERT INTO secgov_log_records'));
    await expectRetryableStoreFailure(work(store));
    expect(fired()).toBe(true);
    await nothingKept(reader);
  });

  it('killed just before COMMIT: STORE_FAILURE, retryable, nothing kept', async () => {
    const { store, reader, fired } = await sabotaged((text) => text === 'COMMIT');
    const error = await expectRetryableStoreFailure(work(store));
    expect(fired()).toBe(true);
    expect(error.details['commitUnknown']).toBe(true);
    await nothingKept(reader);
  });

  it('a governance command whose connection dies: typed retryable error, no session, no log, no audit entry; the retry succeeds', async () => {
    const { store, reader, fired } = await sabotaged((text) => text.includes('INSERT INTO secgov_sessions'));
    const clock = new ManualClock(T0);
    // Set up on the healthy store, then command through the sabotaged one.
    await createGovernance({ store: reader, clock, model: createModel(scenarioData()) });
    const gov = await createGovernance({ store, clock });
    const trailBefore = await reader.transact(async (tx) => (await tx.readLog('audit', { limit: 100_000 })).records.length);
    const create = () => gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', start: '2026-03-03T00:00:00Z', end: '2026-03-04T00:00:00Z' });
    await expectRetryableStoreFailure(create());
    expect(fired()).toBe(true);
    await reader.transact(async (tx) => {
      expect(await tx.findSessions({})).toEqual([]);
      expect((await tx.readLog('audit', { limit: 100_000 })).records.length).toBe(trailBefore);
    });
    const created = await create();
    expect((await gov.sessionAuditLog(created.id)).map((e) => e.event)).toEqual(['create']);
  });

  it('two servers migrating the same empty schema at once: one applies, the others wait and find nothing to do', async () => {
    const schema = freshSchema('migrate');
    schemas.push(schema);
    const racers = Array.from({ length: 3 }, () => {
      const pool = newPool({ max: 1 });
      pools.push(pool);
      return pool;
    });
    const results = await Promise.all(racers.map((pool) => migrate(pool, { schema })));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 1]);
    expect(results.every((r) => r.version === 1)).toBe(true);
    const recorded = await admin.query(`SELECT version FROM "${schema}".secgov_migrations`);
    expect(recorded.rows).toEqual([{ version: 1 }]);
  });
});
