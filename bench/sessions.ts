/**
 * Sessions section: the processor over many due sessions on the memory store, the cost of
 * overlaying session roles onto the access index, and the access check with sessions active.
 *
 * @module
 */
import { createGovernance } from '../src/create-governance.js';
import { memoryStore } from '../src/adapters/memory/store.js';
import { compileAccess } from '../src/access/index.js';
import { idKey } from '../src/model/ids.js';
import type { Session } from '../src/sessions/schemas.js';
import type { Store } from '../src/ports/store.js';
import { applyChanges } from '../src/model/apply.js';
import type { ChangeInput } from '../src/model/changes.js';
import { generateSodRules } from '../src/testing/generate-sod.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { Random } from '../src/testing/generate-random.js';
import type { BenchContext, BenchSection } from './context.js';
import { makeQuestions } from './questions.js';
import { consume, measureInterleaved } from './timing.js';

const SECTION = 'sessions';
const HOUR = 3_600_000;

/** The sessions section. */
export const sessionsSection: BenchSection = {
  name: SECTION,
  title: 'session processor on the memory store, overlay onto the access index, checks with sessions active',
  async run(context) {
    const { model, report } = context;
    const wanted = context.scale(10_000, 500);
    const admin = [...model.assignments.values()].find((a) => idKey(a.role) === idKey(model.parameters.administratorRole))?.user;
    if (!admin) throw new Error('bench: the generated model has no administrator');
    const users = [...model.users.values()].filter((u) => u.enabled && idKey(u.id) !== idKey(admin)).map((u) => u.id);
    const roles = [...model.roles.values()].filter((r) => idKey(r.id) !== idKey(model.parameters.administratorRole)).map((r) => r.id);
    const rng = new Random(context.seed, 'bench-sessions');

    const clock = new ManualClock('2026-03-02T00:00:00Z');
    const store = memoryStore();
    context.log('sessions: creating the governance service (d365 model in the memory store)');
    const gov = await createGovernance({ store, clock, model });
    gov.access(); // build the index now, not inside the first processor run

    // Setup, not measured: `count` Merge sessions of distinct users, approved, due at once. They
    // are written straight to the store: the bench measures the processor, not session creation.
    const start = '2026-03-02T01:00:00.000Z';
    const end = '2026-03-09T01:00:00.000Z';
    const chosen = rng.shuffle([...users]).slice(0, wanted);
    const count = chosen.length; // one session per user: small models have fewer users than wanted
    context.log(`sessions: writing ${count.toLocaleString('en-US')} planned sessions`);
    await writeSessions(store, chosen, () => rng.pick(roles), admin, start, end);
    await gov.sync();

    clock.set('2026-03-02T02:00:00Z');
    let t = performance.now();
    const started = await gov.process();
    const startMs = performance.now() - t;
    if (started.started.length !== count) throw new Error(`bench: ${started.started.length} of ${count} sessions started`);
    report.figure(SECTION, 'sessions.start_per_s', (count / startMs) * 1000, 'transitions/s', `processor run starting ${count.toLocaleString('en-US')} due sessions (memory store, batches of 500, includes the overlay onto the index)`, {
      op: '>=', target: 20_000, label: '≥ 20,000/s',
    });

    // Checks with sessions active (every chosen user has one) against the index without sessions.
    const plain = compileAccess(model);
    const q = makeQuestions(model, context.scale(1_000_000, 20_000), context.seed, { users: chosen });
    const overlaid = gov.access(); // the service's index, with every chosen user's overlay installed
    const timing = measureInterleaved(
      {
        plain: () => {
          let yes = 0;
          for (let i = 0; i < q.length; i++) if (plain.check(q.users[i]!, q.entryPoints[i]!, q.rights[i]!, q.organizations[i])) yes++;
          return yes;
        },
        // The index alone, without the service's wrapper: tells the overlay's cost from the wrapper's.
        index: () => {
          let yes = 0;
          for (let i = 0; i < q.length; i++) if (overlaid.check(q.users[i]!, q.entryPoints[i]!, q.rights[i]!, q.organizations[i])) yes++;
          return yes;
        },
        withSessions: () => {
          let yes = 0;
          for (let i = 0; i < q.length; i++) if (gov.check(q.users[i]!, q.entryPoints[i]!, q.rights[i]!, q.organizations[i])) yes++;
          return yes;
        },
      },
      { warmup: 1, runs: context.scale(5, 1) },
    );
    const plainNs = (timing.plain.median * 1e6) / q.length;
    const sessionNs = (timing.withSessions.median * 1e6) / q.length;
    report.figure(SECTION, 'sessions.check_plain_ns', plainNs, 'ns', 'check on an index without sessions, same questions');
    report.figure(SECTION, 'sessions.check_index_ns', (timing.index.median * 1e6) / q.length, 'ns', 'the service\'s index with the overlays installed, called directly (no service wrapper)');
    report.figure(SECTION, 'sessions.check_active_ns', sessionNs, 'ns', `gov.check for users with an active session (${count.toLocaleString('en-US')} active), same questions as the plain index`);
    report.ratio(SECTION, 'check_sessions_vs_plain', sessionNs / plainNs, 'check with sessions active / check on the index without sessions', { op: '<=', target: 1.2, label: 'within 20%' });

    // Overlay alone: install each user's session overlay into an index again, per user.
    const overlayIndex = compileAccess(model);
    const states = chosen.map((u) => ({ user: u, state: gov.effectiveState(u) }));
    t = performance.now();
    for (const { user, state } of states) overlayIndex.setEffectiveAssignments(user, { assignments: state.assignments, enabled: state.enabled });
    const overlayMs = performance.now() - t;
    report.figure(SECTION, 'sessions.overlay_us_per_user', (overlayMs * 1000) / states.length, 'µs', 'overlaying one user\'s active sessions onto the access index');
    consume(overlayIndex.check(chosen[0]!, q.entryPoints[0]!, 'read'));

    clock.set(new Date(Date.parse(end) + HOUR));
    t = performance.now();
    const ended = await gov.process();
    const endMs = performance.now() - t;
    if (ended.ended.length !== count) throw new Error(`bench: ${ended.ended.length} of ${count} sessions ended`);
    report.figure(SECTION, 'sessions.end_per_s', (count / endMs) * 1000, 'transitions/s', `processor run ending ${count.toLocaleString('en-US')} sessions`, { op: '>=', target: 20_000, label: '≥ 20,000/s' });

    await measureStartsWithSod(context, chosen, roles, admin, (count / startMs) * 1000);
  },
};

