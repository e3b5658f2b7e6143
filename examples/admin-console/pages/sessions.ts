/**
 * Temporary role sessions and privileged user sessions: create, approve, reject, cancel, process,
 * end early; simulate the user's sign-ins; and watch each session's audit log, user log and user
 * role change log.
 *
 * @module
 */
import { z } from 'zod';
import {
  accountActionSchema,
  idKey,
  idSchema,
  sessionStatusSchema,
  sessionStatuses,
  sessionTypeSchema,
  type Session,
  type SessionStatus,
} from '../../../src/index.js';
import { page, redirect, type PageContext, type Reply, type Route } from '../context.js';
import { idList, instantField, optionalId, optionalText, parseFields } from '../forms.js';
import { badge, csrfField, href, html, localInput, objectLink, table, when, type SafeHtml } from '../html.js';

const statusTone: Record<SessionStatus, 'ok' | 'warn' | 'bad' | 'info' | 'muted'> = {
  draft: 'muted',
  planned: 'info',
  approved: 'info',
  active: 'ok',
  ended: 'muted',
  cancelled: 'bad',
  rejected: 'bad',
};

/** A session status badge. */
export function statusBadge(status: SessionStatus): SafeHtml {
  return html`<span data-testid="status">${badge(status, statusTone[status])}</span>`;
}

function roleOptions(ctx: PageContext): SafeHtml {
  const admin = idKey(ctx.gov.model().parameters.administratorRole);
  return html`${[...ctx.gov.model().roles.values()].filter((r) => idKey(r.id) !== admin).map((r) => html`<option value="${r.id}">${r.id} — ${r.name}</option>`)}`;
}

async function sessionsPage(ctx: PageContext): Promise<Reply> {
  const { status } = parseFields(z.strictObject({ status: z.preprocess((v) => (v === '' ? undefined : v), sessionStatusSchema.optional()) }), ctx.query, 'filter');
  const sessions = await ctx.gov.listSessions(status === undefined ? {} : { statuses: [status] });
  const now = new Date(ctx.now());
  const hours = (h: number) => localInput(new Date(now.getTime() + h * 3_600_000));
  const model = ctx.gov.model();
  const users = html`<datalist id="session-users">${[...model.users.values()].map((u) => html`<option value="${u.id}">${u.name}${u.enabled ? '' : ' (disabled)'}</option>`)}</datalist>`;
  return page(
    'Sessions',
    html`<p>Temporary role sessions grant roles to a user for a period; privileged sessions enable (or disable) an account for at most 24 hours. A new session is a Draft: approve it, then the processor starts it when its start comes (use the clock bar to move time) and ends it at its end.</p>
<form method="get" action="/sessions" class="inline"><label for="status-filter">Status</label> <select id="status-filter" name="status"><option value="">all</option>${sessionStatuses.map(
      (s) => html`<option value="${s}"${status === s ? html` selected` : ''}>${s}</option>`,
    )}</select> <button type="submit" class="secondary">Filter</button></form>
${table(
  ['Session', 'Kind', 'User', 'Roles', 'Status', 'Start', 'End'],
  sessions.map((s) => [objectLink('sessions', s.id), s.kind, objectLink('users', s.user), s.roles.join(', ') || '—', statusBadge(s.status), when(s.start), when(s.end)]),
  'No sessions yet.',
  'sessions',
)}
<h2>New temporary role session</h2>
<form method="post" action="/sessions/temporary" class="card" data-testid="temporary-form">${csrfField(ctx.csrf)}
<div class="row">
<div><label for="t-user">User</label><input type="text" id="t-user" name="user" list="session-users" required></div>
<div><label for="t-roles">Roles</label><select id="t-roles" name="roles" multiple required>${roleOptions(ctx)}</select></div>
<div><label for="t-type">Type</label><select id="t-type" name="type"><option value="merge">Merge: add to the user's roles</option><option value="replace">Replace: only these roles during the session</option></select>
<label for="t-org">Organization (optional)</label><select id="t-org" name="organization"><option value="">all organizations</option>${[...model.organizations.values()].map((o) => html`<option value="${o.id}">${o.id} — ${o.name}</option>`)}</select></div>
</div>
<div class="row">
<div><label for="t-start">Start (UTC)</label><input type="datetime-local" id="t-start" name="start" value="${hours(1)}" required></div>
<div><label for="t-end">End (UTC)</label><input type="datetime-local" id="t-end" name="end" value="${hours(1 + 7 * 24)}" required></div>
<div><label for="t-justification">Justification</label><input type="text" id="t-justification" name="justification"></div>
<div><label for="t-ticket">Ticket</label><input type="text" id="t-ticket" name="ticket"></div>
</div>
<p><button type="submit">Create draft</button></p></form>
<h2>New privileged user session</h2>
<form method="post" action="/sessions/privileged" class="card" data-testid="privileged-form">${csrfField(ctx.csrf)}
<div class="row">
<div><label for="p-user">Account</label><input type="text" id="p-user" name="user" list="session-users" required></div>
<div><label for="p-account">While active</label><select id="p-account" name="account"><option value="enable">enable the account</option><option value="disable">disable the account</option></select></div>
<div><label for="p-roles">Extra roles (optional)</label><select id="p-roles" name="roles" multiple>${roleOptions(ctx)}</select></div>
</div>
<div class="row">
<div><label for="p-start">Start (UTC)</label><input type="datetime-local" id="p-start" name="start" value="${hours(1)}" required></div>
<div><label for="p-end">End (UTC, at most 24 h later)</label><input type="datetime-local" id="p-end" name="end" value="${hours(9)}" required></div>
<div><label for="p-justification">Justification</label><input type="text" id="p-justification" name="justification"></div>
<div><label for="p-ticket">Ticket</label><input type="text" id="p-ticket" name="ticket"></div>
</div>
<p><button type="submit">Create draft</button></p></form>
${users}`,
  );
}

