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

/** Most violations listed on the page (the report lists every one). */
const SHOWN = 25;

function conflictStatus(c: Conflict): SafeHtml {
  return badge(c.status, c.status === 'unresolved' ? 'warn' : c.status === 'allowed' ? 'ok' : 'bad');
}

function conflictCard(ctx: PageContext, c: Conflict): SafeHtml {
  const expiry = localInput(new Date(new Date(ctx.now()).getTime() + 30 * 86_400_000));
  return html`<form method="post" action="/sod/conflicts/${encodeURIComponent(c.id)}" class="card" id="${c.id}" data-testid="resolve-${c.id}">${csrfField(ctx.csrf)}
<p><strong>${c.id}</strong> ${conflictStatus(c)} · ${objectLink('users', c.user)} would get ${objectLink('roles', c.role)} (${c.session ? html`session ${objectLink('sessions', c.session)}` : `${c.source} assignment`}) · raised ${when(c.raisedAt)}</p>
<ul>${c.rules.map(
    (r) => html`<li>${r.rule}: ${objectLink('duties', r.firstDuty)} via ${r.firstRoles.join(', ')} and ${objectLink('duties', r.secondDuty)} via ${r.secondRoles.join(', ')} (${r.organizations === 'all' ? 'all organizations' : r.organizations.join(', ')})</li>`,
  )}</ul>
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
  const decided = conflicts.filter((c) => c.status !== 'unresolved');
  const compliance = ctx.gov.verifyCompliance();
  const headers = ['User', 'Rule', 'Severity', 'First duty', 'Second duty', 'Organizations', 'Override'];
  return page(
    'Segregation of duties',
    html`<div class="grid">
<div class="stat"><b data-testid="unresolved-count">${unresolved.length}</b>unresolved conflicts</div>
<div class="stat"><b data-testid="violation-count">${compliance.violations.length}</b>violations (compliance scan of ${compliance.users} users)</div>
<div class="stat"><b>${compliance.overridden.length}</b>overridden (allowed)</div>
<div class="stat"><b>${compliance.expiredOverrides.length}</b>expired overrides</div></div>
<h2>Conflicts waiting for a decision</h2>
<p>An assignment that would give a user both duties of a rule is not applied: it waits here. Allow it (with a reason, an optional expiry and a mitigating control) to apply it as an override, or deny it.</p>
${unresolved.length > 0 ? unresolved.map((c) => conflictCard(ctx, c)) : html`<p class="muted">No conflict waits. Assign a role on a user page to raise one.</p>`}
<h2>Decided conflicts</h2>
${table(
  ['Conflict', 'User', 'Additional role', 'Rules broken', 'Status', 'Reason', 'Decided'],
  decided.map((c) => [
    html`<span id="${c.id}">${c.id}</span>`,
    objectLink('users', c.user),
    objectLink('roles', c.role),
    c.rules.map((r) => r.rule).join(', '),
    conflictStatus(c),
    html`${c.reason ?? ''}${c.mitigation ? ` · control: ${c.mitigation}` : ''}${c.expiresAt ? ` · until ${when(c.expiresAt)}` : ''}`,
    `${c.resolvedBy ?? ''} ${when(c.resolvedAt)}`,
  ]),
  'None yet.',
  'conflicts',
)}
<h2>Compliance scan: violations</h2>
<p class="muted">Scanned at ${when(compliance.at)}: users whose effective duties (own roles and sessions in force) include both duties of an enabled rule in one organization. <a href="/reports/download?report=compliance&amp;format=json">JSON</a> · <a href="/reports/download?report=sod-conflicts&amp;format=html">SoD conflicts report</a></p>
${table(headers, compliance.violations.slice(0, SHOWN).map(violationRow), 'No violations.', 'violations')}
${compliance.violations.length > SHOWN ? html`<p class="muted">First ${SHOWN} of ${compliance.violations.length} violations; the report has them all.</p>` : ''}
<h2>Overridden</h2>
${table(headers, compliance.overridden.slice(0, SHOWN).map(violationRow), 'No overrides in force.', 'overridden')}
${compliance.overridden.length > SHOWN ? html`<p class="muted">First ${SHOWN} of ${compliance.overridden.length}.</p>` : ''}
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
