/**
 * The governance service on PostgreSQL: migrate, create the service on the PostgreSQL store,
 * run a temporary role session through two "application servers" sharing the database, and read
 * the logs back. Run with `DATABASE_URL=postgres://user@host/db npx tsx examples/postgres.ts`.
 * It works in a schema of its own (`secgov_example`) and drops it at the end, so it can run again.
 * Without DATABASE_URL it explains what it needs and exits successfully.
 */
import pg from 'pg';
import { createGovernance, createModel, isSecGovError } from '../src/index.js';
import { migrate, postgresStore } from '../src/postgres.js';
import { ManualClock } from '../src/testing/index.js';

const url = process.env['DATABASE_URL'];
if (!url) {
  console.log('examples/postgres.ts: set DATABASE_URL to a PostgreSQL database to run this example, e.g.');
  console.log('  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx examples/postgres.ts');
  process.exit(0);
}

const schema = 'secgov_example';
const model = createModel({
  roles: [
    { id: '-SYSADMIN-', name: 'System administrator' },
    { id: 'Accountant', name: 'Accountant' },
    { id: 'Clerk', name: 'Clerk' },
  ],
  users: [
    { id: 'admin', name: 'Admin' },
    { id: 'bob', name: 'Bob' },
  ],
  assignments: [
    { user: 'admin', role: '-SYSADMIN-' },
    { user: 'bob', role: 'Clerk' },
  ],
});

// Two pools, as two application servers would have.
const poolA = new pg.Pool({ connectionString: url, max: 4 });
const poolB = new pg.Pool({ connectionString: url, max: 4 });
try {
  // Idempotent, and safe when several servers run it at once (one applies, the others wait).
  const migrated = await migrate(poolA, { schema });
  console.log(`migrated: applied ${JSON.stringify(migrated.applied)}, schema version ${migrated.version}`);

  const clock = new ManualClock('2026-03-02T08:00:00Z');
  // The first server seeds the empty database with the model; the second reads it from there.
  const serverA = await createGovernance({ store: postgresStore({ pool: poolA, schema, endPoolOnClose: false }), clock, model });
  const serverB = await createGovernance({ store: postgresStore({ pool: poolB, schema, endPoolOnClose: false }), clock });
  console.log(`server B loaded ${serverB.model().users.size} users from PostgreSQL`);

  const draft = await serverA.createTemporaryRoleSession('admin', {
    user: 'bob', roles: ['Accountant'], type: 'merge', start: '2026-03-02T09:00:00Z', end: '2026-03-09T09:00:00Z', justification: 'covers for Carol',
  });
  await serverA.approveSession('admin', draft.id);

  // Both servers run the processor; the store hands each due session to exactly one of them.
  clock.set('2026-03-02T09:00:00Z');
  const [a, b] = await Promise.all([serverA.process(), serverB.process()]);
  console.log(`started by server A: ${JSON.stringify(a.started)}, by server B: ${JSON.stringify(b.started)}`);
  await serverA.sync();
  console.log(`bob's roles now: ${serverA.effectiveState('bob').assignments.map((x) => x.role).join(', ')}`);

  clock.set('2026-03-09T09:00:00Z');
  await Promise.all([serverA.process(), serverB.process()]);
  await serverB.sync();
  console.log(`bob's roles after the end: ${serverB.effectiveState('bob').assignments.map((x) => x.role).join(', ')}`);
  for (const entry of await serverB.sessionAuditLog(draft.id)) console.log(`  ${entry.at}  ${entry.from ?? '-'} -> ${entry.to}  by ${entry.actor}`);

  // Store failures are typed: a lost connection is a retryable STORE_FAILURE.
  try {
    await postgresStore({ pool: { connect: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) } }).transact((tx) => tx.stateRevision());
  } catch (error) {
    if (isSecGovError(error, 'STORE_FAILURE')) console.log(`an unreachable server: ${error.code}, retryable: ${String(error.details.retryable)}`);
  }
} finally {
  await poolA.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await poolA.end();
  await poolB.end();
}
