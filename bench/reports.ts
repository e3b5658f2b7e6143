/**
 * Reports section: each report on the generated model (1,000 SoD rules added), and rendering it as
 * CSV and as self-contained HTML. Goals: every report under 2 s; HTML rendering under 1 s for
 * 20,000 rows (the per-user reports of the d365 model).
 *
 * @module
 */
import { applyChanges } from '../src/model/apply.js';
import type { ChangeInput } from '../src/model/changes.js';
import type { SecurityModel } from '../src/model/model.js';
import {
  dormantUsersReport,
  licenseUsageDiff,
  licenseUsageReport,
  renderCsv,
  renderHtml,
  roleAssignmentTrail,
  separationOfPrivilegesReport,
  sessionsReport,
  sodConflictsReport,
  userAgingReport,
  userSecurityAnalysis,
  type ReportDocument,
  type RoleAssignmentChange,
} from '../src/reports/index.js';
import type { Session } from '../src/sessions/schemas.js';
import { Random } from '../src/testing/generate-random.js';
import { generatedReferenceDate } from '../src/testing/generate.js';
import { generateSodRules } from '../src/testing/generate-sod.js';
import type { BenchContext, BenchSection } from './context.js';
import { measure } from './timing.js';

const SECTION = 'reports';
const RULES = 1_000;
const DAY = 86_400_000;
const fmt = (n: number) => n.toLocaleString('en-US');

/** Rows over all tables of a report (tables of built-in reports are arrays). */
function rowCount(report: ReportDocument): number {
  let n = 0;
  for (const t of report.tables) n += (t.rows as readonly unknown[]).length;
  return n;
}

function drain(chunks: Iterable<string>): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

/** The reports section. */
export const reportsSection: BenchSection = {
  name: SECTION,
  title: 'each report on the model (1,000 SoD rules), rendered as CSV and HTML',
  run(context) {
    const { report } = context;
    const at = generatedReferenceDate(context.seed);
    context.log(`reports: adding ${fmt(RULES)} SoD rules`);
    const rules = generateSodRules(context.model, { count: RULES, seed: context.seed });
    const model = applyChanges(context.model, rules.map((value): ChangeInput => ({ op: 'add', kind: 'sodRule', value })));
    const rng = new Random(context.seed, 'bench-reports');
    const users = [...model.users.values()];
    const roles = [...model.roles.values()];

    // "Unpublished" changes: 100 users get one more role.
    const unpublished = applyChanges(
      model,
      rng.shuffle(users).slice(0, 100).flatMap((u): ChangeInput[] => {
        const role = roles[Math.floor(rng.next() * roles.length)]!;
        return model.assignments.has(`${u.id.toLowerCase()}\u0000${role.id.toLowerCase()}`) ? [] : [{ op: 'assign', assignment: { user: u.id, role: role.id } }];
      }),
    );
    const sessions = syntheticSessions(model, rng, at, context.scale(5_000, 200));
    const trail = syntheticTrail(model, rng, at, context.scale(100_000, 2_000));
    const analysed = rng.shuffle(users).slice(0, 5).map((u) => u.id);

    const cases: { name: string; label: string; run: () => ReportDocument }[] = [
      { name: 'sod_conflicts', label: 'SoD conflicts per user and roles violating SoD', run: () => sodConflictsReport(model, { at }) },
      { name: 'separation', label: 'separation of privileges (duties and privileges, level 80%)', run: () => separationOfPrivilegesReport(model, { level: 80 }) },
      { name: 'license_user', label: 'licence usage by user', run: () => licenseUsageReport(model, { by: 'user' }) },
      { name: 'license_role', label: 'licence usage by role', run: () => licenseUsageReport(model, { by: 'role' }) },
      { name: 'license_duty', label: 'licence usage by duty', run: () => licenseUsageReport(model, { by: 'duty' }) },
      { name: 'license_privilege', label: 'licence usage by privilege', run: () => licenseUsageReport(model, { by: 'privilege' }) },
      { name: 'license_entry_point', label: 'licence usage by entry point (every grant)', run: () => licenseUsageReport(model, { by: 'entry-point' }) },
      { name: 'license_diff', label: 'licence difference, published vs 100 unpublished assignments', run: () => licenseUsageDiff(model, unpublished) },
      { name: 'user_aging', label: 'user activity aging', run: () => userAgingReport(model, { at }) },
      { name: 'dormant', label: 'dormant users (90 days, all accounts)', run: () => dormantUsersReport(model, { at, daysInactive: 90, status: 'all' }) },
      // A copy of the model object each time: the per-model index of similar users is built anew (cold).
      { name: 'security_analysis', label: 'security analysis of one user with 10 similar users (model seen for the first time)', run: () => userSecurityAnalysis({ ...model }, analysed[Math.floor(rng.next() * analysed.length)]!) },
      { name: 'security_analysis_again', label: 'security analysis of another user of a model already analysed', run: () => userSecurityAnalysis(model, analysed[Math.floor(rng.next() * analysed.length)]!) },
      { name: 'sessions', label: `sessions report over ${fmt(sessions.length)} sessions`, run: () => sessionsReport(sessions, { at, from: new Date(Date.parse(at) - 30 * DAY).toISOString() }) },
      { name: 'assignment_trail', label: `role assignment trail of one role over ${fmt(trail.length)} changes`, run: () => roleAssignmentTrail(trail, { role: roles[2]!.id }) },
    ];

    let slowest = 0;
    for (const c of cases) {
      context.log(`reports: ${c.label}`);
      let doc: ReportDocument | undefined;
      const timing = measure(() => (doc = c.run()), { warmup: 1, runs: context.scale(3, 1) });
      slowest = Math.max(slowest, timing.median);
      const rows = rowCount(doc!);
      const mainRows = (doc!.tables[0]!.rows as readonly unknown[]).length;
      report.figure(SECTION, `reports.${c.name}_ms`, timing.median, 'ms', `${c.label}: ${fmt(rows)} rows, median of ${timing.runs}`, { op: '<', target: 2_000, label: 'report < 2 s' });
      let csvChars = 0;
      const csv = measure(() => (csvChars = drain(renderCsv(doc!))), { warmup: 1, runs: context.scale(3, 1) });
      report.figure(SECTION, `reports.${c.name}_csv_ms`, csv.median, 'ms', `CSV of the main table (${fmt(mainRows)} rows, ${fmt(Math.round(csvChars / 1024))} KB)`);
      let htmlChars = 0;
      const html = measure(() => (htmlChars = drain(renderHtml(doc!))), { warmup: 1, runs: context.scale(3, 1) });
      const perRows = rows >= 20_000 ? { op: '<' as const, target: (1_000 * rows) / 20_000, label: `HTML < 1 s per 20,000 rows (${fmt(rows)} rows)` } : undefined;
      report.figure(SECTION, `reports.${c.name}_html_ms`, html.median, 'ms', `self-contained HTML of all tables (${fmt(rows)} rows, ${fmt(Math.round(htmlChars / 1024))} KB)`, perRows);
    }
    report.note(`reports: slowest report ${Math.round(slowest)} ms on ${fmt(model.users.size)} users, ${fmt(model.privileges.size)} privileges, ${fmt(RULES)} SoD rules.`);
  },
};

