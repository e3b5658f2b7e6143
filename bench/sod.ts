/**
 * SoD section: the compliance scan over every user with 1,000 generated rules, against the
 * brute-force reference and against node-casbin (implicit roles per user, then the rule pairs);
 * the incremental monitor after one assignment and after one role change; the similarity report
 * over all privileges against comparing all pairs.
 *
 * @module
 */
import type { Enforcer } from 'casbin';
import { applyChanges } from '../src/model/apply.js';
import type { Change, ChangeInput } from '../src/model/changes.js';
import type { SodRule } from '../src/model/governance-schemas.js';
import { idKey } from '../src/model/ids.js';
import type { SecurityModel } from '../src/model/model.js';
import { SodMonitor, similarityReport, simulateAssignments, verifyCompliance, type ComplianceReport, type WhatIf } from '../src/sod/index.js';
import { compileLicenses } from '../src/licensing/compile.js';
import { Random } from '../src/testing/generate-random.js';
import { generateSodRules } from '../src/testing/generate-sod.js';
import { coveredOrganizations, referenceCompliance, referenceEntryPoints } from '../tests/reference/sod.js';
import { casbinKey, casbinPolicy, casbinUser, loadCasbin, type CasbinPolicy } from './casbin.js';
import type { BenchContext, BenchSection } from './context.js';
import { collectGarbage, consume, measure, measureInterleaved, sampleWithin } from './timing.js';

const SECTION = 'sod';
const AT = '2026-01-01T00:00:00.000Z';
const RULES = 1_000;
const LEVEL = 80;

const fmt = (n: number) => n.toLocaleString('en-US');

/** The SoD section. */
export const sodSection: BenchSection = {
  name: SECTION,
  title: 'compliance scan with 1,000 rules vs brute force and casbin; incremental monitor; similarity vs all pairs',
  async run(context) {
    const { report } = context;
    context.log(`sod: generating ${fmt(RULES)} rules`);
    const rules = generateSodRules(context.model, { count: RULES, seed: context.seed });
    const model = applyChanges(context.model, rules.map((value): ChangeInput => ({ op: 'add', kind: 'sodRule', value })));
    const enabled = [...model.sodRules.values()].filter((r) => r.enabled).length;

    context.log('sod: full compliance scan');
    let full: ComplianceReport | undefined;
    // Warmed up like the other figures (the first runs compile the code): steady state is what repeats.
    const scan = measure(() => (full = verifyCompliance(model, { at: AT })), { warmup: context.scale(4, 1), runs: context.scale(7, 1) });
    const fullMs = scan.median;
    const users = new Set(full!.violations.map((v) => idKey(v.user))).size;
    report.figure(SECTION, 'sod.full_scan_ms', fullMs, 'ms', `verifyCompliance over all ${fmt(model.users.size)} users, ${fmt(rules.length)} rules (${fmt(enabled)} enabled), median of ${scan.runs} (role closures, rules by duty and organization tree compiled by the first scan of these roles, rules and organizations, then kept)`);
    // The first scan of a model whose roles, rules and organizations were never compiled (fresh
    // copies of those collections each time): what a scan after a role or rule change costs.
    const fresh = (): SecurityModel => ({ ...model, roles: new Map(model.roles), sodRules: new Map(model.sodRules), organizations: new Map(model.organizations) });
    const first = measure(() => verifyCompliance(fresh(), { at: AT }), { warmup: 1, runs: context.scale(5, 1) });
    report.figure(SECTION, 'sod.full_scan_first_ms', first.median, 'ms', `the same, compiling role closures, rules by duty and organization tree first (fresh copies of those collections each run), median of ${first.runs}`);
    report.note(`sod: ${fmt(full!.violations.length)} violations for ${fmt(users)} of ${fmt(model.users.size)} users; ${fmt(model.assignments.size)} assignments.`);

    // The machine's load drifts: each ratio divides by the full scan re-timed next to its baseline.
    // Each side starts from a collected heap: a baseline's garbage (casbin's whole-model enforcer
    // is hundreds of megabytes) is not charged to the scan timed after it, nor the other way round.
    // A collection's cost does not end when it returns: after casbin the first two to six scans
    // took 2-4 times as long as the later ones (26-45 against 10-12 ms), so the scan is warmed up
    // past that, as casbin's 15 s absorb it.
    const scanNow = (): number => {
      collectGarbage();
      return measure(() => verifyCompliance(model, { at: AT }), { warmup: context.scale(8, 1), runs: context.scale(7, 1) }).median;
    };
    measureBruteForce(context, model, full!, scanNow);
    await measureCasbin(context, model, full!, scanNow);
    measureIncremental(context, model, scanNow);
    measureWhatIf(context, model);
    measureSimilarity(context, model);
  },
};

