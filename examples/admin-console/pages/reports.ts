/**
 * Reports to download: every report of `secgov` (SoD conflicts, separation of privileges, licence
 * usage, user aging, dormant users, security analysis of a user, sessions, role assignment trail)
 * in JSON, CSV, Markdown or self-contained HTML, plus the raw JSON of the compliance scan, the
 * licence summary and the audit trail verification.
 *
 * @module
 */
import { z } from 'zod';
import {
  SecGovError,
  dormantUsersReport,
  idSchema,
  licenseUsageReport,
  renderReport,
  reportFormats,
  roleAssignmentTrail,
  separationOfPrivilegesReport,
  sessionsReport,
  sodConflictsReport,
  userAgingReport,
  userSecurityAnalysis,
  type ReportDocument,
  type ReportFormat,
  type SessionAuditEntry,
  type UserLog,
} from '../../../src/index.js';
import { page, type PageContext, type Reply, type Route } from '../context.js';
import { parseFields } from '../forms.js';
import { href, html, table } from '../html.js';

const documentReports = ['sod-conflicts', 'separation', 'license-usage', 'user-aging', 'dormant-users', 'security-analysis', 'sessions', 'role-assignments'] as const;
const jsonReports = ['compliance', 'license-summary', 'audit-verification'] as const;
const licenseBy = ['user', 'role', 'duty', 'privilege', 'entry-point'] as const;

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const downloadSchema = z.strictObject({
  report: z.enum([...documentReports, ...jsonReports]),
  format: z.preprocess(blankToUndefined, z.enum(reportFormats).default('html')),
  by: z.preprocess(blankToUndefined, z.enum(licenseBy).default('user')),
  user: z.preprocess(blankToUndefined, idSchema.optional()),
  days: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(100_000).default(90)),
});

const contentTypes: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

async function buildReport(ctx: PageContext, q: z.output<typeof downloadSchema>): Promise<ReportDocument> {
  const model = ctx.gov.model();
  const at = ctx.now();
  switch (q.report) {
    case 'sod-conflicts':
      return sodConflictsReport(model, { at, compliance: ctx.gov.verifyCompliance() });
    case 'separation':
      return separationOfPrivilegesReport(model);
    case 'license-usage':
      return licenseUsageReport(model, { by: q.by, licenses: ctx.licenses(model) });
    case 'user-aging':
      return userAgingReport(model, { at });
    case 'dormant-users':
      return dormantUsersReport(model, { at, daysInactive: q.days });
    case 'security-analysis':
      if (q.user === undefined) throw new SecGovError('VALIDATION_FAILED', 'the security analysis needs a user');
      return userSecurityAnalysis(model, q.user);
    case 'sessions': {
      const sessions = await ctx.gov.listSessions();
      const auditLogs = new Map<string, readonly SessionAuditEntry[]>();
      const userLogs = new Map<string, UserLog>();
      for (const s of sessions) {
        auditLogs.set(s.id, await ctx.gov.sessionAuditLog(s.id));
        userLogs.set(s.id, await ctx.gov.userLog(s.id));
      }
      return sessionsReport(sessions, { at, auditLogs, userLogs });
    }
    case 'role-assignments': {
      const events = await ctx.gov.roleAssignmentTrail(q.user === undefined ? {} : { user: q.user });
      return roleAssignmentTrail(events, q.user === undefined ? {} : { user: q.user });
    }
    default:
      throw new SecGovError('VALIDATION_FAILED', `"${q.report}" is not a document report`);
  }
}

async function download(ctx: PageContext): Promise<Reply> {
  const q = parseFields(downloadSchema, ctx.query, 'report');
  const stamp = ctx.now().slice(0, 10);
  if ((jsonReports as readonly string[]).includes(q.report)) {
    const data =
      q.report === 'compliance'
        ? ctx.gov.verifyCompliance()
        : q.report === 'license-summary'
          ? ctx.licenses(ctx.gov.model()).summary()
          : await ctx.gov.verifyAuditTrail();
    return { type: 'file', name: `secgov-${q.report}-${stamp}.json`, contentType: contentTypes.json, body: [JSON.stringify(data, null, 2)] };
  }
  const report = await buildReport(ctx, q);
  const extension = q.format;
  const suffix = q.report === 'license-usage' ? `-by-${q.by}` : q.report === 'security-analysis' ? `-${q.user ?? ''}` : '';
  return {
    type: 'file',
    name: `secgov-${q.report}${suffix}-${stamp}.${extension}`.replace(/[^\w.-]/g, '_'),
    contentType: contentTypes[q.format],
    body: renderReport(report, q.format, { footer: 'secgov admin console (demo)' }),
  };
}

function reportsPage(ctx: PageContext): Reply {
  const links = (query: Record<string, string>) =>
    html`${reportFormats.map((f, i) => html`${i > 0 ? ' · ' : ''}<a href="${href('/reports/download', { ...query, format: f })}">${f.toUpperCase()}</a>`)}`;
  const rows = [
    ['SoD conflicts and roles violating SoD', links({ report: 'sod-conflicts' })],
    ['Separation of privileges (overlapping duties and privileges)', links({ report: 'separation' })],
    ...licenseBy.map((by) => [`Licence usage by ${by.replace('-', ' ')}`, links({ report: 'license-usage', by })]),
    ['User activity aging', links({ report: 'user-aging' })],
    ['Dormant users (90 days or more)', links({ report: 'dormant-users', days: '90' })],
    ['Sessions (with audit and user logs)', links({ report: 'sessions' })],
    ['Role assignment audit trail', links({ report: 'role-assignments' })],
  ];
  const model = ctx.gov.model();
  return page(
    'Reports',
    html`<p>Every report describes the state at the console clock (${ctx.now().slice(0, 16).replace('T', ' ')} UTC). HTML reports are self-contained pages with sortable, filterable tables; the other formats download.</p>
${table(['Report', 'Download'], rows, '', 'reports')}
<form method="get" action="/reports/download" class="card"><input type="hidden" name="report" value="security-analysis">
<div class="row"><div><label for="analysis-user">Security analysis of a user</label><input type="text" id="analysis-user" name="user" list="report-users" required></div>
<div><label for="analysis-format">Format</label><select id="analysis-format" name="format">${reportFormats.map((f) => html`<option value="${f}"${f === 'html' ? html` selected` : ''}>${f}</option>`)}</select></div></div>
<p><button type="submit">Open</button></p>
<datalist id="report-users">${[...model.users.values()].map((u) => html`<option value="${u.id}">${u.name}</option>`)}</datalist></form>
<h2>Raw JSON</h2>
<ul><li><a href="/reports/download?report=compliance">Compliance scan (verifyCompliance)</a></li>
<li><a href="/reports/download?report=license-summary">Licence summary (compileLicenses().summary())</a></li>
<li><a href="/reports/download?report=audit-verification">Audit trail verification (verifyAuditTrail)</a></li></ul>`,
  );
}

/** Routes of the reports screen. */
export const reportRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/reports$/, handle: reportsPage },
  { method: 'GET', pattern: /^\/reports\/download$/, handle: download },
];