const common = {
  user: idSchema,
  roles: idList,
  start: instantField,
  end: instantField,
  justification: optionalText,
  ticket: optionalId,
};
const temporarySchema = z.strictObject({ ...common, type: sessionTypeSchema, organization: optionalId });
const privilegedSchema = z.strictObject({ ...common, account: accountActionSchema });

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]: V }));

async function createTemporary(ctx: PageContext): Promise<Reply> {
  const f = parseFields(temporarySchema, ctx.form, 'temporary role session');
  const session = await ctx.gov.createTemporaryRoleSession(ctx.user, {
    user: f.user,
    roles: f.roles,
    type: f.type,
    start: f.start,
    end: f.end,
    ...(f.organization === undefined ? {} : { organizations: [{ id: f.organization, includeChildren: true }] }),
    ...optional('justification', f.justification),
    ...optional('ticket', f.ticket),
  });
  return redirect(`/sessions/${encodeURIComponent(session.id)}`, { tone: 'ok', text: `Draft ${session.id} created.` });
}

async function createPrivileged(ctx: PageContext): Promise<Reply> {
  const f = parseFields(privilegedSchema, ctx.form, 'privileged session');
  const session = await ctx.gov.createPrivilegedSession(ctx.user, {
    user: f.user,
    account: f.account,
    roles: f.roles,
    start: f.start,
    end: f.end,
    ...optional('justification', f.justification),
    ...optional('ticket', f.ticket),
  });
  return redirect(`/sessions/${encodeURIComponent(session.id)}`, { tone: 'ok', text: `Draft ${session.id} created.` });
}

const actions = ['approve', 'reject', 'cancel', 'process', 'end'] as const;
const actionLabels: Record<(typeof actions)[number], string> = { approve: 'Approve', reject: 'Reject', cancel: 'Cancel', process: 'Process now', end: 'End now' };