function measureBruteForce(context: BenchContext, model: SecurityModel, full: ComplianceReport, scanNow: () => number): void {
  const { report } = context;
  const rng = new Random(context.seed, 'bench-sod-sample');
  const sample = rng.shuffle([...model.users.values()].map((u) => u.id));
  context.log('sod: brute-force reference on a sample of users');
  consume(referenceCompliance(model, AT, { users: sample.slice(0, 1) }));
  let found = 0;
  const { count, perItemMs } = sampleWithin(sample, (user) => (found += referenceCompliance(model, AT, { users: [user] }).violations.length), context.scale(20_000, 1_000), 3);
  const expected = countFor(full, sample.slice(0, count));
  const allMs = perItemMs * model.users.size;
  const scaled = count < model.users.size;
  report.figure(SECTION, 'sod.bruteforce_scan_ms', allMs, 'ms', `brute-force reference (users × rules × assignment pairs, no index) over all users${scaled ? `, scaled from a sample of ${fmt(count)} users timed in ~${Math.round((perItemMs * count) / 1000)} s` : ''}`);
  const fullMs = scanNow();
  report.ratio(SECTION, 'scan_vs_bruteforce', allMs / fullMs, `brute-force scan time / verifyCompliance time (re-timed next to it: ${fullMs.toFixed(0)} ms; higher is better)`, { op: '>=', target: 5, label: '≥ 5× brute force' });
  report.note(`sod: the brute-force reference ${found === expected ? 'agrees with' : `DISAGREES (${found} vs ${expected} violations) with`} verifyCompliance on the ${fmt(count)} sampled users.`);
}

function countFor(report: ComplianceReport, users: readonly string[]): number {
  const keys = new Set(users.map(idKey));
  return report.violations.filter((v) => keys.has(idKey(v.user))).length;
}

/** The SoD graph as casbin role links: user → role, role → sub-role, role → duty. */
function sodPolicy(model: SecurityModel, users = true): CasbinPolicy {
  const g: string[][] = [];
  if (users) for (const a of model.assignments.values()) g.push([casbinUser(a.user), `role:${casbinKey(a.role)}`]);
  for (const role of model.roles.values()) {
    for (const s of role.subRoles) g.push([`role:${casbinKey(role.id)}`, `role:${casbinKey(s)}`]);
    for (const d of role.duties) g.push([`role:${casbinKey(role.id)}`, `duty:${casbinKey(d)}`]);
  }
  return { p: [], g };
}

/** Casbin's way, blind to organizations: all implicit roles (duties included) of the user, then each enabled rule's pair. */
async function casbinViolations(enforcer: Enforcer, user: string, rules: readonly (readonly [string, string])[]): Promise<number> {
  const held = new Set(await enforcer.getImplicitRolesForUser(casbinUser(user)));
  let n = 0;
  for (const [a, b] of rules) if (held.has(a) && held.has(b)) n++;
  return n;
}

/**
 * Casbin with organizations. Each assignment links the user to its role once per organization its
 * scope covers (children expanded when exported: casbin has no organization tree), the organization
 * written into the linked name: `org:<key>` or `all`, {@link SCOPED}, then `role:<key>`; the role
 * hierarchy (role → sub-role, role → duty) sits in the same enforcer without organizations.
 *
 * Casbin's own "RBAC with domains" was measured too and is slower, so the baseline does not use
 * it: finding a user's domains takes `getDomainsForUser` (0.5 ms a user here: it walks every link
 * of every domain) or a `getRolesForUser` probe per domain (about 6 µs each, 45 domains), against
 * one `getRolesForUser` here (d365: 0.41 against 0.18 ms a user for the whole check).
 */
