/**
 * `npm run demo`: a tour of secgov on a generated, realistic model.
 *
 * 1. Generate a model (2,000 users at the default `medium` size, a few seconds; `-- --size d365`
 *    for a full Dynamics 365-sized one, about 15 seconds).
 * 2. Compile the access index.
 * 3. Ask and explain three access questions: one allowed, one denied by an explicit deny, one with
 *    no grant at all; then ask which roles would grant the missing access, assign the smallest one
 *    with a change record and update the index incrementally.
 * 4. Compile the licences and print who needs which licence.
 * 5. Run a temporary role session through its whole life on a `ManualClock`: create, approve,
 *    start, check and explain, time travel, sign-in and sign-out, end; print its logs.
 * 6. Run a privileged user session (account enabled for 8 hours) with recorded interactions.
 * 7. Segregation of duties: add a rule, see an assignment held as an unresolved conflict, ask
 *    what-if, allow the conflict with a reason and an expiry, and scan every user for compliance.
 * 8. Versions and the audit trail: snapshot, change a role, compare the version with the current
 *    state, and verify the hash-chained audit trail of everything the demo did.
 *
 * Each step says how long it took (wall clock, on this machine).
 */
import {
  SecGovError,
  applyChanges,
  changesSchema,
  compileAccess,
  createGovernance,
  compileLicenses,
  idKey,
  renderComparison,
  type AccessIndex,
  type AccessPath,
  type Explanation,
  type Right,
  type SecurityModel,
} from '../src/index.js';
import { ManualClock, generateModel, generatedReferenceDate, modelSizes, type ModelSize } from '../src/testing/index.js';

const SEED = 1;

/** A user, a role they hold bringing one duty, and a role that would bring a second duty it lacks. */
function pickSodStory(model: SecurityModel, admin: string): { user: string; holds: string; adds: string; firstDuty: string; secondDuty: string } | undefined {
  const adminRole = idKey(model.parameters.administratorRole);
  const holders = new Map<string, number>();
  for (const a of model.assignments.values()) holders.set(idKey(a.role), (holders.get(idKey(a.role)) ?? 0) + 1);
  // Roles nearly everyone holds (such as SystemUser) make a dull story: pick specialised ones.
  const specialised = (id: string) => (holders.get(idKey(id)) ?? 0) < model.users.size / 20;
  const roles = [...model.roles.values()].filter((r) => idKey(r.id) !== adminRole && r.duties.length > 0 && r.subRoles.length === 0 && specialised(r.id));
  for (const a of model.assignments.values()) {
    if (!specialised(a.role)) continue;
    if (idKey(a.user) === idKey(admin) || a.scope !== 'all' || !model.users.get(idKey(a.user))?.enabled) continue;
    const held = model.roles.get(idKey(a.role));
    if (!held || idKey(held.id) === adminRole || held.subRoles.length > 0 || held.duties.length === 0) continue;
    const holds = new Set(held.duties.map(idKey));
    const other = roles.find((r) => !model.assignments.has(`${idKey(a.user)}\u0000${idKey(r.id)}`) && r.duties.every((d) => !holds.has(idKey(d))));
    if (other) return { user: a.user, holds: held.id, adds: other.id, firstDuty: held.duties[0]!, secondDuty: other.duties[0]! };
  }
  return undefined;
}

function sizeFromArgs(argv: readonly string[]): ModelSize {
  const index = argv.indexOf('--size');
  const value = index >= 0 ? argv[index + 1] : 'medium';
  if (value === undefined || !(value in modelSizes)) {
    console.error(`usage: npm run demo -- [--size ${Object.keys(modelSizes).join('|')}]`);
    process.exit(2);
  }
  return value as ModelSize;
}

/** Run `work`, print how long it took, and return its result. */
function timed<T>(label: string, work: () => T): T {
  const start = performance.now();
  const result = work();
  const ms = performance.now() - start;
  console.log(`  ⏱  ${label}: ${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`);
  return result;
}

