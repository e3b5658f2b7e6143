/**
 * PostgreSQL section: the PostgreSQL store on a real server. Saving and loading the model, session
 * transitions per second with one and with four processors (each its own service and pool, as on
 * separate application servers), and audit-trail style appends (read the tail, append one entry)
 * per second. Runs only when `SECGOV_PG_URL` (or `DATABASE_URL`) names a server; it works in a
 * schema of its own and drops it at the end.
 *
 * @module
 */
import pg from 'pg';
import { createGovernance } from '../src/create-governance.js';
import { modelToData } from '../src/model/data.js';
import { idKey } from '../src/model/ids.js';
import { migrate, postgresStore } from '../src/postgres.js';
import type { Session } from '../src/sessions/schemas.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { Random } from '../src/testing/generate-random.js';
import type { BenchContext, BenchSection } from './context.js';

const SECTION = 'postgres';

/** The postgres section. */
export const postgresSection: BenchSection = {
  name: SECTION,
  title: 'PostgreSQL store on a real server: model save/load, processor throughput with 1 and 4 workers, audit appends',
  async run(context) {
    const url = process.env['SECGOV_PG_URL'] || process.env['DATABASE_URL'];
    if (!url) {
      const message = 'postgres: skipped, no server (set SECGOV_PG_URL or DATABASE_URL to a PostgreSQL database the bench may create a schema in)';
      context.log(message);
      context.report.note(message);
      return;
    }
    const schema = `secgov_bench_${process.pid}`;
    const pools: pg.Pool[] = [];
    const newPool = (max: number) => {
      const pool = new pg.Pool({ connectionString: url, max });
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    };
    const admin = newPool(2);
    try {
      await migrate(admin, { schema });
      await measure(context, (max) => newPool(max), schema);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      for (const pool of pools) await pool.end().catch(() => undefined);
    }
  },
};