const SCOPED = '\u0001'; // ids cannot hold control characters
/** The organization of assignments to all organizations. */
const EVERYWHERE = 'all';

/** User → `<organization>\u0001role:<key>` links, one per organization covered (`all` for every organization). */
function scopedAssignmentLinks(model: SecurityModel): string[][] {
  const g: string[][] = [];
  for (const a of model.assignments.values()) {
    const covered = coveredOrganizations(model, a.scope);
    const domains = covered === null ? [EVERYWHERE] : covered.map((o) => `org:${casbinKey(o)}`);
    for (const domain of domains) g.push([casbinUser(a.user), `${domain}${SCOPED}role:${casbinKey(a.role)}`]);
  }
  return g;
}

/**
 * Casbin's way with organizations: the user's roles with their organizations (one call), each
 * role's implicit roles (duties included; once per role and user); then each enabled rule's pair,
 * held everywhere or together in one organization (a duty held everywhere meets every
 * organization). Finds exactly the violations a scoped scan finds: the bench checks it on its sample.
 */
async function scopedCasbinViolations(enforcer: Enforcer, user: string, rules: readonly (readonly [string, string])[]): Promise<number> {
  const implied = new Map<string, string[]>();
  const everywhere = new Set<string>();
  const organizations = new Map<string, Set<string>>();
  for (const link of await enforcer.getRolesForUser(casbinUser(user))) {
    const split = link.indexOf(SCOPED);
    const domain = link.slice(0, split);
    const role = link.slice(split + 1);
    let held = domain === EVERYWHERE ? everywhere : organizations.get(domain);
    if (!held) organizations.set(domain, (held = new Set()));
    let duties = implied.get(role);
    if (!duties) implied.set(role, (duties = await enforcer.getImplicitRolesForUser(role)));
    for (const d of duties) held.add(d);
  }
  let n = 0;
  for (const [a, b] of rules) {
    const aEverywhere = everywhere.has(a);
    const bEverywhere = everywhere.has(b);
    if (aEverywhere && bEverywhere) n++;
    else for (const held of organizations.values()) if ((aEverywhere || held.has(a)) && (bEverywhere || held.has(b))) {
      n++;
      break;
    }
  }
  return n;
}

/**
 * Load `policy` into a new enforcer, then time a scan of every user with it, one user at a time, on
 * a sample within a budget, scaled to all users. The enforcer is dropped on return.
 */
async function timeCasbin(
  context: BenchContext,
  policy: CasbinPolicy,
  sample: readonly string[],
  violationsOf: (enforcer: Enforcer, user: string) => Promise<number>,
): Promise<{ loadMs: number; allMs: number; perUserMs: number; count: number; found: number }> {
  let start = performance.now();
  const enforcer = await loadCasbin(policy);
  const loadMs = performance.now() - start;
  consume(await violationsOf(enforcer, sample[0]!));
  collectGarbage();
  const budget = context.scale(15_000, 1_000);
  let count = 0;
  let found = 0;
  start = performance.now();
  while (count < sample.length && (count < 3 || performance.now() - start < budget)) found += await violationsOf(enforcer, sample[count++]!);
  const perUserMs = (performance.now() - start) / count;
  return { loadMs, allMs: perUserMs * context.model.users.size, perUserMs, count, found };
}

const sampled = (count: number, total: number, perUserMs: number) =>
  count < total ? `scaled from a sample of ${fmt(count)} users timed in ~${Math.round((perUserMs * count) / 1000)} s` : 'every user timed (no sampling needed)';

const agreement = (found: number, expected: number, count: number) =>
  `${found === expected ? 'agrees with' : `DISAGREES (${fmt(found)} vs ${fmt(expected)} violations) with`} verifyCompliance on its ${fmt(count)} sampled users`;

/**
 * Casbin three ways, all on the same sample of users, each re-timing the full scan next to it.
 *
 * 1. The same scan: organization-aware, with the role hierarchy of the SoD links only (casbin at
 *    its best for this question). It must find exactly verifyCompliance's violations.
 * 2. The same, with the hierarchy a casbin deployment guarding access would hold (the access
 *    section's policy: duties → privileges and the grants too), so implicit roles are longer.
 * 3. Blind to organizations (one implicit-roles call per user): less work than the scan, and
 *    wrong where duties are held in different organizations; reported for comparison, no goal.
 */