/**
 * Write approved Merge sessions for `users` straight to the store, one each, due at `start`: the
 * bench measures the processor, not session creation.
 */
async function writeSessions(store: Store, users: readonly string[], role: () => string, admin: string, start: string, end: string): Promise<void> {
  await store.transact(async (tx) => {
    let n = 0;
    for (const user of users) {
      const session: Session = {
        id: `TR-B${String(++n).padStart(6, '0')}`, kind: 'temporary-role', status: 'planned', user, roles: [role()], scope: 'all', type: 'merge', account: null,
        start, end, justification: 'bench', ticket: null, requestedBy: admin, requestedAt: '2026-03-01T00:00:00.000Z', approvedBy: admin,
        approvedAt: '2026-03-01T00:00:00.000Z', startedAt: null, endedAt: null, endReason: null, assignedDuring: [], version: 2,
      };
      await tx.insertSession({ ...session, version: 1 });
      await tx.updateSession(session);
    }
  });
}

/**
 * The same starts with 1,000 generated SoD rules enforced (fewer on a small model): each start is checked against the
 * user's roles and the sessions in force, and a session whose role would break a rule waits, its
 * conflict raised (the batches after it append after those conflicts).
 */
async function measureStartsWithSod(context: BenchContext, users: readonly string[], roles: readonly string[], admin: string, plainPerS: number): Promise<void> {
  const { report } = context;
  context.log('sessions: the same starts with SoD rules enforced');
  const rules = generateSodRules(context.model, { count: 1_000, seed: context.seed });
  const model = applyChanges(context.model, rules.map((value): ChangeInput => ({ op: 'add', kind: 'sodRule', value })));
  const clock = new ManualClock('2026-03-02T00:00:00Z');
  const store = memoryStore();
  const gov = await createGovernance({ store, clock, model });
  gov.access();
  const rng = new Random(context.seed, 'bench-sessions-sod');
  await writeSessions(store, users, () => rng.pick(roles), admin, '2026-03-02T01:00:00.000Z', '2026-03-09T01:00:00.000Z');
  await gov.sync();
  clock.set('2026-03-02T02:00:00Z');
  const t = performance.now();
  const run = await gov.process();
  const ms = performance.now() - t;
  const done = run.started.length + run.held.length;
  if (done !== users.length || run.failed.length > 0) throw new Error(`bench: ${done} of ${users.length} sessions started or held with SoD rules`);
  const perS = (done / ms) * 1000;
  report.figure(SECTION, 'sessions.start_sod_per_s', perS, 'transitions/s', `the processor run starting the same ${users.length.toLocaleString('en-US')} sessions with ${rules.length.toLocaleString('en-US')} SoD rules enforced: ${run.started.length.toLocaleString('en-US')} started, ${run.held.length.toLocaleString('en-US')} held with their conflict raised`);
  report.ratio(SECTION, 'start_plain_vs_sod', plainPerS / perS, `starts a second without SoD rules / with ${rules.length.toLocaleString('en-US')} rules enforced: the cost of the check at each start (lower is better; no goal)`);
}