function actionsFor(s: Session): (typeof actions)[number][] {
  switch (s.status) {
    case 'draft':
      return ['approve', 'reject', 'cancel'];
    case 'planned':
    case 'approved':
      return ['process', 'cancel'];
    case 'active':
      return ['process', 'end'];
    default:
      return [];
  }
}

async function sessionPage(ctx: PageContext): Promise<Reply> {
  const s = await ctx.gov.getSession(ctx.params[0]!);
  const [audit, userLog, roleLog] = await Promise.all([ctx.gov.sessionAuditLog(s.id), ctx.gov.userLog(s.id), ctx.gov.roleChangeLog(s.id)]);
  const conflicts = ctx.gov.conflicts({ session: s.id });
  const path = `/sessions/${encodeURIComponent(s.id)}`;
  const available = actionsFor(s);
  const state = ctx.gov.effectiveState(s.user);
  const scope = s.scope === 'all' ? 'all organizations' : s.scope.organizations.map((o) => (o.includeChildren ? `${o.id} and below` : o.id)).join(', ');
  return page(
    `Session ${s.id}`,
    html`<div class="crumbs"><a href="/sessions">Sessions</a> / ${s.id}</div>
<table data-testid="session"><tbody>
<tr><th>Kind</th><td>${s.kind}${s.kind === 'temporary-role' ? ` (${s.type})` : ` (account: ${s.account ?? ''})`}</td><th>Status</th><td>${statusBadge(s.status)}${s.endReason ? ` (${s.endReason})` : ''}</td></tr>
<tr><th>User</th><td>${objectLink('users', s.user)}</td><th>Roles</th><td>${s.roles.length > 0 ? s.roles.map((r, i) => html`${i > 0 ? ', ' : ''}${objectLink('roles', r)}`) : '—'} in ${scope}</td></tr>
<tr><th>Start</th><td>${when(s.start)}</td><th>End</th><td>${when(s.end)}</td></tr>
<tr><th>Justification</th><td data-testid="justification">${s.justification ?? '—'}</td><th>Ticket</th><td>${s.ticket ?? '—'}</td></tr>
<tr><th>Requested</th><td>${s.requestedBy}, ${when(s.requestedAt)}</td><th>Approved</th><td>${s.approvedBy ? `${s.approvedBy}, ${when(s.approvedAt)}` : '—'}</td></tr>
<tr><th>Started</th><td>${when(s.startedAt)}</td><th>Ended</th><td>${when(s.endedAt)}</td></tr>
</tbody></table>
<p>${s.user} now: ${state.enabled ? 'enabled' : 'disabled'}, roles in force: <span data-testid="roles-now">${state.assignments.map((a) => a.role).join(', ') || 'none'}</span>. <a href="${href('/access', { user: s.user })}">Check access…</a></p>
${
  available.length > 0
    ? html`<form method="post" action="${path}/act" class="card" data-testid="session-actions">${csrfField(ctx.csrf)}<label for="reason">Reason (optional)</label><input type="text" id="reason" name="reason">
<p>${available.map((a) => html`<button type="submit" name="action" value="${a}"${a === 'cancel' || a === 'reject' || a === 'end' ? html` class="danger"` : ''}>${actionLabels[a]}</button> `)}</p></form>`
    : ''
}
${
  s.status === 'active'
    ? html`<form method="post" action="${path}/sign" class="card">${csrfField(ctx.csrf)}Simulate the user's activity (recorded in the user log while the session is active):
<button type="submit" name="action" value="sign-in" class="secondary">Sign ${s.user} in</button> <button type="submit" name="action" value="sign-out" class="secondary">Sign ${s.user} out</button></form>`
    : ''
}
${conflicts.length > 0 ? html`<h2>SoD conflicts</h2>${table(['Conflict', 'Role', 'Status', 'Rules'], conflicts.map((c) => [html`<a href="/sod#${c.id}">${c.id}</a>`, c.role, c.status, c.rules.map((r) => r.rule).join(', ')]))}` : ''}
<h2>Audit log</h2>
${table(['When', 'Event', 'From', 'To', 'Actor', 'By', 'Reason'], audit.map((e) => [when(e.at), e.event, e.from ?? '—', e.to, e.actor, e.by, e.reason ?? '']), 'No entries.', 'audit-log')}
<h2>User log</h2>
${table(
  ['Signed in', 'Signed out', 'Time spent'],
  userLog.signIns.map((r) => [when(r.signedInAt), when(r.signedOutAt), `${(r.durationMs / 60_000).toFixed(0)} min`]),
  'No sign-ins while the session was active.',
  'user-log',
)}
<p>Session ended: <span data-testid="session-ended">${when(userLog.sessionEndedAt)}</span></p>
<h2>User role change log</h2>
${table(
  ['When', 'Change', 'Role', 'Actor', 'Scope'],
  roleLog.map((e) => [when(e.at), e.change, e.role, e.actor, e.scope === undefined ? '' : e.scope === 'all' ? 'all organizations' : e.scope.organizations.map((o) => o.id).join(', ')]),
  'No role changes yet.',
  'role-log',
)}`,
  );
}

