import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createGovernance, createModel, SecGovError } from '../../../src/index.js';
import { storeError } from '../../../src/adapters/postgres/errors.js';
import { migrate, migrations, postgresStore, type PgPool } from '../../../src/postgres.js';
import { ManualClock } from '../../../src/testing/index.js';
import { scenarioData, T0 } from '../../governance/fixture.js';
import { pglitePool, type PglitePool } from './pglite-pool.js';

// A pg.Pool is a PgPool as it is (checked by the compiler).
const typeCheck = (pool: pg.Pool): PgPool => pool;
void typeCheck;

let pool: PglitePool;
beforeAll(async () => {
  pool = await pglitePool();
});
afterAll(async () => {
  await pool.end();
});

describe('migrate', () => {
  it('applies the shipped migrations once, records them, and does nothing the second time', async () => {
    const first = await migrate(pool, { schema: 'm1' });
    expect(first).toEqual({ applied: migrations.map((m) => m.version), version: migrations.length });
    const second = await migrate(pool, { schema: 'm1' });
    expect(second).toEqual({ applied: [], version: migrations.length });
    const recorded = await pool.db.query<{ version: number; name: string }>('SELECT version, name FROM m1.secgov_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it('refuses a database whose recorded migration differs from the shipped one', async () => {
    await migrate(pool, { schema: 'm2' });
    await pool.db.query(`UPDATE m2.secgov_migrations SET checksum = 'edited' WHERE version = 1`);
    const error = await migrate(pool, { schema: 'm2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecGovError);
    expect((error as SecGovError).code).toBe('STORE_FAILURE');
    expect((error as SecGovError).message).toMatch(/migration 1/);
  });

  it('checks the schema name', async () => {
    for (const schema of ['', 'a"b', 'x; DROP TABLE y', '__proto__'.repeat(10)]) {
      await expect(migrate(pool, { schema })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(() => postgresStore({ pool, schema })).toThrow(SecGovError);
    }
  });

  it('a store on a database that was never migrated says to run migrate', async () => {
    const store = postgresStore({ pool, schema: 'never_migrated', endPoolOnClose: false });
    const error = await store.transact((tx) => tx.stateRevision()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_FAILURE', details: { retryable: false } });
    expect((error as Error).message).toMatch(/migrate/);
  });
});

describe('postgresStore', () => {
  it('needs a pool', () => {
    expect(() => postgresStore(undefined as never)).toThrow(SecGovError);
    expect(() => postgresStore({ pool: {} as never })).toThrow(SecGovError);
  });

  it('close() ends the pool unless told not to, and a closed store refuses work', async () => {
    let ended = 0;
    const fake: PgPool = { connect: () => Promise.reject(new Error('unused')), end: async () => void ended++ };
    const store = postgresStore({ pool: fake });
    await store.close?.();
    await store.close?.();
    expect(ended).toBe(1);
    await expect(store.transact(async () => 1)).rejects.toMatchObject({ code: 'STORE_FAILURE' });
    await postgresStore({ pool: fake, endPoolOnClose: false }).close?.();
    expect(ended).toBe(1);
  });

  it('a unit of work is over when transact returns: using its transaction later fails', async () => {
    await migrate(pool, { schema: 's_over' });
    const store = postgresStore({ pool, schema: 's_over', endPoolOnClose: false });
    let kept: Parameters<Parameters<typeof store.transact>[0]>[0] | undefined;
    await store.transact(async (tx) => {
      kept = tx;
    });
    await expect(kept!.getSession('x')).rejects.toMatchObject({ code: 'STORE_FAILURE' });
    await expect(kept!.appendLog('s', [1])).rejects.toMatchObject({ code: 'STORE_FAILURE' });
  });

  it('transact refuses work that is not a function, before taking a connection', async () => {
    let connects = 0;
    const fake: PgPool = { connect: () => (connects++, Promise.reject(new Error('unused'))), end: async () => undefined };
    const store = postgresStore({ pool: fake });
    for (const work of [null, undefined, 42, {}, 'SELECT 1']) {
      await expect(store.transact(work as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { ids: ['work'] } });
    }
    expect(connects).toBe(0);
  });

  it('a server that cannot be reached gives a retryable STORE_FAILURE', async () => {
    const unreachable = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2_000 });
    const store = postgresStore({ pool: unreachable });
    const error = await store.transact((tx) => tx.stateRevision()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecGovError);
    expect(error).toMatchObject({ code: 'STORE_FAILURE', details: { retryable: true } });
    await store.close?.();
  });

  it('runs the governance service: sessions start and end, logs and the audit trail are kept', async () => {
    await migrate(pool, { schema: 'gov' });
    const store = postgresStore({ pool, schema: 'gov', endPoolOnClose: false });
    const clock = new ManualClock(T0);
    const gov = await createGovernance({ store, clock, model: createModel(scenarioData()) });
    const draft = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', start: '2026-03-02T09:00:00Z', end: '2026-03-02T17:00:00Z' });
    await gov.approveSession('admin', draft.id);
    clock.set('2026-03-02T09:30:00Z');
    expect((await gov.process()).started).toEqual([draft.id]);
    expect(gov.effectiveState('bob').assignments.map((a) => a.role)).toContain('Accountant');
    await gov.signIn('bob');
    // A second service on the same database (another server) sees the same state.
    const other = await createGovernance({ store: postgresStore({ pool, schema: 'gov', endPoolOnClose: false }), clock });
    expect(other.effectiveState('bob').assignments.map((a) => a.role)).toContain('Accountant');
    clock.set('2026-03-02T18:00:00Z');
    expect((await other.process()).ended).toEqual([draft.id]);
    await gov.sync();
    expect(gov.effectiveState('bob').assignments.map((a) => a.role)).not.toContain('Accountant');
    expect((await gov.sessionAuditLog(draft.id)).map((e) => e.to)).toEqual(['draft', 'planned', 'active', 'ended']);
    expect((await gov.userLog(draft.id)).entries.map((e) => e.type)).toEqual(['sign-in', 'session-ended']);
    expect((await gov.roleChangeLog(draft.id)).map((e) => e.change)).toEqual(['session-granted', 'session-removed']);
  });
});

describe('storeError', () => {
  const cases: [string, unknown, string, boolean][] = [
    ['serialization failure', { code: '40001', message: 'could not serialize access' }, 'CONCURRENT_MODIFICATION', true],
    ['deadlock', { code: '40P01', message: 'deadlock detected' }, 'CONCURRENT_MODIFICATION', true],
    ['unique violation', { code: '23505', message: 'duplicate key value' }, 'DUPLICATE_ID', false],
    ['terminated by an administrator', { code: '57P01', message: 'terminating connection due to administrator command' }, 'STORE_FAILURE', true],
    ['connection failure', { code: '08006', message: 'connection failure' }, 'STORE_FAILURE', true],
    ['socket reset', { code: 'ECONNRESET', message: 'read ECONNRESET' }, 'STORE_FAILURE', true],
    ['connection ended', new Error('Connection terminated unexpectedly'), 'STORE_FAILURE', true],
    ['statement timeout', { code: '57014', message: 'canceling statement due to statement timeout' }, 'STORE_FAILURE', true],
    ['too many connections', { code: '53300', message: 'too many clients' }, 'STORE_FAILURE', true],
    ['missing table', { code: '42P01', message: 'relation "secgov_heads" does not exist' }, 'STORE_FAILURE', false],
    ['syntax error', { code: '42601', message: 'syntax error' }, 'STORE_FAILURE', false],
    ['not an error object', 'boom', 'STORE_FAILURE', false],
  ];
  for (const [what, driverError, code, retryable] of cases) {
    it(`${what}: ${code}${retryable ? ', retryable' : ''}`, () => {
      const error = storeError(driverError, 'do something');
      expect(error).toBeInstanceOf(SecGovError);
      expect(error.code).toBe(code);
      expect(error.details.retryable).toBe(retryable);
      expect(error.cause).toBe(driverError);
    });
  }
  it('passes SecGovErrors through', () => {
    const original = new SecGovError('NOT_FOUND', 'x');
    expect(storeError(original, 'x')).toBe(original);
  });
});