/** {@link timed} for asynchronous work. */
async function timedAsync<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  console.log(`  ⏱  ${label}: ${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`);
  return result;
}

const count = (n: number) => n.toLocaleString('en-US');

function heading(text: string): void {
  console.log(`\n${text}\n${'─'.repeat(text.length)}`);
}

function describePath(path: AccessPath): string {
  const scope = path.assignment.scope === 'all' ? 'all organizations' : path.assignment.scope.organizations.map((o) => (o.includeChildren ? `${o.id} and below` : o.id)).join(', ');
  const via = [...path.roles, ...(path.duty === undefined ? [] : [path.duty]), path.privilege].join(' → ');
  return `${via}  [${path.permission}; role assigned in ${scope}]`;
}

function printExplanation(explanation: Explanation): void {
  const where = explanation.organization === undefined ? 'in any organization' : `in ${explanation.organization}`;
  console.log(`  May ${explanation.user} ${explanation.right} ${explanation.entryPoint} ${where}?`);
  console.log(`  → ${explanation.allowed ? 'yes' : 'no'} (reason: ${explanation.reason})`);
  for (const path of explanation.deciding.slice(0, 3)) console.log(`     because ${describePath(path)}`);
  if (explanation.deciding.length > 3) console.log(`     … and ${explanation.deciding.length - 3} more deciding paths`);
  const overruled = explanation.reason === 'denied' ? explanation.paths.filter((p) => p.permission === 'allow') : [];
  for (const path of overruled.slice(0, 2)) console.log(`     (overruled allow: ${describePath(path)})`);
}

interface Question {
  readonly user: string;
  readonly entryPoint: string;
  readonly right: Right;
}

/** Enabled users who do not hold the administrator role (who may do anything), in model order. */
function ordinaryUsers(model: SecurityModel): string[] {
  const admins = new Set<string>();
  for (const a of model.assignments.values()) if (idKey(a.role) === idKey(model.parameters.administratorRole)) admins.add(idKey(a.user));
  return [...model.users.values()].filter((u) => u.enabled && !admins.has(idKey(u.id))).map((u) => u.id);
}

/**
 * Find an allowed question, an explicitly denied one (preferably a deny that overrules an allow,
 * the interesting case), and one with no grant at all.
 */
function pickQuestions(model: SecurityModel, access: AccessIndex): { allowed?: Question; denied?: Question; noGrant?: Question } {
  const found: { allowed?: Question; denied?: Question; noGrant?: Question } = {};
  let overrulingDeny = false;
  let deniesLooked = 0;
  const entryPoints = [...model.entryPoints.values()];
  for (const user of ordinaryUsers(model)) {
    const rights = access.rightsOf(user);
    if (found.allowed === undefined) {
      const reachable = rights.find((r) => r.allowed.includes('update')) ?? rights.find((r) => r.allowed.length > 0);
      if (reachable) found.allowed = { user, entryPoint: reachable.entryPoint, right: reachable.allowed.includes('update') ? 'update' : reachable.allowed[0]! };
    }
    for (const r of rights) {
      if (overrulingDeny || deniesLooked >= 500) break;
      for (const right of r.denied) {
        deniesLooked += 1;
        const question = { user, entryPoint: r.entryPoint, right };
        found.denied ??= question;
        if (access.explain(user, r.entryPoint, right).paths.some((p) => p.permission === 'allow')) {
          found.denied = question;
          overrulingDeny = true;
          break;
        }
      }
    }
    if (found.noGrant === undefined && rights.length > 0) {
      const reached = new Set(rights.map((r) => idKey(r.entryPoint)));
      const menuItem = entryPoints.find((ep) => ep.kind === 'menu-item-display' && !reached.has(idKey(`${ep.kind}:${ep.name}`)));
      if (menuItem) found.noGrant = { user, entryPoint: `${menuItem.kind}:${menuItem.name}`, right: 'read' };
    }
    if (found.allowed && found.noGrant && (overrulingDeny || deniesLooked >= 500)) break;
  }
  return found;
}