async function measureCasbin(context: BenchContext, model: SecurityModel, full: ComplianceReport, scanNow: () => number): Promise<void> {
  const { report } = context;
  const rules = [...model.sodRules.values()].filter((r: SodRule) => r.enabled).map((r) => [`duty:${casbinKey(r.firstDuty)}`, `duty:${casbinKey(r.secondDuty)}`] as const);
  const rng = new Random(context.seed, 'bench-sod-casbin');
  const sample = rng.shuffle([...model.users.values()].map((u) => u.id));
  const assignmentLinks = scopedAssignmentLinks(model);
  const links = sodPolicy(model, false);
  context.log(`sod: casbin (organizations: ${fmt(assignmentLinks.length)} user → role links by organization, ${fmt(links.g.length)} role links) implicit roles + rule pairs on a sample of users`);
  const scoped = await timeCasbin(context, { p: [], g: [...assignmentLinks, ...links.g] }, sample, (enforcer, user) => scopedCasbinViolations(enforcer, user, rules));
  report.figure(SECTION, 'sod.casbin_load_ms', scoped.loadMs, 'ms', `casbin load: ${fmt(assignmentLinks.length)} user → role links by organization and ${fmt(links.g.length)} role links (role → sub-role, role → duty), pre-split, one run; not in the scan time`);
  report.figure(SECTION, 'sod.casbin_scan_ms', scoped.allMs, 'ms', `casbin, the same scan: per user getRolesForUser (roles with their organizations), getImplicitRolesForUser per role held (SoD links only), then every enabled rule's pair per organization; all users, ${sampled(scoped.count, model.users.size, scoped.perUserMs)}`);
  let fullMs = scanNow();
  report.ratio(SECTION, 'scan_vs_casbin', scoped.allMs / fullMs, `casbin scan (organizations, SoD links) / verifyCompliance (re-timed next to it: ${fullMs.toFixed(0)} ms; higher is better)`, { op: '>=', target: 400, label: '≥ 400× casbin (SoD links)' });
  report.note(`sod: casbin with organizations ${agreement(scoped.found, countFor(full, sample.slice(0, scoped.count)), scoped.count)}.`);

  const whole = casbinPolicy(model);
  const wholePolicy: CasbinPolicy = { p: whole.p, g: [...assignmentLinks, ...whole.g.filter((link) => !link[0]!.startsWith('user:'))] };
  context.log(`sod: casbin (organizations, whole model: ${fmt(wholePolicy.p.length)} grants, ${fmt(wholePolicy.g.length)} links) implicit roles + rule pairs on a sample of users`);
  const deployed = await timeCasbin(context, wholePolicy, sample, (enforcer, user) => scopedCasbinViolations(enforcer, user, rules));
  report.figure(SECTION, 'sod.casbin_whole_load_ms', deployed.loadMs, 'ms', `casbin load of the whole model (the access section's grants and role links, with the user links by organization: ${fmt(wholePolicy.p.length)} grant rules, ${fmt(wholePolicy.g.length)} links), pre-split, one run; not in the scan time`);
  report.figure(SECTION, 'sod.casbin_whole_scan_ms', deployed.allMs, 'ms', `casbin, the same scan with the whole model loaded (implicit roles then include privileges); all users, ${sampled(deployed.count, model.users.size, deployed.perUserMs)}`);
  fullMs = scanNow();
  report.ratio(SECTION, 'scan_vs_casbin_whole', deployed.allMs / fullMs, `casbin scan (organizations, whole model) / verifyCompliance (re-timed next to it: ${fullMs.toFixed(0)} ms; higher is better)`, { op: '>=', target: 400, label: '≥ 400× casbin (whole model)' });
  report.note(`sod: casbin with organizations and the whole model ${agreement(deployed.found, countFor(full, sample.slice(0, deployed.count)), deployed.count)}.`);

  context.log('sod: casbin blind to organizations');
  const unscoped = await timeCasbin(context, sodPolicy(model), sample, (enforcer, user) => casbinViolations(enforcer, user, rules));
  report.figure(SECTION, 'sod.casbin_blind_scan_ms', unscoped.allMs, 'ms', `casbin blind to organizations (for comparison: one getImplicitRolesForUser per user, then every enabled rule's pair; less work than the scan, and it over-reports); all users, ${sampled(unscoped.count, model.users.size, unscoped.perUserMs)}`);
  fullMs = scanNow();
  report.ratio(SECTION, 'scan_vs_casbin_blind', unscoped.allMs / fullMs, `casbin blind to organizations / verifyCompliance (re-timed next to it: ${fullMs.toFixed(0)} ms; not the same scan, no goal)`);
  report.note(`sod: casbin blind to organizations finds ${fmt(unscoped.found)} violations on its ${fmt(unscoped.count)} sampled users, verifyCompliance ${fmt(countFor(full, sample.slice(0, unscoped.count)))} (duties held in different organizations do not conflict).`);
}

