/**
 * Server-side HTML for the admin console: a tagged template that escapes every interpolated value
 * (only {@link SafeHtml} passes through unescaped), the page layout with its inline style, and
 * small formatting helpers. No build step, no client framework.
 *
 * @module
 */
import { escapeHtml } from '../../src/index.js';

/** HTML that is already safe: produced by {@link html} or {@link raw}. */
export class SafeHtml {
  /** @param value - markup that is known to be safe */
  constructor(readonly value: string) {}

  /** The markup. */
  toString(): string {
    return this.value;
  }
}

/** A value an {@link html} template accepts: text is escaped, arrays are joined, null and false print nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * The HTML template tag: every interpolation is HTML-escaped unless it is {@link SafeHtml}.
 *
 * @example
 * html`<td>${user.name}</td>` // a name such as "<b>" prints as &lt;b&gt;
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Markup known to be safe (constants of this module only; never user input). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A path with query parameters, each name and value URL-encoded. */
export function href(path: string, query: Readonly<Record<string, string | number | undefined>> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The path of an object page: `/roles/<id>` with the id URL-encoded. */
export function objectPath(kind: 'roles' | 'duties' | 'privileges' | 'entry-points' | 'users' | 'sessions', id: string): string {
  return `/${kind}/${encodeURIComponent(id)}`;
}

/** A link to an object page. */
export function objectLink(kind: Parameters<typeof objectPath>[0], id: string, text: string = id): SafeHtml {
  return html`<a href="${objectPath(kind, id)}">${text}</a>`;
}

/** An instant as `2025-04-21 08:00 UTC` (the console shows every time in UTC). */
export function when(instant: string | null | undefined): string {
  if (instant === null || instant === undefined) return '—';
  const d = new Date(instant);
  if (!Number.isFinite(d.getTime())) return instant;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An instant as the value of a `datetime-local` input (UTC, minutes). */
export function localInput(instant: Date | string): string {
  return new Date(instant).toISOString().slice(0, 16);
}

/** A status badge. */
export function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted' = 'info'): SafeHtml {
  return html`<span class="badge ${tone}">${text}</span>`;
}

/** A table with a header row; `rows` empty prints `empty` instead. */
export function table(headers: readonly string[], rows: readonly (readonly HtmlValue[])[], empty = 'Nothing to show.', testId?: string): SafeHtml {
  if (rows.length === 0) return html`<p class="muted"${testId ? raw(` data-testid="${escapeHtml(testId)}"`) : ''}>${empty}</p>`;
  return html`<table${testId ? raw(` data-testid="${escapeHtml(testId)}"`) : ''}><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`,
  )}</tbody></table>`;
}

/** The hidden CSRF field every form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}

/** A one-button form posting to `action` (with the CSRF token and optional hidden fields). */
export function postButton(action: string, label: string, csrf: string, hidden: Readonly<Record<string, string>> = {}, tone = ''): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">${csrfField(csrf)}${Object.entries(hidden).map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
  )}<button type="submit" class="${tone}">${label}</button></form>`;
}

/** A message shown at the top of a page. */
export interface Notice {
  /** `ok` for a success, `error` for a failure. */
  readonly tone: 'ok' | 'error';
  /** The message. */
  readonly text: string;
  /** Further lines (for example every validation problem). */
  readonly details?: readonly string[];
}

