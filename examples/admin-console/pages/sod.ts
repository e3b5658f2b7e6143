/**
 * Segregation of duties: the rules, the conflicts held for a decision (`gov.conflicts`), allowing
 * or denying each with a reason (`gov.resolveConflict`), and the compliance scan of every user
 * (`gov.verifyCompliance`).
 *
 * @module
 */
import { z } from 'zod';
import type { Conflict, Violation } from '../../../src/index.js';
import { page, redirect, type PageContext, type Reply, type Route } from '../context.js';
import { optionalInstant, optionalText, parseFields } from '../forms.js';
import { badge, csrfField, html, localInput, objectLink, table, when, type HtmlValue, type SafeHtml } from '../html.js';

function conflictStatus(c: Conflict): SafeHtml {
  return badge(c.status, c.status === 'unresolved' ? 'warn' : c.status === 'allowed' ? 'ok' : 'bad');
}

function resolveForm(ctx: PageContext, c: Conflict): SafeHtml {
  const expiry = localInput(new Date(new Date(ctx.now()).getTime() + 30 * 86_400_000));
  return html`<form method="post" action="/sod/conflicts/${encodeURIComponent(c.id)}" class="card" data-testid="resolve-${c.id}">${csrfField(ctx.csrf)}
<div class="row"><div><label for="reason-${c.id}">Reason</label><input type="text" id="reason-${c.id}" name="reason"></div>
<div><label for="mitigation-${c.id}">Mitigating control (allow)</label><input type="text" id="mitigation-${c.id}" name="mitigation"></div>
<div><label for="expires-${c.id}">Override expires (allow, UTC)</label><input type="datetime-local" id="expires-${c.id}" name="expiresAt" value="${expiry}"></div></div>
<p><button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="deny" class="danger">Deny</button></p></form>`;
}

function violationRow(v: Violation): HtmlValue[] {
  return [
    objectLink('users', v.user),
    html`${v.rule} <span class="muted">${v.ruleName}</span>`,
    v.severity,
    html`${objectLink('duties', v.firstDuty)} via ${v.firstRoles.join(', ')}`,
    html`${objectLink('duties', v.secondDuty)} via ${v.secondRoles.join(', ')}`,
    v.organizations === 'all' ? 'all' : v.organizations.join(', '),
    v.override ? html`${v.override.id}: ${v.override.reason ?? ''}${v.override.expiresAt ? ` (until ${when(v.override.expiresAt)})` : ''}` : '',
  ];
}

function sodPage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  const conflicts = ctx.gov.conflicts();
  const unresolved = conflicts.filter((c) => c.status === 'unresolved');
  const compliance = ctx.gov.verifyCompliance();
  const headers = ['User', 'Rule', 'Severity', 'First duty', 'Second duty', 'Organizations', 'Override'];
  return page(
    'Segregation of duties',
    html`<div class="grid">
<div class="stat"><b data-testid="unresolved-count">${unresolved.length}</b>unresolved conflicts</div>
<div class="stat"><b data-testid="violation-count">${compliance.violations.length}</b>violations (compliance scan of ${compliance.users} users)</div>
<div class="stat"><b>${compliance.overridden.length}</b>overridden (allowed)</div>
<div class="stat"><b>${compliance.expiredOverrides.length}</b>expired overrides</div></div>
<h2>Conflicts</h2>
<p>An assignment that would give a user both duties of a rule is not applied: it waits here. Allow it (with a reason, an optional expiry and a mitigating control) to apply it as an override, or deny it.</p>
${table(
  ['Conflict', 'User', 'Additional role', 'Source', 'Rules broken', 'Raised', 'Status', 'Decision'],
  conflicts.map((c) => [
    html`<span id="${c.id}">${c.id}</span>`,
    objectLink('users', c.user),
    objectLink('roles', c.role),
    c.session ? html`session ${objectLink('sessions', c.session)}` : c.source,
    html`${c.rules.map((r, i) => html`${i > 0 ? html`<br>` : ''}${r.rule}: ${r.firstDuty} (${r.firstRoles.join(', ')}) / ${r.secondDuty} (${r.secondRoles.join(', ')})`)}`,
    when(c.raisedAt),
    conflictStatus(c),
    c.status === 'unresolved'
      ? resolveForm(ctx, c)
      : html`${c.reason ?? ''}${c.mitigation ? ` · control: ${c.mitigation}` : ''}${c.expiresAt ? ` · until ${when(c.expiresAt)}` : ''} · ${c.resolvedBy ?? ''} ${when(c.resolvedAt)}`,
  ]),
  'No conflicts. Assign a role on a user page to raise one.',
  'conflicts',
)}
<h2>Compliance scan: violations</h2>
<p class="muted">Scanned at ${when(compliance.at)}: users whose effective duties (own roles and sessions in force) include both duties of an enabled rule in one organization. <a href="/reports/download?report=compliance&amp;format=json">JSON</a> · <a href="/reports/download?report=sod-conflicts&amp;format=html">SoD conflicts report</a></p>
${table(headers, compliance.violations.map(violationRow), 'No violations.', 'violations')}
<h2>Overridden</h2>
${table(headers, compliance.overridden.map(violationRow), 'No overrides in force.', 'overridden')}
<h2>Rules</h2>
${table(
  ['Rule', 'Name', 'First duty', 'Second duty', 'Severity', 'Enabled', 'Risk', 'Mitigation'],
  [...model.sodRules.values()].map((r) => [r.id, r.name, objectLink('duties', r.firstDuty), objectLink('duties', r.secondDuty), r.severity, r.enabled ? 'yes' : 'no', r.risk, r.mitigation]),
  'No rules.',
  'rules',
)}`,
  );
}

const resolveSchema = z.strictObject({
  decision: z.enum(['allow', 'deny']),
  reason: optionalText,
  mitigation: optionalText,
  expiresAt: optionalInstant,
});

async function resolve(ctx: PageContext): Promise<Reply> {
  const id = ctx.params[0]!;
  const f = parseFields(resolveSchema, ctx.form, 'conflict decision');
  const resolved = await ctx.gov.resolveConflict(ctx.user, id, {
    decision: f.decision,
    ...(f.reason === undefined ? {} : { reason: f.reason }),
    ...(f.decision === 'allow' && f.mitigation !== undefined ? { mitigation: f.mitigation } : {}),
    ...(f.decision === 'allow' && f.expiresAt !== undefined ? { expiresAt: f.expiresAt } : {}),
  });
  return redirect(`/sod#${encodeURIComponent(id)}`, { tone: 'ok', text: `Conflict ${resolved.id} ${resolved.status}: ${resolved.role} for ${resolved.user}.` });
}

/** Routes of the SoD screen. */
export const sodRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/sod$/, handle: sodPage },
  { method: 'POST', pattern: /^\/sod\/conflicts\/([^/]+)$/, handle: resolve },
];
