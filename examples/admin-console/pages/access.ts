/**
 * "Can this user do this?": `gov.check` answers, `gov.explain` shows every path (assignment →
 * role → sub-roles → duty → privilege → grant) behind the answer, and for a "no" the smallest roles
 * that would grant it.
 *
 * @module
 */
import { z } from 'zod';
import { SecGovError, entryPointId, idKey, rightSchema, rights, type AccessPath, type Explanation } from '../../../src/index.js';
import { page, type PageContext, type Reply, type Route } from '../context.js';
import { optionalId, parseFields } from '../forms.js';
import { html, noticeBox, objectLink, table, type SafeHtml } from '../html.js';

const querySchema = z.strictObject({
  user: optionalId,
  entryPoint: optionalId,
  right: z.preprocess((v) => (v === '' ? undefined : v), rightSchema.optional()),
  organization: optionalId,
});

const reasons: Record<Explanation['reason'], string> = {
  allowed: 'a grant allows it and none denies it',
  denied: 'a grant denies it (an explicit deny wins over any allow)',
  'no-grant': 'no grant reachable from the user’s roles sets this right',
  'user-disabled': 'the user is disabled: disabled users have no access',
  administrator: 'the user holds the administrator role, which has full access',
  'not-applicable': 'this right does not apply to this entry point (only invoke applies to service operations and data entity methods)',
};

function pathRow(p: AccessPath): SafeHtml[] {
  const scope = p.assignment.scope === 'all' ? 'all organizations' : p.assignment.scope.organizations.map((o) => (o.includeChildren ? `${o.id} and below` : o.id)).join(', ');
  return [
    html`${p.roles.map((r, i) => html`${i > 0 ? ' → ' : ''}${objectLink('roles', r)}`)}`,
    html`${p.duty === undefined ? '(direct privilege)' : objectLink('duties', p.duty)}`,
    objectLink('privileges', p.privilege),
    html`${p.permission}`,
    html`${scope}`,
  ];
}

function explanationView(ctx: PageContext, e: Explanation): SafeHtml {
  const where = e.organization === undefined ? 'in any organization' : `in ${e.organization}`;
  const others = e.paths.filter((p) => !e.deciding.includes(p));
  let granters: SafeHtml | string = '';
  if (!e.allowed && (e.reason === 'no-grant' || e.reason === 'denied')) {
    const found = ctx.gov.access().grantersOf([{ entryPoint: e.entryPoint, rights: [e.right] }]);
    const admin = idKey(ctx.gov.model().parameters.administratorRole);
    const roles = found.roles.filter((r) => idKey(r.id) !== admin).slice(0, 5);
    granters = html`<h2>Roles that would grant it (smallest first)</h2>${table(['Role', 'Entry points it grants'], roles.map((r) => [objectLink('roles', r.id), r.entryPoints]), 'No role grants it.', 'granters')}`;
  }
  return html`<section data-testid="answer">
<p class="verdict ${e.allowed ? 'yes' : 'no'}" data-testid="verdict">${e.allowed ? 'Yes' : 'No'}: ${e.user} ${e.allowed ? 'may' : 'may not'} ${e.right} ${e.entryPoint} ${where}.</p>
<p data-testid="reason">Why: ${reasons[e.reason]}${e.decidingOrganization ? ` (for example in ${e.decidingOrganization})` : ''}.</p>
<h2>Deciding paths</h2>
${table(['Roles', 'Duty', 'Privilege', 'Permission', 'Assignment scope'], e.deciding.map(pathRow), 'No path decided: nothing grants or denies this right.', 'deciding')}
${others.length > 0 ? html`<h2>Other paths (overruled)</h2>${table(['Roles', 'Duty', 'Privilege', 'Permission', 'Assignment scope'], others.map(pathRow))}` : ''}
${e.truncated ? html`<p class="muted">More paths exist than an explanation lists; the answer is exact.</p>` : ''}
${granters}</section>`;
}

function accessPage(ctx: PageContext): Reply {
  const model = ctx.gov.model();
  let answer: SafeHtml | string = '';
  let status = 200;
  let q: z.output<typeof querySchema> = {};
  try {
    q = parseFields(querySchema, ctx.query, 'access question');
    if (q.user !== undefined && q.entryPoint !== undefined) {
      const right = q.right ?? 'read';
      const allowed = ctx.gov.check(q.user, q.entryPoint, right, q.organization);
      const explanation = ctx.gov.explain(q.user, q.entryPoint, right, q.organization);
      if (allowed !== explanation.allowed) throw new SecGovError('INTEGRITY_VIOLATION', 'check and explain disagree');
      answer = explanationView(ctx, explanation);
    } else if (q.user !== undefined || q.entryPoint !== undefined) {
      throw new SecGovError('VALIDATION_FAILED', 'access question: give both a user and an entry point');
    }
  } catch (error) {
    if (!(error instanceof SecGovError)) throw error;
    status = error.code === 'NOT_FOUND' ? 404 : 400;
    const problems = (error.details.problems ?? []).map((p) => p.message);
    answer = noticeBox({ tone: 'error', text: `${error.code}: ${error.message}`, details: problems.length > 1 ? problems : [] });
  }
  const value = (v: string | undefined) => v ?? '';
  return page(
    'Can this user do this?',
    html`<form method="get" action="/access" class="card" data-testid="access-form">
<div class="row">
<div><label for="user">User</label><input type="text" id="user" name="user" list="users" value="${value(q.user ?? (typeof ctx.query.user === 'string' ? ctx.query.user : undefined))}" required></div>
<div><label for="entryPoint">Entry point (kind:name)</label><input type="text" id="entryPoint" name="entryPoint" list="entry-points" value="${value(q.entryPoint ?? (typeof ctx.query.entryPoint === 'string' ? ctx.query.entryPoint : undefined))}" required></div>
<div><label for="right">Right</label><select id="right" name="right">${rights.map((r) => html`<option value="${r}"${(q.right ?? 'read') === r ? html` selected` : ''}>${r}</option>`)}</select></div>
<div><label for="organization">Organization</label><select id="organization" name="organization"><option value="">any organization</option>${[...model.organizations.values()].map(
      (o) => html`<option value="${o.id}"${q.organization !== undefined && idKey(q.organization) === idKey(o.id) ? html` selected` : ''}>${o.id} — ${o.name}</option>`,
    )}</select></div>
</div>
<p><button type="submit">Check and explain</button></p>
<datalist id="users">${[...model.users.values()].map((u) => html`<option value="${u.id}">${u.name}</option>`)}</datalist>
<datalist id="entry-points">${[...model.entryPoints.values()].map((ep) => html`<option value="${entryPointId(ep)}">${ep.label ?? ''}</option>`)}</datalist>
</form>
${answer}`,
    { status },
  );
}

/** Routes of the access screen. */
export const accessRoutes: readonly Route[] = [{ method: 'GET', pattern: /^\/access$/, handle: accessPage }];