/** A notice box. */
export function noticeBox(notice: Notice): SafeHtml {
  return html`<div class="notice ${notice.tone}" role="${notice.tone === 'error' ? 'alert' : 'status'}" data-testid="notice"><strong>${notice.text}</strong>${
    notice.details && notice.details.length > 0 ? html`<ul>${notice.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''
  }</div>`;
}

const STYLE = `
:root{color-scheme:light;--fg:#1d2330;--muted:#5c6578;--line:#d9dee7;--head:#f2f4f8;--accent:#2f6db5;--ok:#2d7d46;--bad:#b3261e;--warn:#9a6700}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0;background:#fafbfc}
header{background:#1d2330;color:#fff;padding:8px 20px;display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center}
header a{color:#fff;text-decoration:none}header a:hover{text-decoration:underline}
header .brand{font-weight:700;font-size:16px}
header nav{display:flex;gap:14px;flex-wrap:wrap}
header .who{margin-left:auto;display:flex;gap:8px;align-items:center}
.clockbar{background:#eef2f8;border-bottom:1px solid var(--line);padding:6px 20px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
main{padding:16px 20px 40px;max-width:1200px}
h1{font-size:21px;margin:4px 0 12px}h2{font-size:16px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff;margin:4px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600}
a{color:var(--accent)}
.muted{color:var(--muted)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;border:1px solid currentColor}
.badge.ok{color:var(--ok)}.badge.bad{color:var(--bad)}.badge.warn{color:var(--warn)}.badge.info{color:var(--accent)}.badge.muted{color:var(--muted)}
.notice{padding:8px 12px;border-radius:4px;margin:0 0 12px;border:1px solid}
.notice.ok{background:#eaf6ee;border-color:#9fd0ad}.notice.error{background:#fdecea;border-color:#f0a8a2}
.notice ul{margin:4px 0 0 18px;padding:0}
form.inline{display:inline}
form.card,.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px;margin:8px 0 16px}
form.card label{display:block;margin:6px 0 2px;font-weight:600}
form.card .row{display:flex;gap:12px;flex-wrap:wrap}form.card .row>div{flex:1 1 180px}
input,select,textarea,button{font:inherit}
input[type=text],input[type=password],input[type=datetime-local],input[type=number],select,textarea{width:100%;padding:4px 6px;border:1px solid #b8c0cc;border-radius:4px;background:#fff}
select[multiple]{height:8em}
input.auto{width:auto}
button{padding:4px 12px;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--bad);border-color:var(--bad)}
.verdict{font-size:20px;font-weight:700;margin:8px 0}.verdict.yes{color:var(--ok)}.verdict.no{color:var(--bad)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px}
.stat{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px}.stat b{display:block;font-size:22px}
pre{background:#fff;border:1px solid var(--line);padding:10px;overflow:auto;max-height:480px}
.crumbs{color:var(--muted);margin-bottom:4px}
`;

/** What the layout needs besides the page. */
export interface LayoutContext {
  /** The signed-in administrator, if any. */
  readonly user: string | null;
  /** The CSRF token for this visitor's forms. */
  readonly csrf: string;
  /** The console clock's current instant. */
  readonly now: string;
  /** The path of the page, for "back here" after clock actions. */
  readonly path: string;
  /** The nonce of this response's Content-Security-Policy. */
  readonly nonce: string;
  /** A message to show at the top. */
  readonly notice?: Notice | undefined;
}

const NAV: readonly (readonly [string, string])[] = [
  ['/', 'Dashboard'],
  ['/roles', 'Roles'],
  ['/users', 'Users'],
  ['/access', 'Access check'],
  ['/sessions', 'Sessions'],
  ['/sod', 'SoD'],
  ['/versions', 'Versions'],
  ['/reports', 'Reports'],
  ['/audit', 'Audit trail'],
];

/** The whole page: header with navigation and sign-out, the clock bar, the notice, the content. */
export function layout(ctx: LayoutContext, title: string, content: SafeHtml): string {
  const signedIn = ctx.user !== null;
  const clockBar = signedIn
    ? html`<div class="clockbar" data-testid="clockbar">
<span>Clock: <strong data-testid="clock">${when(ctx.now)}</strong></span>
${(['1 hour', '1 day', '1 week'] as const).map((by) => postButton('/clock', `+${by}`, ctx.csrf, { advance: by, back: ctx.path }, 'secondary'))}
<form method="post" action="/clock" class="inline">${csrfField(ctx.csrf)}<input type="hidden" name="back" value="${ctx.path}"><input type="datetime-local" name="set" aria-label="Set the clock to" value="${localInput(ctx.now)}" class="auto"> <button type="submit" class="secondary">Set clock</button></form>
${postButton('/process', 'Run session processor', ctx.csrf, { back: ctx.path })}
</div>`
    : '';
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · secgov admin console</title>
<style nonce="${ctx.nonce}">${raw(STYLE)}</style></head>
<body><header><a class="brand" href="/">secgov admin console</a>${
    signedIn ? html`<nav>${NAV.map(([path, label]) => html`<a href="${path}">${label}</a>`)}</nav>
<div class="who">Signed in as <strong data-testid="who">${ctx.user}</strong> ${postButton('/sign-out', 'Sign out', ctx.csrf, {}, 'secondary')}</div>` : ''
  }</header>
${clockBar}
<main>${ctx.notice ? noticeBox(ctx.notice) : ''}<h1>${title}</h1>
${content}</main></body></html>`;
  return page.value;
}