function measureIncremental(context: BenchContext, base: SecurityModel, scanNow: () => number): void {
  const { report } = context;
  const rng = new Random(context.seed, 'bench-sod-incremental');
  const monitor = new SodMonitor(base);
  consume(monitor.scan(AT));
  const users = [...base.users.values()].map((u) => u.id);
  const roles = [...base.roles.values()].filter((r) => idKey(r.id) !== idKey(base.parameters.administratorRole)).map((r) => r.id);
  let model = base;

  // One assignment: update + hitsOf for that user. applyChanges (the model) is not in the time.
  // Changes are applied in chunks first, then fed to the monitor one by one, each timed: the
  // monitor's own cost. The same right after each applyChanges (caches cold from immer's work) is
  // recorded apart.
  //
  // Warmed up like the scan: the scan's warm-up runs check 80,000 users, enough for V8 to compile
  // its loops; the monitor's update and hitsOf are small functions called once per change, which
  // V8 compiles only after a couple of thousand calls (--trace-opt: about 1,000 to 2,000 here).
  // Until then they run interpreted, which is not what a monitor fed for a day costs.
  context.log('sod: incremental after one assignment');
  const rounds = context.scale(500, 50);
  const warmup = context.scale(3_000, 20);
  const cold: number[] = [];
  const assignment = (): { change: Change; user: string } => {
    const user = rng.pick(users);
    return { change: { op: 'assign', assignment: { user, role: rng.pick(roles), scope: 'all', source: 'manual' } }, user: idKey(user) };
  };
  // 25 assignments applied one by one (not timed), each with the model after it.
  const nextChunk = (): Step[] =>
    Array.from({ length: 25 }, () => {
      const { change, user } = assignment();
      model = applyChanges(model, [change]);
      return { next: model, change, user };
    });
  // Chunks of assignments applied (not timed), then `work` timed for each step in order, and
  // `after` (not timed) run after it.
  type Step = { next: SecurityModel; change: Change; user: string };
  const timeChunks = (chunks: number, work: (step: Step) => void, after?: (step: Step) => void): number[] => {
    const times: number[] = [];
    for (let round = 0; round < chunks; round++) {
      for (const step of nextChunk()) {
        const start = performance.now();
        work(step);
        times.push(performance.now() - start);
        after?.(step);
      }
    }
    return times;
  };
  // The check as the service runs it: changes parsed once (by applyChanges' caller), then the
  // monitor advanced with them.
  const check = (step: Step): void => {
    monitor.advance(step.next, [step.change]);
    consume(monitor.hitsOf(step.user));
  };
  const warm = timeChunks(Math.ceil((warmup + rounds) / 25), check).slice(warmup);
  for (let i = 0; i < context.scale(100, 20); i++) {
    const { change, user } = assignment();
    model = applyChanges(model, [change]);
    const start = performance.now();
    check({ next: model, change, user });
    cold.push(performance.now() - start);
  }
  // The floor: one Map.get of a user key among as many, in the same protocol (25 applyChanges
  // between; the monitor fed untimed after). Any check that finds the user a change names by id
  // pays at least this, so the full scan divided by it bounds the ratio any such check can reach.
  const userKeys = new Map(users.map((u, i) => [idKey(u), i] as const));
  const floor = timeChunks(
    context.scale(100, 2),
    (step) => consume(userKeys.get(step.user)),
    (step) => monitor.advance(step.next, [step.change]),
  );
  // The public SodMonitor.update, which parses the change against its schema first.
  const checked = timeChunks(context.scale(40, 2), (step) => {
    monitor.update(step.next, [step.change]);
    consume(monitor.hitsOf(step.user));
  });
  // A stream: assignments applied to the model one by one first, then fed to the monitor back to
  // back, each with the model after it. The monitor's own cost with nothing between the changes
  // to evict its data from the caches.
  const stream: Step[] = Array.from({ length: context.scale(2_000, 100) }, () => {
    const { change, user } = assignment();
    model = applyChanges(model, [change]);
    return { next: model, change, user };
  });
  const streamed: number[] = [];
  for (const step of stream) {
    const start = performance.now();
    check(step);
    streamed.push(performance.now() - start);
  }
  const assignMs = median(warm);
  const streamMs = median(streamed.slice(streamed.length >> 2));
  const fullMs = scanNow();
  report.figure(SECTION, 'sod.incremental_assign_us', assignMs * 1000, 'µs', `SodMonitor.advance after one assignment + hitsOf(that user), median of ${warm.length} changes fed one by one (applyChanges done beforehand in chunks of 25, not timed; the change parsed once, as the service does)`);
  report.figure(SECTION, 'sod.incremental_assign_cold_us', median(cold) * 1000, 'µs', `the same, each timed right after its own applyChanges (caches cold), median of ${cold.length}`);
  report.figure(SECTION, 'sod.incremental_assign_stream_us', streamMs * 1000, 'µs', `the same for a stream of ${fmt(stream.length)} assignments applied in one batch, then fed back to back (median of the last three quarters)`);
  report.figure(SECTION, 'sod.incremental_assign_parsed_us', median(checked) * 1000, 'µs', `the first figure's protocol through the public SodMonitor.update, which checks the change against its schema first, median of ${checked.length}`);
  report.ratio(SECTION, 'scan_vs_incremental_assign', fullMs / assignMs, `full scan time (re-timed next to it: ${fullMs.toFixed(0)} ms) / incremental check after one assignment (higher is better)`, { op: '>=', target: 10_000, label: '≥ 10,000× faster' });
  const floorMs = median(floor);
  report.figure(SECTION, 'sod.incremental_floor_us', floorMs * 1000, 'µs', `one Map.get of a user key among ${fmt(userKeys.size)}, timed in the same protocol (25 applyChanges between), median of ${floor.length}: the least a check that finds the user by id pays`);
  report.ratio(SECTION, 'scan_vs_user_lookup', fullMs / floorMs, 'full scan time / that one lookup: the most any incremental check that looks the user up could reach here (no goal)');
  report.ratio(SECTION, 'scan_vs_incremental_assign_stream', fullMs / streamMs, 'full scan time / incremental check after one assignment in a stream (higher is better; the goal is held to the figure above)');

  // One role change: a duty added to (or removed from) a held role. The check is the update and
  // the answers for the users it affects (holding the role directly or through a parent role,
  // found before the clock starts); the update followed by a scan of everyone (the whole report)
  // is timed apart.
  context.log('sod: incremental after one role change');
  const roleTimes: number[] = [];
  const roleScanTimes: number[] = [];
  const duties = [...model.duties.values()].map((d) => d.id);
  const candidates = [...model.roles.values()].filter((r) => r.duties.length > 1 && idKey(r.id) !== idKey(model.parameters.administratorRole));
  const roleRounds = context.scale(9, 3);
  let affected = 0;
  for (let i = 0; i < 2 * (roleRounds + 1) && candidates.length > 0; i++) {
    const role = model.roles.get(idKey(rng.pick(candidates).id))!;
    const change: Change = i % 2 === 0 ? { op: 'update', kind: 'role', id: role.id, patch: { duties: [...role.duties, rng.pick(duties)].filter((d, j, all) => all.findIndex((x) => idKey(x) === idKey(d)) === j) } } : { op: 'update', kind: 'role', id: role.id, patch: { duties: role.duties.slice(1) } };
    const next = applyChanges(model, [change]);
    const users = holdersThrough(model, idKey(role.id));
    const withScan = i % 4 >= 2;
    const start = performance.now();
    monitor.update(next, [change]);
    if (withScan) consume(monitor.scan(AT));
    else for (const user of users) consume(monitor.hitsOf(user));
    const ms = performance.now() - start;
    if (i >= 2) {
      (withScan ? roleScanTimes : roleTimes).push(ms);
      if (!withScan) affected += users.length;
    }
    model = next;
  }
  if (roleTimes.length > 0 && roleScanTimes.length > 0) {
    const roleMs = median(roleTimes);
    const roleScanMs = median(roleScanTimes);
    report.figure(SECTION, 'sod.incremental_role_ms', roleMs, 'ms', `SodMonitor.update after one role change (a duty added or removed) + hitsOf for every user it affects (about ${fmt(Math.round(affected / roleTimes.length))}: holders of the role, directly or through a parent role), median of ${roleTimes.length}`);
    report.figure(SECTION, 'sod.incremental_role_scan_ms', roleScanMs, 'ms', `the same update + scan of everyone (the whole report, ${fmt(monitor.scan(AT).violations.length)} violations), median of ${roleScanTimes.length}`);
    const fullNow = scanNow();
    const freshNow = measure(() => verifyCompliance({ ...model, roles: new Map(model.roles) }, { at: AT }), { warmup: 1, runs: context.scale(5, 1) }).median;
    report.ratio(SECTION, 'scan_first_vs_incremental_role', freshNow / roleMs, `full scan after a role change (role closures compiled again, re-timed next to it: ${freshNow.toFixed(0)} ms) / incremental check after one role change (higher is better)`);
    report.ratio(SECTION, 'scan_vs_incremental_role', fullNow / roleMs, `full scan with nothing to compile (re-timed next to it: ${fullNow.toFixed(0)} ms) / incremental check after one role change (higher is better)`);
    report.ratio(SECTION, 'scan_vs_incremental_role_scan', fullNow / roleScanMs, 'full scan with nothing to compile / update + scan of everyone after one role change (the report of every violation, most of them kept)');
  }
  // The monitor must still answer like a full scan.
  const same = JSON.stringify(monitor.scan(AT)) === JSON.stringify(verifyCompliance(model, { at: AT }));
  report.note(`sod: after ${fmt(warm.length + cold.length + warmup + stream.length)} assignments and ${roleTimes.length + roleScanTimes.length + 2} role changes the monitor ${same ? 'equals' : 'DIFFERS FROM'} a fresh full scan (started over ${monitor.restarts} times: 0 when every change was followed).`);
}

