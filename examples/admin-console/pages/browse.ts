/**
 * Browsing the security model: roles → duties → privileges → entry points, each with the licences
 * it needs (`compileLicenses`), and users with their roles, licences, sessions and conflicts, where
 * an administrator assigns and removes roles.
 *
 * @module
 */
import { z } from 'zod';
import {
  SecGovError,
  accessLevel,
  assignmentKey,
  entryPointId,
  idKey,
  idSchema,
  rights,
  type Assignment,
  type LicenseRequirement,
  type Scope,
  type SecurityModel,
} from '../../../src/index.js';
import { page, redirect, type PageContext, type Reply, type Route } from '../context.js';
import { optionalId, optionalText, parseFields } from '../forms.js';
import { badge, csrfField, href, html, objectLink, postButton, table, when, type HtmlValue, type SafeHtml } from '../html.js';

const LIST_LIMIT = 100;

/** A licence requirement in a few words: `operations + attach activity`, or `none`. */
export function licenseText(req: LicenseRequirement): SafeHtml {
  if (req.licenses.length === 0) return html`<span class="muted">none</span>${req.exempt ? html` ${badge('exempt', 'muted')}` : ''}`;
  return html`<strong>${req.base ?? ''}</strong>${req.attach.length > 0 ? html` + attach ${req.attach.join(', ')}` : ''}${req.exempt ? html` ${badge('exempt', 'muted')}` : ''}`;
}

function standing(status: string): SafeHtml {
  const tone = status === 'entitled' ? 'ok' : status === 'not-entitled' ? 'warn' : 'muted';
  return badge(status, tone);
}

const kindPath = { role: 'roles', duty: 'duties', privilege: 'privileges', entryPoint: 'entry-points', user: 'users' } as const;

/** The licence requirement of an object and the standing of each child. */
function licenseSection(req: LicenseRequirement, model: SecurityModel): SafeHtml {
  const name = (kind: string, id: string): string => {
    const key = idKey(id);
    const found =
      kind === 'role' ? model.roles.get(key) : kind === 'duty' ? model.duties.get(key) : kind === 'privilege' ? model.privileges.get(key) : kind === 'entryPoint' ? model.entryPoints.get(key) : undefined;
    return found && 'name' in found ? ('label' in found && typeof found.label === 'string' ? found.label : String(found.name)) : '';
  };
  return html`<h2>Licences</h2>
<p data-testid="license">Needs: ${licenseText(req)}</p>
${req.drivers.length > 0 ? html`<p class="muted">${req.drivers.map((d) => html`${d.license} because of ${d.objects.slice(0, 5).map((o, i) => html`${i > 0 ? ', ' : ''}${objectLink(kindPath[o.kind], o.id)}`)}${d.objects.length > 5 ? ` and ${d.objects.length - 5} more` : ''}. `)}</p>` : ''}
<h2>Contents</h2>
${table(
  ['Kind', 'Id', 'Name', 'Needs', 'Standing against the base licence'],
  req.entitlement.map((e) => [e.kind, objectLink(kindPath[e.kind], e.id), name(e.kind, e.id), e.required.join(', ') || 'none', html`${standing(e.status)}${e.attach.length > 0 ? ` (attach ${e.attach.join(', ')})` : ''}`]),
  'Nothing beneath it.',
  'contents',
)}`;
}

function holders(model: SecurityModel, role: string): Assignment[] {
  const key = idKey(role);
  return [...model.assignments.values()].filter((a) => idKey(a.role) === key);
}

function scopeText(scope: Scope): string {
  return scope === 'all' ? 'all organizations' : scope.organizations.map((o) => (o.includeChildren ? `${o.id} and below` : o.id)).join(', ');
}

function notFound(kind: string, id: string): never {
  throw new SecGovError('NOT_FOUND', `${kind} "${id}" does not exist`, { ids: [id] });
}

function rolesPage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  const licenses = ctx.licenses(model);
  const counts = new Map<string, number>();
  for (const a of model.assignments.values()) counts.set(idKey(a.role), (counts.get(idKey(a.role)) ?? 0) + 1);
  const rows = [...model.roles.values()].map((r) => [
    objectLink('roles', r.id),
    r.name,
    r.duties.length,
    r.privileges.length,
    r.subRoles.length,
    counts.get(idKey(r.id)) ?? 0,
    licenseText(licenses.ofRole(r.id)),
  ]);
  const summary = licenses.summary();
  return page(
    'Roles',
    html`<p>${model.roles.size} roles, ${model.duties.size} duties, ${model.privileges.size} privileges, ${model.entryPoints.size} entry points. Open a role to walk down to its duties, privileges and entry points.</p>
${table(['Role', 'Name', 'Duties', 'Direct privileges', 'Sub-roles', 'Users', 'Licence needed'], rows, 'No roles.', 'roles')}
<h2>Licence summary</h2>
<p>${summary.users} users: ${summary.licensedUsers} need a licence, ${summary.unlicensedUsers} need none, ${summary.disabledUsers} are disabled. <a href="/reports/download?report=license-summary&amp;format=json">JSON</a></p>
${table(['Licence', 'Users (base)', 'Users (attach)'], summary.licenses.map((l) => [l.name, l.base, l.attach]), 'No licences.', 'license-summary')}`,
  );
}