/**
 * A story for the session demo: an ordinary user (not `skip`), a menu item they cannot read, and
 * the smallest role that grants it.
 */
function pickSessionStory(model: SecurityModel, access: AccessIndex, skip: string | undefined): { user: string; entryPoint: string; role: string } | undefined {
  const menuItems = [...model.entryPoints.values()].filter((ep) => ep.kind === 'menu-item-display').map((ep) => `${ep.kind}:${ep.name}`);
  for (const user of ordinaryUsers(model).slice(0, 50)) {
    if (skip !== undefined && idKey(user) === idKey(skip)) continue;
    const reached = new Set(access.rightsOf(user).map((r) => idKey(r.entryPoint)));
    for (const entryPoint of menuItems.filter((ep) => !reached.has(idKey(ep))).slice(0, 20)) {
      const role = access.grantersOf([{ entryPoint, rights: ['read'] }]).roles.find((r) => idKey(r.id) !== idKey(model.parameters.administratorRole));
      if (role) return { user, entryPoint, role: role.id };
    }
  }
  return undefined;
}

const size = sizeFromArgs(process.argv.slice(2));
const total = performance.now();
console.log(`secgov demo: a generated "${size}" model (seed ${SEED}). Pass -- --size ${Object.keys(modelSizes).join('|')} to change it.`);

heading('1. Generate a realistic security model');
let model = timed('generateModel', () => generateModel({ seed: SEED, size }));
console.log(
  `  ${count(model.entryPoints.size)} entry points, ${count(model.privileges.size)} privileges, ${count(model.duties.size)} duties, ${count(model.roles.size)} roles,\n` +
    `  ${count(model.users.size)} users with ${count(model.assignments.size)} role assignments, ${count(model.organizations.size)} organizations`,
);

heading('2. Compile the access index');
const access = timed('compileAccess', () => compileAccess(model));

heading('3. Ask and explain');
const questions = timed('find example questions (rightsOf and explain over some users)', () => pickQuestions(model, access));

if (questions.allowed) {
  const q = questions.allowed;
  console.log('\n  An allowed question:');
  const allowed = timed('check', () => access.check(q.user, q.entryPoint, q.right));
  const explanation = timed('explain', () => access.explain(q.user, q.entryPoint, q.right));
  if (allowed !== explanation.allowed) throw new Error('check and explain disagree');
  printExplanation(explanation);
}

if (questions.denied) {
  const q = questions.denied;
  console.log('\n  A question decided by an explicit deny (deny wins over any allow):');
  printExplanation(timed('explain', () => access.explain(q.user, q.entryPoint, q.right)));
} else {
  console.log('\n  (No user of this model has an explicit deny in force.)');
}

if (questions.noGrant) {
  const q = questions.noGrant;
  console.log('\n  A question no grant answers:');
  printExplanation(timed('explain', () => access.explain(q.user, q.entryPoint, q.right)));

  console.log(`\n  Which roles would let ${q.user} ${q.right} ${q.entryPoint}? (smallest first)`);
  const granters = timed('grantersOf', () => access.grantersOf([{ entryPoint: q.entryPoint, rights: [q.right] }]));
  for (const role of granters.roles.slice(0, 3)) console.log(`     ${role.id} (grants ${count(role.entryPoints)} entry points)`);
  const smallest = granters.roles[0];
  if (smallest === undefined) {
    console.log('     none: no role grants it');
  } else {
    // Change records are plain data; parsing fills in defaults (scope 'all', source 'manual').
    const changes = changesSchema.parse([{ op: 'assign', assignment: { user: q.user, role: smallest.id } }]);
    console.log(`\n  Assign ${smallest.id} to ${q.user} with a change record, and update the index incrementally:`);
    const next = timed('applyChanges', () => applyChanges(model, changes));
    timed('access.update', () => access.update(next, changes));
    model = next;
    printExplanation(access.explain(q.user, q.entryPoint, q.right));
  }
}

