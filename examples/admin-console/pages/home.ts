/**
 * The dashboard, the security audit trail, and the console clock: moving time forward
 * (a `ManualClock` from `secgov/testing`) and running the session processor.
 *
 * @module
 */
import { z } from 'zod';
import { sessionStatuses, type AuditEntry } from '../../../src/index.js';
import { page, redirect, type PageContext, type Reply, type Route } from '../context.js';
import { backField, instantField, parseFields } from '../forms.js';
import { badge, html, table, when, type HtmlValue } from '../html.js';

function auditRows(entries: readonly AuditEntry[]): HtmlValue[][] {
  return entries.map((e) => [e.seq, when(e.at), e.actor, e.command, e.changes.length, e.reason ?? '', html`<code>${e.hash.slice(0, 12)}…</code>`]);
}

async function dashboard(ctx: PageContext): Promise<Reply> {
  const model = ctx.gov.model();
  const sessions = await ctx.gov.listSessions();
  const byStatus = sessionStatuses.map((s) => [s, sessions.filter((x) => x.status === s).length] as const).filter(([, n]) => n > 0);
  const unresolved = ctx.gov.conflicts({ status: 'unresolved' }).length;
  const compliance = ctx.gov.verifyCompliance();
  const summary = ctx.licenses(model).summary();
  const trail = await ctx.gov.auditTrail();
  return page(
    'Dashboard',
    html`<div class="grid">
<div class="stat"><b>${model.users.size}</b>users (${summary.disabledUsers} disabled)</div>
<div class="stat"><b>${model.roles.size}</b><a href="/roles">roles</a>, ${model.duties.size} duties, ${model.privileges.size} privileges</div>
<div class="stat"><b>${model.entryPoints.size}</b>entry points</div>
<div class="stat"><b data-testid="dashboard-unresolved">${unresolved}</b><a href="/sod">unresolved SoD conflicts</a>; ${compliance.violations.length} violations</div>
<div class="stat"><b>${sessions.length}</b><a href="/sessions">sessions</a>${byStatus.length > 0 ? `: ${byStatus.map(([s, n]) => `${n} ${s}`).join(', ')}` : ''}</div>
<div class="stat"><b>${summary.licensedUsers}</b>users need a licence (${summary.licenses.map((l) => `${l.name} ${l.base}`).join(', ')})</div>
</div>
<h2>What you can do</h2>
<ul>
<li><a href="/roles">Browse roles</a> down to duties, privileges and entry points, with the licences each needs.</li>
<li><a href="/access">Ask whether a user can do something</a> and see why.</li>
<li><a href="/sessions">Create a temporary role or privileged session</a>, approve it, move the clock and process it; watch its logs.</li>
<li><a href="/sod">Decide SoD conflicts</a> and read the compliance scan.</li>
<li><a href="/versions">Snapshot and compare versions</a>, <a href="/reports">download reports</a>, <a href="/audit">verify the audit trail</a>.</li>
</ul>
<h2>Latest audit entries</h2>
${table(['#', 'When', 'Actor', 'Command', 'Changes', 'Reason', 'Hash'], auditRows(trail.slice(-8).reverse()), 'No entries.')}`,
  );
}

async function auditPage(ctx: PageContext): Promise<Reply> {
  const verification = await ctx.gov.verifyAuditTrail();
  const trail = await ctx.gov.auditTrail();
  return page(
    'Security audit trail',
    html`<p data-testid="audit-verification">${
      verification.ok
        ? html`${badge('verified', 'ok')} ${verification.entries} entries, each chained to the previous one by SHA-256; head <code>${verification.head.slice(0, 16)}…</code>`
        : html`${badge('broken', 'bad')} entry ${verification.seq}: ${verification.message}`
    }</p>
${table(['#', 'When', 'Actor', 'Command', 'Changes', 'Reason', 'Hash'], auditRows(trail.slice(-200).reverse()), 'No entries.', 'audit-trail')}
${trail.length > 200 ? html`<p class="muted">Latest 200 of ${trail.length} entries.</p>` : ''}`,
  );
}

/** How far the clock bar's buttons move the clock (elapsed time). */
const durations = { '1 hour': 3_600_000, '1 day': 86_400_000, '1 week': 7 * 86_400_000 } as const;
const clockSchema = z.strictObject({
  back: backField,
  advance: z.enum(Object.keys(durations) as [keyof typeof durations, ...(keyof typeof durations)[]]).optional(),
  set: instantField.optional(),
});

function moveClock(ctx: PageContext): Reply {
  const f = parseFields(clockSchema, ctx.form, 'clock');
  if (f.advance !== undefined) {
    ctx.clock.advance(durations[f.advance]);
  } else if (f.set !== undefined) {
    ctx.clock.set(f.set);
  } else {
    return redirect(f.back, { tone: 'error', text: 'clock: say how far to move it' });
  }
  return redirect(f.back, { tone: 'ok', text: `The clock is now ${when(ctx.now())}.` });
}

async function runProcessor(ctx: PageContext): Promise<Reply> {
  const { back } = parseFields(z.strictObject({ back: backField }), ctx.form, 'processor');
  // A deployment runs the processor as a background job; the console runs it on demand.
  const report = await ctx.gov.process();
  const parts = [
    report.started.length > 0 && `started ${report.started.join(', ')}`,
    report.ended.length > 0 && `ended ${report.ended.join(', ')}`,
    report.expired.length > 0 && `expired ${report.expired.join(', ')}`,
    report.held.length > 0 && `held by SoD conflicts ${report.held.join(', ')}`,
    report.failed.length > 0 && `failed ${report.failed.map((f) => `${f.sessions.join(', ')} (${f.error.code})`).join('; ')}`,
  ].filter(Boolean);
  return redirect(back, { tone: report.failed.length > 0 ? 'error' : 'ok', text: `Processor at ${when(report.at)}: ${parts.length > 0 ? parts.join('; ') : 'nothing was due'}.` });
}

/** Routes of the dashboard, audit trail and clock. */
export const homeRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/$/, handle: dashboard },
  { method: 'GET', pattern: /^\/audit$/, handle: auditPage },
  { method: 'POST', pattern: /^\/clock$/, handle: moveClock },
  { method: 'POST', pattern: /^\/process$/, handle: runProcessor },
];