function rolePage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  const role = model.roles.get(idKey(ctx.params[0]!)) ?? notFound('role', ctx.params[0]!);
  const req = ctx.licenses(model).ofRole(role.id);
  const users = holders(model, role.id);
  const violations = ctx.gov.roleConflicts(role.id);
  const parents = [...model.roles.values()].filter((r) => r.subRoles.some((s) => idKey(s) === idKey(role.id)));
  return page(
    `Role ${role.id}`,
    html`<div class="crumbs"><a href="/roles">Roles</a> / ${role.id}</div>
<p><strong>${role.name}</strong>${role.description ? html` — ${role.description}` : ''}</p>
${parents.length > 0 ? html`<p>Sub-role of ${parents.map((p, i) => html`${i > 0 ? ', ' : ''}${objectLink('roles', p.id)}`)}</p>` : ''}
${violations.length > 0 ? html`<div class="notice error">Breaks ${violations.length} SoD rule(s): ${violations.map((v) => `${v.rule} (${v.firstDuty} / ${v.secondDuty})`).join('; ')}</div>` : ''}
${licenseSection(req, model)}
<h2>Users holding it (${users.length})</h2>
${table(['User', 'Scope', 'Source'], users.slice(0, LIST_LIMIT).map((a) => [objectLink('users', a.user), scopeText(a.scope), a.source]), 'Nobody holds this role.', 'holders')}
${users.length > LIST_LIMIT ? html`<p class="muted">First ${LIST_LIMIT} shown.</p>` : ''}`,
  );
}

function dutyPage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  const duty = model.duties.get(idKey(ctx.params[0]!)) ?? notFound('duty', ctx.params[0]!);
  const roles = [...model.roles.values()].filter((r) => r.duties.some((d) => idKey(d) === idKey(duty.id)));
  const rules = [...model.sodRules.values()].filter((r) => idKey(r.firstDuty) === idKey(duty.id) || idKey(r.secondDuty) === idKey(duty.id));
  return page(
    `Duty ${duty.id}`,
    html`<div class="crumbs"><a href="/roles">Roles</a> / duty ${duty.id}</div>
<p><strong>${duty.name}</strong>${duty.description ? html` — ${duty.description}` : ''}</p>
<p>In roles: ${roles.length > 0 ? roles.map((r, i) => html`${i > 0 ? ', ' : ''}${objectLink('roles', r.id)}`) : 'none'}</p>
${rules.length > 0 ? html`<p>In SoD rules: ${rules.map((r) => `${r.id} (${r.name})`).join('; ')}</p>` : ''}
${licenseSection(ctx.licenses(model).ofDuty(duty.id), model)}`,
  );
}

function privilegePage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  const privilege = model.privileges.get(idKey(ctx.params[0]!)) ?? notFound('privilege', ctx.params[0]!);
  const req = ctx.licenses(model).ofPrivilege(privilege.id);
  const needs = new Map(req.entitlement.map((e) => [idKey(e.id), e]));
  const duties = [...model.duties.values()].filter((d) => d.privileges.some((p) => idKey(p) === idKey(privilege.id)));
  const roles = [...model.roles.values()].filter((r) => r.privileges.some((p) => idKey(p) === idKey(privilege.id)));
  const grants = privilege.grants.map((g) => {
    const ep = model.entryPoints.get(idKey(g.entryPoint));
    const e = needs.get(idKey(g.entryPoint));
    return [
      objectLink('entry-points', g.entryPoint),
      ep?.label ?? '',
      rights.filter((r) => g[r] === 'allow').join(', ') || '—',
      rights.filter((r) => g[r] === 'deny').join(', ') || '—',
      accessLevel(g),
      e ? html`${e.required.join(', ') || 'none'} ${standing(e.status)}` : 'none',
    ] as HtmlValue[];
  });
  return page(
    `Privilege ${privilege.id}`,
    html`<div class="crumbs"><a href="/roles">Roles</a> / privilege ${privilege.id}</div>
<p><strong>${privilege.name}</strong>${privilege.description ? html` — ${privilege.description}` : ''}</p>
<p>In duties: ${duties.length > 0 ? duties.map((d, i) => html`${i > 0 ? ', ' : ''}${objectLink('duties', d.id)}`) : 'none'}${roles.length > 0 ? html`; direct privilege of ${roles.map((r, i) => html`${i > 0 ? ', ' : ''}${objectLink('roles', r.id)}`)}` : ''}</p>
<p data-testid="license">Needs: ${licenseText(req)}</p>
<h2>Grants (${privilege.grants.length})</h2>
${table(['Entry point', 'Label', 'Allowed', 'Denied', 'Access level', 'Licence needed'], grants, 'No grants.', 'grants')}`,
  );
}

