/**
 * Access section: the compiled access index against three baselines measured in the same run on
 * the same model: a bare `Map.get` (the floor), the simple reference implementation, and
 * node-casbin with the equivalent RBAC policy.
 *
 * @module
 */
import { applyChanges } from '../src/model/apply.js';
import type { Change } from '../src/model/changes.js';
import { idKey } from '../src/model/ids.js';
import type { SecurityModel } from '../src/model/model.js';
import { entryPointId } from '../src/model/schemas.js';
import { Random } from '../src/testing/generate-random.js';
import { compileAccess } from '../src/access/index.js';
import type { AccessIndex } from '../src/access/index.js';
import { referenceAccess } from '../tests/reference/access.js';
import { casbinObject, casbinPolicy, casbinPolicyText, casbinUser, loadCasbin, loadCasbinCsv } from './casbin.js';
import type { BenchContext, BenchSection } from './context.js';
import { makeQuestions, type Questions } from './questions.js';
import { consume, heapUsed, measure, measureEach, measureInterleaved, sampleWithin } from './timing.js';

const SECTION = 'access';
const MB = 1024 * 1024;

/** The access section. */
export const accessSection: BenchSection = {
  name: SECTION,
  title: 'compiled access index vs Map.get, reference implementation and casbin',
  async run(context) {
    const { index, buildMs } = measureBuild(context);
    const questions = makeQuestions(context.model, context.scale(1_000_000, 20_000), context.seed);
    const checkNs = measureChecks(context, index, questions);
    measureQueries(context, index, questions);
    measureReference(context, index, questions, checkNs);
    await measureCasbin(context, index, checkNs, buildMs);
    // Last: it changes the index, and the baselines above compare answers on the original model.
    measureReindex(context, index, buildMs);
  },
};

function measureBuild(context: BenchContext): { index: AccessIndex; buildMs: number } {
  const { report, model } = context;
  context.log('access: building the index');
  const before = heapUsed();
  const start = performance.now();
  const index = compileAccess(model);
  const coldMs = performance.now() - start;
  const heapMb = (heapUsed() - before) / MB;
  report.figure(SECTION, 'access.build_cold_ms', coldMs, 'ms', 'first build of the index (cold JIT)');
  // Later builds are timed while the first index stays alive, as it would in a service.
  const build = measure(() => compileAccess(model), { warmup: 0, runs: context.scale(3, 1) });
  report.figure(SECTION, 'access.build_ms', build.median, 'ms', `index build, median of ${build.runs} runs after the first`);
  report.figure(SECTION, 'access.heap_mb', heapMb, 'MB', 'heap retained by one index (heapUsed delta after gc)', { op: '<', target: 150, label: 'heap < 150 MB' });
  return { index, buildMs: build.median };
}

function measureChecks(context: BenchContext, index: AccessIndex, q: Questions): number {
  const { users, entryPoints, rights, organizations, length } = q;
  // The floor: one Map.get per question over the same entry point id strings, in the same loop.
  const map = new Map<string, number>();
  let n = 0;
  for (const ep of context.model.entryPoints.values()) map.set(entryPointId(ep), n++);
  context.log(`access: ${length.toLocaleString('en-US')} checks, and as many Map.gets`);
  const timing = measureInterleaved(
    {
      check: () => {
        let yes = 0;
        for (let i = 0; i < length; i++) {
          if (index.check(users[i]!, entryPoints[i]!, rights[i]!, organizations[i])) yes++;
        }
        return yes;
      },
      mapGet: () => {
        let yes = 0;
        for (let i = 0; i < length; i++) {
          // Read the same arrays as the check loop, so only the work per question differs.
          const u = users[i]!;
          const r = rights[i]!;
          const o = organizations[i];
          if (map.get(entryPoints[i]!) !== undefined && u.length + r.length + (o === undefined ? 0 : 1) > 0) yes++;
        }
        return yes;
      },
    },
    { warmup: 1, runs: context.scale(5, 1) },
  );
  const ns = (timing.check.median * 1e6) / length;
  const mapGetNs = (timing.mapGet.median * 1e6) / length;
  const loops = `median of ${timing.check.runs} loops over ${length.toLocaleString('en-US')} random questions`;
  context.report.figure(SECTION, 'access.check_ns', ns, 'ns', `one check, ${loops} (half reachable, 20% with an organization)`);
  context.report.figure(SECTION, 'access.checks_per_s', 1e9 / ns, 'checks/s', 'check throughput, one thread');
  context.report.figure(SECTION, 'access.mapget_ns', mapGetNs, 'ns', `floor: one Map.get on the entry point id, same loop shape, ${loops}, alternating with the check loops`);
  context.report.ratio(SECTION, 'check_vs_mapget', ns / mapGetNs, 'check time / one Map.get time (lower is better)', { op: '<=', target: 3, label: 'check ≤ 3 Map.gets' });
  let yes = 0;
  for (let i = 0; i < length; i++) if (index.check(users[i]!, entryPoints[i]!, rights[i]!, organizations[i])) yes++;
  context.report.note(`access: ${((100 * yes) / length).toFixed(1)}% of the random questions are answered "allowed".`);
  return ns;
}