/** The keys of the users holding role `roleKey` in `model`, directly or through a role that has it as a sub-role (at any depth). */
function holdersThrough(model: SecurityModel, roleKey: string): string[] {
  const parents = new Map<string, string[]>();
  for (const [key, role] of model.roles) for (const sub of role.subRoles) (parents.get(idKey(sub)) ?? parents.set(idKey(sub), []).get(idKey(sub))!).push(key);
  const roles = new Set([roleKey]);
  for (const key of roles) for (const parent of parents.get(key) ?? []) roles.add(parent);
  const users = new Set<string>();
  for (const a of model.assignments.values()) if (roles.has(idKey(a.role))) users.add(idKey(a.user));
  return [...users];
}

/**
 * What-if for one user (one role assigned), against answering the same question without it: apply
 * the change, scan everyone and compile the licences of the changed model, then read that user.
 */
function measureWhatIf(context: BenchContext, model: SecurityModel): void {
  const { report } = context;
  context.log('sod: what-if for one assignment');
  const rng = new Random(context.seed, 'bench-sod-what-if');
  const users = [...model.users.values()].map((u) => u.id);
  const roles = [...model.roles.values()].filter((r) => idKey(r.id) !== idKey(model.parameters.administratorRole)).map((r) => r.id);
  const question = () => {
    const user = rng.pick(users);
    return { user, changes: [{ op: 'assign', assignment: { user, role: rng.pick(roles), scope: 'all', source: 'manual' } }] satisfies ChangeInput[] };
  };
  let answer: WhatIf | undefined;
  const timings = measureInterleaved(
    {
      whatIf: () => {
        const { user, changes } = question();
        return (answer = simulateAssignments(model, user, changes, { at: AT }));
      },
      naive: () => {
        const { user, changes } = question();
        const after = applyChanges(model, changes);
        const scan = verifyCompliance(after, { at: AT });
        return [scan.violations.filter((v) => idKey(v.user) === idKey(user)), compileLicenses(after).ofUser(user)];
      },
    },
    { warmup: context.scale(3, 1), runs: context.scale(25, 2) },
  );
  report.figure(SECTION, 'sod.what_if_ms', timings.whatIf.median, 'ms', `simulateAssignments for one user and one assigned role (risks added, kept and removed, licences before and after), median of ${timings.whatIf.runs}; the last added ${answer!.added.length} risk(s)`);
  report.figure(SECTION, 'sod.what_if_naive_ms', timings.naive.median, 'ms', `the same question answered without it: applyChanges, verifyCompliance of everyone and compileLicenses of the changed model, then that user's violations and licences, median of ${timings.naive.runs} (in alternation)`);
  report.ratio(SECTION, 'naive_vs_what_if', timings.naive.median / timings.whatIf.median, 'apply + full scan + licence compile / simulateAssignments (higher is better; no goal)');
}

