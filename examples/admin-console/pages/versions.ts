/**
 * Versions: snapshot the governed state (`gov.createVersion`) and compare two versions, or a
 * version and the current state (`gov.compareVersions`, shown as a table and as `renderComparison`).
 *
 * @module
 */
import { z } from 'zod';
import { comparedKindLabels, comparedKinds, idSchema, nameSchema, renderComparison, renderFieldChange, type ModelComparison } from '../../../src/index.js';
import { page, redirect, type PageContext, type Reply, type Route } from '../context.js';
import { optionalText, parseFields } from '../forms.js';
import { badge, csrfField, html, table, when, type SafeHtml } from '../html.js';

const compareSchema = z.strictObject({
  a: z.preprocess((v) => (v === '' ? undefined : v), idSchema.optional()),
  b: z.preprocess((v) => (v === '' ? undefined : v), idSchema.optional()),
  detail: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['differences', 'all']).optional()),
});

function comparisonView(a: string, b: string, c: ModelComparison): SafeHtml {
  const summary = comparedKinds.flatMap((k) => {
    const s = c.summary[k];
    return s && (s.added || s.removed || s.changed) ? [[comparedKindLabels[k], s.added, s.removed, s.changed, s.unchanged]] : [];
  });
  const entries = c.entries.slice(0, 500);
  const differing = c.entries.filter((e) => e.status !== 'unchanged').length;
  return html`<section data-testid="comparison"><h2>${a} → ${b}</h2>
<p data-testid="identical">${c.identical ? 'No differences.' : differing === 1 ? '1 record differs.' : `${differing} records differ.`}</p>
${summary.length > 0 ? table(['Kind', 'Added', 'Removed', 'Changed', 'Unchanged'], summary) : ''}
${table(
  ['Kind', 'Id', 'Status', 'What changed'],
  entries.map((e) => [
    comparedKindLabels[e.kind],
    e.id,
    badge(e.status, e.status === 'added' ? 'ok' : e.status === 'removed' ? 'bad' : e.status === 'changed' ? 'warn' : 'muted'),
    html`${e.changes.map((ch, i) => html`${i > 0 ? html`<br>` : ''}${renderFieldChange(ch)}`)}`,
  ]),
  'No differences.',
  'comparison-entries',
)}
${c.entries.length > entries.length ? html`<p class="muted">First ${entries.length} of ${c.entries.length} records shown.</p>` : ''}
<details><summary>As text (renderComparison)</summary><pre data-testid="comparison-text">${renderComparison(c)}</pre></details></section>`;
}

async function versionsPage(ctx: PageContext): Promise<Reply> {
  const q = parseFields(compareSchema, ctx.query, 'comparison');
  const versions = await ctx.gov.listVersions();
  let comparison: SafeHtml | string = '';
  if (q.a !== undefined) {
    const b = q.b ?? 'current';
    comparison = comparisonView(q.a, b, await ctx.gov.compareVersions(q.a, b, { detail: q.detail ?? 'differences' }));
  }
  const options = (selected: string | undefined) =>
    html`${versions.map(
      (v) => html`<option value="${v.id}"${selected === v.id ? html` selected` : ''}>${v.id} — ${v.name}</option>`,
    )}`;
  const latest = versions[versions.length - 1]?.id;
  const previous = versions[versions.length - 2]?.id;
  return page(
    'Versions',
    html`<p>A version is an immutable snapshot of the security configuration, the governance data and the assignments. Compare any two, or a version with the current state.</p>
${table(['Version', 'Name', 'Description', 'Created', 'By', 'Revision'], versions.map((v) => [v.id, v.name, v.description ?? '', when(v.createdAt), v.createdBy, v.revision]), 'No versions yet.', 'versions')}
<form method="post" action="/versions" class="card" data-testid="version-form">${csrfField(ctx.csrf)}
<div class="row"><div><label for="v-name">Name</label><input type="text" id="v-name" name="name" required></div><div><label for="v-description">Description</label><input type="text" id="v-description" name="description"></div></div>
<p><button type="submit">Create version</button></p></form>
${
  versions.length > 0
    ? html`<form method="get" action="/versions" class="card" data-testid="compare-form"><div class="row">
<div><label for="a">Compare</label><select id="a" name="a">${options(q.a ?? previous ?? latest)}</select></div>
<div><label for="b">with</label><select id="b" name="b">${html`<option value="current"${q.b === undefined || q.b === 'current' ? html` selected` : ''}>current state</option>`}${versions.map(
        (v) => html`<option value="${v.id}"${(q.b ?? (previous !== undefined ? latest : undefined)) === v.id ? html` selected` : ''}>${v.id} — ${v.name}</option>`,
      )}</select></div>
<div><label for="detail">Show</label><select id="detail" name="detail"><option value="differences">only differences</option><option value="all"${q.detail === 'all' ? html` selected` : ''}>all details</option></select></div>
</div><p><button type="submit">Compare</button></p></form>`
    : ''
}
${comparison}`,
  );
}

const createSchema = z.strictObject({ name: nameSchema, description: optionalText });

async function createVersion(ctx: PageContext): Promise<Reply> {
  const f = parseFields(createSchema, ctx.form, 'version');
  const v = await ctx.gov.createVersion(ctx.user, f.description === undefined ? { name: f.name } : { name: f.name, description: f.description });
  return redirect('/versions', { tone: 'ok', text: `Version ${v.id} "${v.name}" created (revision ${v.revision}).` });
}

/** Routes of the versions screen. */
export const versionRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/versions$/, handle: versionsPage },
  { method: 'POST', pattern: /^\/versions$/, handle: createVersion },
];