function measureQueries(context: BenchContext, index: AccessIndex, q: Questions): void {
  const sample = context.scale(50, 10);
  const rng = new Random(context.seed, 'bench-queries');
  const users = Array.from({ length: sample }, () => rng.pick(q.users));
  const reachable = Array.from({ length: sample }, () => rng.pick(q.entryPoints));
  const rightsOf = measureEach(users, (user) => index.rightsOf(user));
  context.report.figure(SECTION, 'access.rights_of_user_ms', rightsOf.median, 'ms', `all rights of one user (every entry point), median over ${rightsOf.runs} users; max ${rightsOf.max.toFixed(2)} ms`);
  const who = measureEach(reachable, (ep) => index.whoCanReach(ep, 'read'));
  context.report.figure(SECTION, 'access.who_can_reach_ms', who.median, 'ms', `users who can read one entry point, median over ${who.runs} entry points; max ${who.max.toFixed(2)} ms`);
}

/** A role change: add a duty the role lacks, or remove one it has (alternately). */
function roleChange(model: SecurityModel, rng: Random, add: boolean): Change | undefined {
  const roles = [...model.roles.values()].filter((r) => r.duties.length > 1 && idKey(r.id) !== idKey(model.parameters.administratorRole));
  const duties = [...model.duties.values()];
  if (roles.length === 0 || duties.length === 0) return undefined;
  const role = rng.pick(roles);
  if (!add) return { op: 'update', kind: 'role', id: role.id, patch: { duties: role.duties.slice(1) } };
  const held = new Set(role.duties.map(idKey));
  for (let attempt = 0; attempt < 20; attempt++) {
    const duty = rng.pick(duties);
    if (!held.has(idKey(duty.id))) return { op: 'update', kind: 'role', id: role.id, patch: { duties: [...role.duties, duty.id] } };
  }
  return undefined;
}