console.log('\n  Unknown ids are typed errors, not silent "no" answers:');
try {
  access.check('nobody-by-that-name', 'menu-item-display:DoesNotExist', 'read');
} catch (error) {
  if (!(error instanceof SecGovError)) throw error;
  console.log(`  → SecGovError ${error.code}: ${error.message}`);
}

heading('4. Licences');
const licenses = timed('compileLicenses', () => compileLicenses(model));
const summary = timed('summary', () => licenses.summary());
console.log(`  ${count(summary.users)} users: ${count(summary.licensedUsers)} need a licence, ${count(summary.unlicensedUsers)} need none, ${count(summary.disabledUsers)} are disabled (no licence).`);
console.log('  licence              base users  attach');
for (const usage of summary.licenses) console.log(`  ${usage.name.padEnd(20)} ${count(usage.base).padStart(10)}  ${count(usage.attach).padStart(6)}`);
const example = questions.allowed?.user;
if (example !== undefined) {
  const requirement = licenses.ofUser(example);
  const drivers = requirement.drivers.map((d) => `${d.license} because of ${d.objects.slice(0, 2).map((o) => o.id).join(', ')}${d.objects.length > 2 ? ', …' : ''}`);
  console.log(`  ${example} needs ${requirement.base ?? 'no licence'}${requirement.attach.length ? ` + attach ${requirement.attach.join(', ')}` : ''}: ${drivers.join('; ')}`);
}

heading('5. A temporary role session, on a manual clock (a week passes in milliseconds)');
const administratorRole = idKey(model.parameters.administratorRole);
const admin = [...model.assignments.values()].find((a) => idKey(a.role) === administratorRole && model.users.get(idKey(a.user))?.enabled)?.user;
const story = timed('find a user, a menu item they cannot read and a role granting it', () => pickSessionStory(model, access, questions.noGrant?.user));
if (admin === undefined || story === undefined) throw new Error('the generated model has no administrator or no session story');
const { user, entryPoint, role } = story;
const reference = Date.parse(generatedReferenceDate(SEED));
const at = (hours: number) => new Date(reference + hours * 3_600_000).toISOString();
const hhmm = (iso: string) => iso.slice(5, 16).replace('T', ' ');
const clock = new ManualClock(at(8));
const gov = await timedAsync('createGovernance (memory store, same model)', () => createGovernance({ model, clock }));
console.log(`  ${clock.now().toISOString().slice(0, 4)}-${hhmm(clock.now().toISOString())}  may ${user} read ${entryPoint}? ${gov.check(user, entryPoint, 'read') ? 'yes' : 'no'}`);
const draft = await timedAsync('createTemporaryRoleSession + approveSession', async () => {
  const created = await gov.createTemporaryRoleSession(admin, {
    user, roles: [role], type: 'merge', start: at(9), end: at(9 + 7 * 24), justification: 'Covering for a colleague on leave', ticket: 'CHG-1001',
  });
  return gov.approveSession(admin, created.id);
});
console.log(`  ${admin} planned ${draft.id}: ${role} for ${user} (Merge), ${hhmm(draft.start)} → ${hhmm(draft.end)}; status ${draft.status}`);
const future = await timedAsync('effectiveAt (time travel, nothing changes)', () => gov.effectiveAt(user, at(12)));
console.log(`  effectiveAt ${hhmm(future.at)}: ${future.roles.join(', ')}; read ${entryPoint}? ${future.check(entryPoint, 'read') ? 'yes' : 'no'} (now: ${gov.check(user, entryPoint, 'read') ? 'yes' : 'no'})`);
clock.set(at(9));
const started = await timedAsync('process', () => gov.process());
console.log(`  ${hhmm(clock.now().toISOString())}  process() started [${started.started.join(', ')}]`);
const allowedNow = timed('check', () => gov.check(user, entryPoint, 'read'));
const why = timed('explain', () => gov.explain(user, entryPoint, 'read'));
if (allowedNow !== why.allowed) throw new Error('check and explain disagree');
printExplanation(why);
clock.set(at(9.5));
const signIn = await gov.signIn(user);
clock.set(at(17.25));
await gov.signOut(user, signIn.id);
clock.set(at(9 + 7 * 24 + 0.25));
const ended = await timedAsync('process', () => gov.process());
console.log(`  ${hhmm(clock.now().toISOString())}  process() ended [${ended.ended.join(', ')}]; may ${user} read it? ${gov.check(user, entryPoint, 'read') ? 'yes' : 'no'}`);
const audit = await gov.sessionAuditLog(draft.id);
console.log(`  Audit log (every entry repeats "${audit[0]?.justification ?? ''}", ${audit[0]?.ticket ?? 'no ticket'}):`);
for (const e of audit) console.log(`    ${hhmm(e.at)}  ${e.event.padEnd(7)} ${String(e.from ?? '—').padEnd(7)} → ${e.to.padEnd(8)} by ${e.actor} (${e.by})${e.reason ? `, ${e.reason}` : ''}`);
const userLog = await gov.userLog(draft.id);
console.log('  User log:');
for (const s of userLog.signIns) console.log(`    sign-in ${hhmm(s.signedInAt)} → ${s.signedOutAt ? hhmm(s.signedOutAt) : '…'}: ${(s.durationMs / 3_600_000).toFixed(2)} h`);
console.log(`    session ended ${userLog.sessionEndedAt ? hhmm(userLog.sessionEndedAt) : '—'} (the scheduled end: access stopped then, though process() ran later)`);