async function measure(context: BenchContext, newPool: (max: number) => pg.Pool, schema: string): Promise<void> {
  const { model, report } = context;
  const storeOn = (pool: pg.Pool) => postgresStore({ pool, schema, endPoolOnClose: false });
  const store = storeOn(newPool(4));

  // Save: the whole model as the first state snapshot (what createGovernance does on an empty store).
  context.log('postgres: saving the model');
  let t = performance.now();
  const data = modelToData(model);
  await store.transact(async (tx) => {
    const revision = await tx.appendState(0, []);
    await tx.saveSnapshot({ revision, data });
  });
  const saveMs = performance.now() - t;
  const megabytes = JSON.stringify(data).length / 1e6;
  report.figure(SECTION, 'postgres.model_save_ms', saveMs, 'ms', `save the model as one snapshot (${megabytes.toFixed(1)} MB of JSON)`);

  // Load: a new service reads the snapshot and builds the model (another server starting). The
  // median of a few runs: one run is at the mercy of whatever else the machine is doing.
  const runs = context.scale(3, 1);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const reads: number[] = [];
  const loads: number[] = [];
  const clock = new ManualClock('2026-03-02T00:00:00Z');
  let gov: Awaited<ReturnType<typeof createGovernance>> | undefined;
  for (let run = 0; run < runs; run++) {
    context.log(`postgres: reading the snapshot and loading the model into a new service (${run + 1}/${runs})`);
    t = performance.now();
    await store.transact((tx) => tx.readState(0));
    reads.push(performance.now() - t);
    gov = undefined;
    t = performance.now();
    gov = await createGovernance({ store, clock });
    loads.push(performance.now() - t);
  }
  report.figure(SECTION, 'postgres.model_read_ms', median(reads), 'ms', `read the snapshot from the store: query and JSON parse (median of ${runs})`);
  report.figure(SECTION, 'postgres.model_load_ms', median(loads), 'ms', `createGovernance on the stored model: read the snapshot, build and validate the model (median of ${runs})`, {
    op: '<', target: 5_000, label: '< 5 s',
  });
  if (!gov || gov.model().users.size !== model.users.size) throw new Error('bench: the loaded model differs from the saved one');

  // Sessions: two sets of planned Merge sessions, the second due later. One processor starts the
  // first set, four processors (own service, own pool) start the second.
  const wanted = context.scale(10_000, 400);
  const admin = [...model.assignments.values()].find((a) => idKey(a.role) === idKey(model.parameters.administratorRole))?.user;
  if (!admin) throw new Error('bench: the generated model has no administrator');
  const users = [...model.users.values()].filter((u) => u.enabled && idKey(u.id) !== idKey(admin)).map((u) => u.id);
  const roles = [...model.roles.values()].filter((r) => idKey(r.id) !== idKey(model.parameters.administratorRole)).map((r) => r.id);
  const rng = new Random(context.seed, 'bench-postgres');
  const chosen = rng.shuffle([...users]).slice(0, wanted);
  const count = chosen.length;
  const sets = [
    { name: 'A', start: '2026-03-02T01:00:00.000Z' },
    { name: 'B', start: '2026-03-02T03:00:00.000Z' },
  ];
  context.log(`postgres: writing ${(2 * count).toLocaleString('en-US')} planned sessions`);
  for (const set of sets) {
    for (let from = 0; from < count; from += 1000) {
      await store.transact(async (tx) => {
        for (let i = from; i < Math.min(count, from + 1000); i++) {
          const session: Session = {
            id: `TR-${set.name}${String(i).padStart(6, '0')}`, kind: 'temporary-role', status: 'planned', user: chosen[i]!, roles: [rng.pick(roles)], scope: 'all', type: 'merge',
            account: null, start: set.start, end: '2026-03-20T00:00:00.000Z', justification: 'bench', ticket: null, requestedBy: admin, requestedAt: '2026-03-01T00:00:00.000Z',
            approvedBy: admin, approvedAt: '2026-03-01T00:00:00.000Z', startedAt: null, endedAt: null, endReason: null, assignedDuring: [], version: 1,
          };
          await tx.insertSession(session);
        }
      });
    }
  }

  context.log('postgres: four more services (one per processor), each loading the model');
  const workers = [gov];
  for (let w = 1; w < 4; w++) workers.push(await createGovernance({ store: storeOn(newPool(2)), clock }));
  for (const w of workers) await w.sync();

  clock.set('2026-03-02T02:00:00Z');
  context.log(`postgres: one processor starting ${count.toLocaleString('en-US')} sessions`);
  t = performance.now();
  const one = await gov.process();
  const oneMs = performance.now() - t;
  if (one.started.length !== count) throw new Error(`bench: ${one.started.length} of ${count} sessions started`);
  report.figure(SECTION, 'postgres.transitions_1_worker_per_s', (count / oneMs) * 1000, 'transitions/s', `one processor starting ${count.toLocaleString('en-US')} due sessions (batches of 500)`);

  clock.set('2026-03-02T04:00:00Z');
  for (const w of workers) await w.sync();
  context.log(`postgres: four processors starting ${count.toLocaleString('en-US')} sessions`);
  t = performance.now();
  const four = await Promise.all(workers.map((w) => w.process()));
  const fourMs = performance.now() - t;
  const started = four.reduce((n, r) => n + r.started.length, 0);
  if (started !== count) throw new Error(`bench: ${started} of ${count} sessions started by four processors`);
  report.figure(SECTION, 'postgres.transitions_4_workers_per_s', (count / fourMs) * 1000, 'transitions/s', `four processors (own service and pool each) starting ${count.toLocaleString('en-US')} due sessions`, {
    op: '>=', target: 2_000, label: '≥ 2,000/s',
  });

  // Audit-trail style appends: each unit of work claims the tail of one stream and appends one
  // entry chained to it, as a hash-chained trail does; four writers contend for the same tail.
  const appends = context.scale(2_000, 200);
  const appendStores = [store, ...Array.from({ length: 3 }, () => storeOn(newPool(1)))];
  const chain = async (s: typeof store, n: number, who: number) => {
    for (let i = 0; i < n; i++) {
      await s.transact(async (tx) => {
        const tail = await tx.lastLog('bench/audit');
        await tx.appendLog('bench/audit', [{ seq: (tail?.seq ?? 0) + 1, prev: tail ? (tail.data as { seq: number }).seq : null, who, at: '2026-03-02T04:00:00.000Z', what: 'bench' }]);
      });
    }
  };
  t = performance.now();
  await chain(store, appends, 0);
  report.figure(SECTION, 'postgres.audit_appends_1_writer_per_s', (appends / (performance.now() - t)) * 1000, 'appends/s', 'one writer: read the tail, append one chained entry, commit');
  t = performance.now();
  await Promise.all(appendStores.map((s, w) => chain(s, appends / 4, w + 1)));
  report.figure(SECTION, 'postgres.audit_appends_4_writers_per_s', (appends / (performance.now() - t)) * 1000, 'appends/s', 'four writers on one chain (serialized by the stream lock)');
  const check = await store.transact((tx) => tx.readLog('bench/audit', { limit: 2 * appends + 10 }));
  check.records.forEach((r, i) => {
    if ((r.data as { seq: number }).seq !== i + 1) throw new Error(`bench: audit entry ${i + 1} does not extend the tail it read`);
  });
  t = performance.now();
  await store.transact((tx) => tx.appendLog('bench/bulk', Array.from({ length: 10_000 }, (_, i) => ({ i, at: '2026-03-02T04:00:00.000Z', what: 'bulk' }))));
  report.figure(SECTION, 'postgres.log_bulk_append_per_s', (10_000 / (performance.now() - t)) * 1000, 'entries/s', 'one unit of work appending 10,000 log entries in one call');
}