function measureReindex(context: BenchContext, index: AccessIndex, buildMs: number): void {
  const rng = new Random(context.seed, 'bench-reindex');
  let model = context.model;
  const updates: number[] = [];
  const applies: number[] = [];
  const rounds = context.scale(9, 3);
  for (let i = 0; i < rounds + 1; i++) {
    const change = roleChange(model, rng, i % 2 === 0);
    if (!change) break;
    const startApply = performance.now();
    const next = applyChanges(model, [change]);
    const applyMs = performance.now() - startApply;
    const start = performance.now();
    index.update(next, [change]);
    const updateMs = performance.now() - start;
    // The first round warms the code up.
    if (i > 0) {
      updates.push(updateMs);
      applies.push(applyMs);
    }
    model = next;
  }
  if (updates.length === 0) {
    context.report.note('access: no role to change; re-index not measured.');
    return;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const updateMs = median(updates);
  context.report.figure(SECTION, 'access.reindex_ms', updateMs, 'ms', `index.update after one role change (a duty added or removed), median of ${updates.length}`);
  context.report.figure(SECTION, 'access.apply_role_change_ms', median(applies), 'ms', 'applyChanges for that change (model, not index; for context)');
  context.report.ratio(SECTION, 'reindex_vs_build', updateMs / buildMs, 'incremental update / full build (lower is better)', { op: '<', target: 0.01, label: 'reindex < 1% of build' });
  consume(index);
}

function measureReference(context: BenchContext, index: AccessIndex, q: Questions, checkNs: number): void {
  // The reference walks the model again for every question: build it once, outside the timing.
  const reference = referenceAccess(context.model);
  const items = Array.from({ length: Math.min(q.length, context.scale(2_000, 50)) }, (_, i) => i);
  context.log('access: reference implementation on a sample');
  // One question first so that its code is compiled before the timed sample.
  consume(reference.check(q.users[0]!, q.entryPoints[0]!, q.rights[0]!, q.organizations[0]));
  const answers: boolean[] = [];
  const { count, perItemMs } = sampleWithin(items, (i) => (answers[i] = reference.check(q.users[i]!, q.entryPoints[i]!, q.rights[i]!, q.organizations[i])), context.scale(10_000, 1_000), 3);
  let disagreements = 0;
  for (let i = 0; i < count; i++) if (answers[i] !== index.check(q.users[i]!, q.entryPoints[i]!, q.rights[i]!, q.organizations[i])) disagreements++;
  context.report.figure(SECTION, 'reference.check_ms', perItemMs, 'ms', `reference check, mean over a sample of ${count} of the same questions`);
  context.report.figure(SECTION, 'reference.all_questions_s', (perItemMs * q.length) / 1000, 's', `the reference's time for all ${q.length.toLocaleString('en-US')} questions, scaled from the sample`);
  context.report.ratio(SECTION, 'check_vs_reference', (perItemMs * 1e6) / checkNs, 'reference check time / index check time (higher is better)', { op: '>=', target: 1000, label: '≥ 1000× reference' });
  context.report.note(`access: the reference and the index ${disagreements === 0 ? 'agree on all' : `DISAGREE on ${disagreements} of`} ${count} sampled questions.`);
}

async function measureCasbin(context: BenchContext, index: AccessIndex, checkNs: number, buildMs: number): Promise<void> {
  const { model, report } = context;
  const policy = casbinPolicy(model);
  const rules = `${policy.p.length.toLocaleString('en-US')} p + ${policy.g.length.toLocaleString('en-US')} g rules`;

  // Casbin at its best: rules handed over already split, straight into its policy arrays.
  context.log('access: casbin load, rules pre-split');
  let start = performance.now();
  let enforcer: Awaited<ReturnType<typeof loadCasbin>> | undefined = await loadCasbin(policy);
  const presplitMs = performance.now() - start;
  enforcer = undefined;
  consume(enforcer);

  // Casbin as shipped: its file and string adapters, and most database adapters, hand each rule
  // over as a CSV line that Helper.loadPolicyLine parses. This is the load the goal compares with.
  context.log('access: casbin load through its CSV string adapter');
  const text = casbinPolicyText(policy);
  const before = heapUsed();
  start = performance.now();
  enforcer = await loadCasbinCsv(text);
  const loadMs = performance.now() - start;
  const heapMb = (heapUsed() - before) / MB;
  report.figure(SECTION, 'casbin.load_ms', loadMs, 'ms', `casbin enforcer load through its string adapter (each rule a CSV line, role links built): ${rules}, one run`);
  report.figure(SECTION, 'casbin.load_presplit_ms', presplitMs, 'ms', 'casbin load with the rules handed over pre-split (no CSV parse; casbin at its best), one run');
  report.figure(SECTION, 'casbin.heap_mb', heapMb, 'MB', 'heap retained by the casbin enforcer (for comparison)');
  report.ratio(SECTION, 'build_vs_casbin', loadMs / buildMs, 'casbin load (CSV adapter) / index build (higher is better)', { op: '>=', target: 20, label: 'build ≥ 20× faster than casbin' });
  report.ratio(SECTION, 'build_vs_casbin_presplit', presplitMs / buildMs, 'casbin load (pre-split rules) / index build (higher is better; no goal)');

  // Casbin scans every policy line per check: time a small sample of questions it can express.
  const adminKey = idKey(model.parameters.administratorRole);
  const excluded = new Set<string>();
  for (const a of model.assignments.values()) if (a.scope !== 'all' || idKey(a.role) === adminKey) excluded.add(idKey(a.user));
  const users = [...model.users.values()].map((u) => u.id).filter((u) => !excluded.has(idKey(u)));
  const sample = makeQuestions(model, context.scale(20, 3), context.seed + 1, { users, organizationShare: 0 });
  const items = Array.from({ length: sample.length }, (_, i) => i);
  const e = enforcer;
  const answers: boolean[] = [];
  const casbinAnswer = (i: number) => (answers[i] = e.enforceSync(casbinUser(sample.users[i]!), casbinObject(sample.entryPoints[i]!), sample.rights[i]!));
  context.log('access: casbin checks on a small sample');
  consume(casbinAnswer(0));
  const { count, perItemMs } = sampleWithin(items, casbinAnswer, context.scale(15_000, 2_000), 2);
  let disagreements = 0;
  for (let i = 0; i < count; i++) if (answers[i] !== index.check(sample.users[i]!, sample.entryPoints[i]!, sample.rights[i]!)) disagreements++;
  report.figure(SECTION, 'casbin.check_ms', perItemMs, 'ms', `casbin enforceSync, mean over a sample of ${count} questions (casbin scans all policies per check)`);
  report.ratio(SECTION, 'check_vs_casbin', (perItemMs * 1e6) / checkNs, 'casbin check time / index check time (higher is better)');
  report.note(
    `access: casbin models user → role → sub-role → duty → privilege as g lines and grants as p lines with deny-override; ` +
      `organization scope and the administrator's implicit full access are not modelled, so its sample asks only users without scoped or administrator assignments and no organization. ` +
      `Casbin and the index ${disagreements === 0 ? 'agree on all' : `DISAGREE on ${disagreements} of`} ${count} sampled questions.`,
  );
  enforcer = undefined;
  consume(enforcer);
}