function measureSimilarity(context: BenchContext, model: SecurityModel): void {
  const { report } = context;
  context.log(`sod: similarity report over all privileges (level ${LEVEL})`);
  let pairs = 0;
  const timing = measure(() => (pairs = similarityReport(model, 'privilege', LEVEL).length), { warmup: 1, runs: context.scale(3, 1) });
  report.figure(SECTION, 'sod.similarity_ms', timing.median, 'ms', `similarityReport over all ${fmt(model.privileges.size)} privileges at ${LEVEL}% (inverted index), median of ${timing.runs}; ${fmt(pairs)} pairs`);
  context.log('sod: similarity by all pairs on a sample of privileges');
  // The all-pairs baseline at its fairest: every privilege's entry points as a Set, built once
  // (timed, and added to the total), then each X compared with every Y by Set lookups.
  let start = performance.now();
  const ids = [...model.privileges.values()].map((p) => p.id);
  const sets = ids.map((id) => new Set(referenceEntryPoints(model, 'privilege', id)));
  const setsMs = performance.now() - start;
  const rng = new Random(context.seed, 'bench-sod-similarity');
  const order = rng.shuffle(ids.map((_, i) => i));
  const allPairs = (x: number): number => {
    const xs = sets[x]!;
    if (xs.size === 0) return 0;
    let found = 0;
    for (let y = 0; y < sets.length; y++) {
      if (y === x) continue;
      const ys = sets[y]!;
      let shared = 0;
      for (const e of xs) if (ys.has(e)) shared++;
      if (shared * 100 >= LEVEL * xs.size) found++;
    }
    return found;
  };
  consume(allPairs(order[0]!));
  let found = 0;
  const { count, perItemMs } = sampleWithin(order, (x) => (found += allPairs(x)), context.scale(20_000, 1_000), 3);
  const allMs = setsMs + perItemMs * ids.length;
  const expected = similarityReport(model, 'privilege', LEVEL).filter((p) => order.slice(0, count).some((x) => idKey(ids[x]!) === idKey(p.object))).length;
  report.figure(SECTION, 'sod.similarity_allpairs_ms', allMs, 'ms', `all pairs compared (entry point Sets built once, then X against every Y) over all privileges, scaled from ${fmt(count)} privileges timed in ~${Math.round((perItemMs * count) / 1000)} s`);
  report.note(`sod: the all-pairs baseline ${found === expected ? 'agrees with' : `DISAGREES (${found} vs ${expected} pairs) with`} similarityReport on its ${fmt(count)} sampled privileges.`);
  report.ratio(SECTION, 'similarity_vs_allpairs', allMs / timing.median, 'all-pairs time / similarityReport time (higher is better)', { op: '>=', target: 50, label: '≥ 50× all pairs' });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