function entryPointPage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  const ep = model.entryPoints.get(idKey(ctx.params[0]!)) ?? notFound('entry point', ctx.params[0]!);
  const id = entryPointId(ep);
  const granting = [...model.privileges.values()].flatMap((p) => p.grants.filter((g) => idKey(g.entryPoint) === idKey(id)).map((g) => ({ p, g })));
  return page(
    `Entry point ${id}`,
    html`<div class="crumbs"><a href="/roles">Roles</a> / entry point ${id}</div>
<table data-testid="entry-point"><tbody>
<tr><th>Kind</th><td>${ep.kind}</td></tr><tr><th>Name</th><td>${ep.name}${ep.childName ? ` / ${ep.childName}` : ''}</td></tr>
<tr><th>Label</th><td>${ep.label ?? ''}</td></tr>
<tr><th>Licence to view (read)</th><td>${ep.viewLicense}</td></tr><tr><th>Licence to maintain (write)</th><td>${ep.maintainLicense}</td></tr>
</tbody></table>
<h2>Privileges granting it</h2>
${table(
  ['Privilege', 'Allowed', 'Denied', 'Access level'],
  granting.map(({ p, g }) => [objectLink('privileges', p.id), rights.filter((r) => g[r] === 'allow').join(', ') || '—', rights.filter((r) => g[r] === 'deny').join(', ') || '—', accessLevel(g)]),
  'No privilege grants it.',
)}
<p><a href="${href('/access', { entryPoint: id })}">Ask who can use it…</a></p>`,
  );
}

function usersPage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  const { q } = parseFields(z.strictObject({ q: optionalText }), ctx.query, 'search');
  const needle = (q ?? '').toLowerCase();
  const matches = [...model.users.values()].filter((u) => needle === '' || u.id.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle));
  const licenses = ctx.licenses(model);
  const roleCount = new Map<string, number>();
  for (const a of model.assignments.values()) roleCount.set(idKey(a.user), (roleCount.get(idKey(a.user)) ?? 0) + 1);
  return page(
    'Users',
    html`<form method="get" action="/users" class="card"><label for="q">Find a user (id or name)</label><div class="row"><div><input type="text" id="q" name="q" value="${q ?? ''}"></div><div><button type="submit">Search</button></div></div></form>
<p>${matches.length} of ${model.users.size} users${matches.length > LIST_LIMIT ? html`; first ${LIST_LIMIT} shown` : ''}.</p>
${table(
  ['User', 'Name', 'Enabled', 'Last sign-in', 'Roles', 'Licence needed'],
  matches.slice(0, LIST_LIMIT).map((u) => [objectLink('users', u.id), u.name, u.enabled ? badge('enabled', 'ok') : badge('disabled', 'muted'), when(u.lastSignIn), roleCount.get(idKey(u.id)) ?? 0, licenseText(licenses.ofUser(u.id))]),
  'No user matches.',
  'users',
)}`,
  );
}