heading('6. A privileged user session (account enabled while active, 8 hours)');
const account = [...model.users.values()].find((u) => !u.enabled)?.id ?? user;
const privileged = await timedAsync('createPrivilegedSession + approveSession', async () => {
  const created = await gov.createPrivilegedSession(admin, { user: account, account: 'enable', start: at(200), end: at(208), justification: 'Incident INC-4711' });
  return gov.approveSession(admin, created.id);
});
console.log(`  ${privileged.id} for ${account}, ${hhmm(privileged.start)} → ${hhmm(privileged.end)}; enabled now: ${gov.effectiveState(account).enabled}`);
clock.set(at(200));
await gov.process();
console.log(`  ${hhmm(clock.now().toISOString())}  process() started it; enabled: ${gov.effectiveState(account).enabled}`);
clock.set(at(200.25));
const breakGlass = await gov.signIn(account);
await timedAsync('recordInteraction', () => gov.recordInteraction(privileged.id, { type: 'open-form', target: 'SysUserManagement' }));
clock.set(at(200.3));
await gov.recordInteraction(privileged.id, [
  { type: 'set-value', target: 'Enabled', value: 'Yes' },
  { type: 'click', target: 'Save' },
]);
clock.set(at(201));
await gov.signOut(account, breakGlass.id);
clock.set(at(208));
await gov.process();
console.log(`  ${hhmm(clock.now().toISOString())}  process() ended it; enabled: ${gov.effectiveState(account).enabled}`);
for (const doc of await timedAsync('exportRecording', () => gov.exportRecording(privileged.id))) {
  console.log(`  ${doc.name} (${doc.count} interactions):`);
  for await (const line of doc.lines()) console.log(`    ${line.trimEnd()}`);
}