const actSchema = z.strictObject({ action: z.enum(actions), reason: optionalText });

async function act(ctx: PageContext): Promise<Reply> {
  const id = ctx.params[0]!;
  const { action, reason } = parseFields(actSchema, ctx.form, 'session action');
  const options = reason === undefined ? {} : { reason };
  const before = await ctx.gov.getSession(id);
  const after =
    action === 'approve'
      ? await ctx.gov.approveSession(ctx.user, id, options)
      : action === 'reject'
        ? await ctx.gov.rejectSession(ctx.user, id, options)
        : action === 'cancel'
          ? await ctx.gov.cancelSession(ctx.user, id, options)
          : action === 'end'
            ? await ctx.gov.endSession(ctx.user, id, options)
            : await ctx.gov.processSession(ctx.user, id);
  const text =
    after.status === before.status
      ? `${id} is still ${after.status}${action === 'process' ? ` (nothing is due at ${ctx.now().slice(0, 16).replace('T', ' ')} UTC: its start is ${after.start.slice(0, 16).replace('T', ' ')} UTC)` : ''}.`
      : `${id}: ${before.status} → ${after.status}.`;
  return redirect(`/sessions/${encodeURIComponent(id)}`, { tone: 'ok', text });
}

async function sign(ctx: PageContext): Promise<Reply> {
  const id = ctx.params[0]!;
  const { action } = parseFields(z.strictObject({ action: z.enum(['sign-in', 'sign-out']) }), ctx.form, 'sign-in simulation');
  const s = await ctx.gov.getSession(id);
  let text: string;
  if (action === 'sign-in') {
    const signIn = await ctx.gov.signIn(s.user);
    text = `${s.user} signed in at ${signIn.at.slice(0, 16).replace('T', ' ')} UTC.`;
  } else {
    const closed = await ctx.gov.signOut(s.user);
    text = closed ? `${s.user} signed out.` : `${s.user} was not signed in.`;
  }
  return redirect(`/sessions/${encodeURIComponent(id)}`, { tone: 'ok', text });
}

/** Routes of the session screens. */
export const sessionRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/sessions$/, handle: sessionsPage },
  { method: 'POST', pattern: /^\/sessions\/temporary$/, handle: createTemporary },
  { method: 'POST', pattern: /^\/sessions\/privileged$/, handle: createPrivileged },
  { method: 'GET', pattern: /^\/sessions\/([^/]+)$/, handle: sessionPage },
  { method: 'POST', pattern: /^\/sessions\/([^/]+)\/act$/, handle: act },
  { method: 'POST', pattern: /^\/sessions\/([^/]+)\/sign$/, handle: sign },
];