async function userPage(ctx: PageContext): Promise<Reply> {
  const model = ctx.gov.model();
  const user = model.users.get(idKey(ctx.params[0]!)) ?? notFound('user', ctx.params[0]!);
  const own = [...model.assignments.values()].filter((a) => idKey(a.user) === idKey(user.id));
  const state = ctx.gov.effectiveState(user.id);
  const sessions = await ctx.gov.listSessions({ user: user.id });
  const conflicts = ctx.gov.conflicts({ user: user.id });
  const held = new Set(own.map((a) => idKey(a.role)));
  const path = `/users/${encodeURIComponent(user.id)}`;
  return page(
    `User ${user.id}`,
    html`<div class="crumbs"><a href="/users">Users</a> / ${user.id}</div>
<p><strong>${user.name}</strong> · ${user.enabled ? badge('enabled', 'ok') : badge('disabled', 'muted')} · last sign-in ${when(user.lastSignIn)} · ${Object.entries(user.attributes).map(([k, v]) => `${k}: ${v}`).join(', ')}</p>
<p>Now: ${state.enabled ? 'enabled' : 'disabled'}, roles in force: <span data-testid="roles-now">${state.assignments.map((a) => a.role).join(', ') || 'none'}</span>${state.sessions.length > 0 ? html` (sessions ${state.sessions.map((s, i) => html`${i > 0 ? ', ' : ''}${objectLink('sessions', s)}`)})` : ''}.
<a href="${href('/access', { user: user.id })}">Check access…</a> · <a href="${href('/reports/download', { report: 'security-analysis', user: user.id, format: 'html' })}">Security analysis (HTML)</a></p>
<h2>Assigned roles</h2>
${table(
  ['Role', 'Scope', 'Source', ''],
  own.map((a) => [objectLink('roles', a.role), scopeText(a.scope), a.source, postButton(`${path}/unassign`, 'Remove', ctx.csrf, { role: a.role }, 'secondary')]),
  'No roles assigned.',
  'assignments',
)}
<form method="post" action="${path}/assign" class="card" data-testid="assign-form">${csrfField(ctx.csrf)}
<div class="row"><div><label for="role">Assign a role</label><select id="role" name="role">${[...model.roles.values()]
      .filter((r) => !held.has(idKey(r.id)))
      .map((r) => html`<option value="${r.id}">${r.id} — ${r.name}</option>`)}</select></div>
<div><label for="organization">In organization (optional)</label><select id="organization" name="organization"><option value="">all organizations</option>${[...model.organizations.values()].map(
      (o) => html`<option value="${o.id}">${o.id} — ${o.name}</option>`,
    )}</select></div>
<div><label for="reason">Reason (optional)</label><input type="text" id="reason" name="reason"></div></div>
<p><label><input type="checkbox" name="includeChildren" value="on"> and the organizations below it</label></p>
<button type="submit">Assign</button> <span class="muted">An assignment that would break an SoD rule is not applied: it is held as a conflict.</span></form>
<h2>Licences</h2><p data-testid="license">Needs: ${licenseText(ctx.licenses(model).ofUser(user.id))}</p>
<h2>Sessions</h2>
${table(['Session', 'Kind', 'Status', 'Start', 'End', 'Roles'], sessions.map((s) => [objectLink('sessions', s.id), s.kind, s.status, when(s.start), when(s.end), s.roles.join(', ')]), 'No sessions.')}
<h2>SoD conflicts</h2>
${table(['Conflict', 'Role', 'Status', 'Rules', 'Raised'], conflicts.map((c) => [html`<a href="/sod#${c.id}">${c.id}</a>`, c.role, c.status, c.rules.map((r) => r.rule).join(', '), when(c.raisedAt)]), 'No conflicts.')}`,
  );
}

const assignSchema = z.strictObject({
  role: idSchema,
  organization: optionalId,
  includeChildren: z.literal('on').optional(),
  reason: optionalText,
});

async function assign(ctx: PageContext): Promise<Reply> {
  const user = ctx.params[0]!;
  const form = parseFields(assignSchema, ctx.form, 'assignment');
  const scope = form.organization === undefined ? 'all' : { organizations: [{ id: form.organization, includeChildren: form.includeChildren === 'on' }] };
  const outcome = await ctx.gov.apply(ctx.user, [{ op: 'assign', assignment: { user, role: form.role, scope } }], form.reason === undefined ? {} : { reason: form.reason });
  const back = `/users/${encodeURIComponent(user)}`;
  const conflict = outcome.conflicts[0];
  if (conflict) {
    return redirect(back, {
      tone: 'error',
      text: `${form.role} was not assigned: it would break SoD rule ${conflict.rules.map((r) => r.rule).join(', ')}. Conflict ${conflict.id} waits for a decision on the SoD screen.`,
    });
  }
  const applied = outcome.model.assignments.has(assignmentKey(user, form.role));
  return redirect(back, { tone: applied ? 'ok' : 'error', text: applied ? `${form.role} assigned to ${user}.` : `${form.role} was not assigned.` });
}

async function unassign(ctx: PageContext): Promise<Reply> {
  const user = ctx.params[0]!;
  const form = parseFields(z.strictObject({ role: idSchema }), ctx.form, 'removal');
  await ctx.gov.unassign(ctx.user, user, form.role);
  return redirect(`/users/${encodeURIComponent(user)}`, { tone: 'ok', text: `${form.role} removed from ${user}.` });
}

/** Routes of the browse screens. */
export const browseRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/roles$/, handle: rolesPage },
  { method: 'GET', pattern: /^\/roles\/([^/]+)$/, handle: rolePage },
  { method: 'GET', pattern: /^\/duties\/([^/]+)$/, handle: dutyPage },
  { method: 'GET', pattern: /^\/privileges\/([^/]+)$/, handle: privilegePage },
  { method: 'GET', pattern: /^\/entry-points\/([^/]+)$/, handle: entryPointPage },
  { method: 'GET', pattern: /^\/users$/, handle: usersPage },
  { method: 'GET', pattern: /^\/users\/([^/]+)$/, handle: userPage },
  { method: 'POST', pattern: /^\/users\/([^/]+)\/assign$/, handle: assign },
  { method: 'POST', pattern: /^\/users\/([^/]+)\/unassign$/, handle: unassign },
];