heading('7. Segregation of duties: a rule, a conflict and its resolution');
const sod = timed('find two duties that one assignment would bring together', () => pickSodStory(gov.model(), admin));
if (sod === undefined) throw new Error('the generated model has no SoD story');
await timedAsync('apply (add the SoD rule)', () =>
  gov.apply(admin, [{ op: 'add', kind: 'sodRule', value: { id: 'SOD-DEMO', name: `${sod.firstDuty} vs ${sod.secondDuty}`, firstDuty: sod.firstDuty, secondDuty: sod.secondDuty, severity: 'high', risk: 'One person could both prepare and approve.', mitigation: 'Weekly review by the controller.' } }]),
);
console.log(`  Rule SOD-DEMO: ${sod.firstDuty} vs ${sod.secondDuty}. ${sod.user} holds ${sod.holds}, which brings the first duty.`);
const roleCheck = timed('validateRule (every role against the new rule)', () => gov.validateRule('SOD-DEMO'));
console.log(`  Roles already breaking it (creating a rule does not check them): ${roleCheck.length}`);
const whatIf = timed('simulate (what-if, nothing changes)', () => gov.simulate(sod.user, [{ op: 'assign', assignment: { user: sod.user, role: sod.adds } }]));
console.log(`  What-if ${sod.adds} for ${sod.user}: adds ${whatIf.added.map((v) => v.rule).join(', ') || 'no risk'}; licences ${whatIf.licenses.before.licenses.join('+') || 'none'} → ${whatIf.licenses.after.licenses.join('+') || 'none'}`);
const held = await timedAsync('assign', () => gov.assign(admin, { user: sod.user, role: sod.adds }));
const conflict = held.conflicts[0];
if (!conflict) throw new Error('expected a conflict');
const hit = conflict.rules[0]!;
console.log(`  assign ${sod.adds} → not applied; conflict ${conflict.id} (${conflict.status}): ${hit.firstDuty} via ${hit.firstRoles.join(', ')}, ${hit.secondDuty} via ${hit.secondRoles.join(', ')}, organizations ${JSON.stringify(hit.organizations)}`);
await timedAsync('resolveConflict (allow for 30 days)', () =>
  gov.resolveConflict(admin, conflict.id, { decision: 'allow', reason: 'Month-end cover', expiresAt: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(), mitigation: 'Controller reviews every posting' }),
);
console.log(`  allowed: ${sod.user} now holds ${sod.adds}? ${gov.model().assignments.has(`${idKey(sod.user)}\u0000${idKey(sod.adds)}`) ? 'yes' : 'no'}`);
const scan = timed(`verifyCompliance (${gov.model().users.size.toLocaleString('en-US')} users)`, () => gov.verifyCompliance());
console.log(`  ${scan.violations.length} violation(s) (other users already held both duties), ${scan.overridden.length} overridden (${scan.overridden.map((v) => v.user).join(', ')})`);

heading('8. Versions and the audit trail');
const baseline = await timedAsync('createVersion (snapshot of the whole governed state)', () => gov.createVersion(admin, { name: 'Before the demo change' }));
const changedRole = [...gov.model().roles.values()].reverse().find((r) => r.duties.length > 1 && r.subRoles.length === 0 && idKey(r.id) !== administratorRole)!;
await gov.apply(admin, [{ op: 'update', kind: 'role', id: changedRole.id, patch: { duties: changedRole.duties.slice(1), description: 'Trimmed in the demo' } }], { reason: 'Least privilege review' });
const diff = await timedAsync('compareVersions (version vs current)', () => gov.compareVersions(baseline.id, 'current'));
console.log(renderComparison(diff).split('\n').map((line) => `  ${line}`).join('\n'));
const verdict = await timedAsync('verifyAuditTrail', () => gov.verifyAuditTrail());
const trail = await gov.auditTrail();
console.log(`  audit trail: ${trail.map((e) => e.command).join(', ')}`);
console.log(`  ${verdict.ok ? `verified ${verdict.entries} entries, head ${verdict.head.slice(0, 16)}…` : `broken at entry ${verdict.seq}`}`);

console.log(`\nDone in ${((performance.now() - total) / 1000).toFixed(1)} s. Next: README.md, docs/concepts.md, docs/sessions.md, docs/sod.md and docs/versions-and-audit.md.`);