/** Sessions spread over 60 days around `at`, in every status. */
function syntheticSessions(model: SecurityModel, rng: Random, at: string, count: number): Session[] {
  const users = [...model.users.values()];
  const roles = [...model.roles.values()];
  const statuses = ['draft', 'planned', 'approved', 'active', 'ended', 'ended', 'cancelled', 'rejected'] as const;
  const out: Session[] = [];
  for (let i = 0; i < count; i++) {
    const start = Date.parse(at) + Math.floor((rng.next() - 0.5) * 60) * DAY;
    const end = start + (1 + Math.floor(rng.next() * 5)) * DAY;
    const status = statuses[Math.floor(rng.next() * statuses.length)]!;
    out.push({
      id: `S${i}`, kind: i % 4 === 0 ? 'privileged' : 'temporary-role', status, user: users[Math.floor(rng.next() * users.length)]!.id,
      roles: [roles[Math.floor(rng.next() * roles.length)]!.id], scope: 'all', type: 'merge', account: i % 4 === 0 ? 'enable' : null,
      start: new Date(start).toISOString(), end: new Date(end).toISOString(), justification: 'bench', ticket: null, requestedBy: 'admin',
      requestedAt: new Date(start - DAY).toISOString(), approvedBy: null, approvedAt: null, startedAt: null,
      endedAt: status === 'ended' ? new Date(end).toISOString() : null, endReason: status === 'ended' ? 'end-reached' : null, assignedDuring: [], version: 1,
    });
  }
  return out;
}

/** Assignment changes over the year before `at`. */
function syntheticTrail(model: SecurityModel, rng: Random, at: string, count: number): RoleAssignmentChange[] {
  const users = [...model.users.values()];
  const roles = [...model.roles.values()].slice(0, 20);
  const out: RoleAssignmentChange[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      at: new Date(Date.parse(at) - Math.floor(rng.next() * 365 * DAY)).toISOString(),
      actor: 'admin',
      user: users[Math.floor(rng.next() * users.length)]!.id,
      role: roles[Math.floor(rng.next() * roles.length)]!.id,
      change: rng.next() < 0.7 ? 'assigned' : 'unassigned',
      source: rng.next() < 0.5 ? 'manual' : rng.next() < 0.5 ? 'automatic' : 'session',
    });
  }
  return out;
}
