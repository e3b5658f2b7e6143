/**
 * The admin console: a small web application on the public API of secgov, on Node's `http`
 * module with HTML rendered on the server. {@link createConsole} builds it (the governance service
 * on a memory or PostgreSQL store, a `ManualClock`, the demo model); `server.ts` starts it.
 *
 * Every screen needs a signed-in administrator; every POST also needs the form's CSRF token.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SecGovError, createGovernance, idKey, idSchema, type Governance, type SecGovErrorCode, type Store } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { COOKIE_NAME, Signer, cookieHeader, randomPassword, readCookie, type Visitor } from './auth.js';
import { licenseCache, type PageContext, type Reply, type Route } from './context.js';
import { HttpError, backField, fieldsOf, parseFields, readForm, type Fields } from './forms.js';
import { csrfField, html, layout, type Notice, type SafeHtml } from './html.js';
import { accessRoutes } from './pages/access.js';
import { browseRoutes } from './pages/browse.js';
import { homeRoutes } from './pages/home.js';
import { reportRoutes } from './pages/reports.js';
import { sessionRoutes } from './pages/sessions.js';
import { sodRoutes } from './pages/sod.js';
import { versionRoutes } from './pages/versions.js';
import { DEMO_SEED, administrators, demoModel, raiseDemoConflicts } from './seed.js';

/** Options of {@link createConsole}. */
export interface ConsoleOptions {
  /** Where governed state is kept. Default: a new memory store. */
  readonly store?: Store;
  /** The seed of the generated demo model (default 1). */
  readonly seed?: number;
  /** The HMAC key of cookies and CSRF tokens (at least 16 bytes). Default: random per start. */
  readonly secret?: string | Uint8Array;
  /** The console password (demo: one password for every administrator). Default: random per start. */
  readonly password?: string;
  /** Mark cookies `Secure` (set when the console is served over HTTPS). Default false. */
  readonly secureCookies?: boolean;
}

/** A running console. */
export interface AdminConsole {
  /** The governance service the console drives. */
  readonly gov: Governance;
  /** The console clock. */
  readonly clock: ManualClock;
  /** The console password. */
  readonly password: string;
  /** The users who may sign in now (enabled holders of the administrator role). */
  administrators(): string[];
  /** The HTTP server (not listening until {@link AdminConsole.listen}). */
  readonly server: Server;
  /** Start listening; resolves to the console's URL. Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stop listening and close the store. */
  close(): Promise<void>;
}

const routes: readonly Route[] = [...homeRoutes, ...browseRoutes, ...accessRoutes, ...sessionRoutes, ...sodRoutes, ...versionRoutes, ...reportRoutes];

const statusOf: Partial<Record<SecGovErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  LIMIT_EXCEEDED: 400,
  PARSE_FAILED: 400,
  SESSION_INVALID: 400,
  MISSING_REFERENCE: 400,
  DUPLICATE_ID: 409,
  NOT_FOUND: 404,
  NOT_AUTHORIZED: 403,
  IN_USE: 409,
  ROLE_CYCLE: 409,
  CONCURRENT_MODIFICATION: 409,
  SESSION_INVALID_TRANSITION: 409,
  SESSION_NOT_ACTIVE: 409,
  SOD_ROLE_CONFLICT: 409,
  SOD_UNRESOLVED_CONFLICT: 409,
  SIMILARITY_THRESHOLD: 409,
  STORE_FAILURE: 503,
  INTEGRITY_VIOLATION: 500,
};

/** The readable notice of an error: the SecGovError code and message, and every problem. */
export function errorNotice(error: SecGovError): Notice {
  const problems = (error.details.problems ?? []).map((p) => p.message);
  return { tone: 'error', text: `${error.code}: ${error.message}`, details: problems.length > 1 ? problems : [] };
}

/** Whether an Origin header names the host the request was sent to. */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const signInSchema = z.strictObject({ user: idSchema, password: z.string().max(1_000), next: backField });

/**
 * Build the console: generate the demo model, create the governance service over the store (the
 * seed is used only when the store is empty; on a fresh store two SoD conflicts are raised), and
 * the HTTP server.
 */
export async function createConsole(options: ConsoleOptions = {}): Promise<AdminConsole> {
  const seed = options.seed ?? DEMO_SEED;
  const { model, start } = demoModel(seed);
  const clock = new ManualClock(start);
  const gov = await createGovernance({ model, clock, ...(options.store ? { store: options.store } : {}) });
  const admins = administrators(gov);
  const first = admins[0];
  if (first === undefined) throw new SecGovError('NOT_FOUND', 'the model has no enabled administrator to sign in as');
  // A fresh store holds only the initialization entry: raise the demo's conflicts once.
  if ((await gov.auditTrail({ limit: 2 })).length === 1) await raiseDemoConflicts(gov, first);

  const signer = new Signer(options.secret);
  const password = options.password ?? randomPassword();
  const secure = options.secureCookies === true;
  const licenses = licenseCache();
  const flashes = new Map<string, Notice>();
  // Nonces of signed-out cookies: a copy of the cookie kept from before sign-out no longer works.
  const signedOut = new Set<string>();

  const isAdministrator = (user: string): boolean => {
    const m = gov.model();
    if (!m.users.has(idKey(user))) return false;
    const state = gov.effectiveState(user);
    return state.enabled && state.assignments.some((a) => idKey(a.role) === idKey(m.parameters.administratorRole));
  };

  const remember = (visitor: Visitor, notice: Notice) => {
    flashes.delete(visitor.nonce);
    flashes.set(visitor.nonce, notice);
    if (flashes.size > 1_000) flashes.delete(flashes.keys().next().value!);
  };

  function send(res: ServerResponse, status: number, body: string, nonce: string): void {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  }

  function signInPage(visitor: Visitor, nonce: string, path: string, next: string, notice?: Notice): string {
    const body: SafeHtml = html`<form method="post" action="/sign-in" class="card" data-testid="sign-in-form">${csrfField(signer.csrfToken(visitor))}
<input type="hidden" name="next" value="${next}">
<div class="row"><div><label for="user">Administrator</label><input type="text" id="user" name="user" autocomplete="username" required></div>
<div><label for="password">Console password</label><input type="password" id="password" name="password" autocomplete="current-password" required></div></div>
<p><button type="submit">Sign in</button></p></form>
<p class="muted">Demo sign-in: any enabled holder of the administrator role of the generated model (here: ${admins.join(', ')}) with the console password, which <code>npm run console</code> prints when it starts (or set <code>CONSOLE_PASSWORD</code>). See docs/console.md.</p>`;
    return layout({ user: null, csrf: signer.csrfToken(visitor), now: clock.now().toISOString(), path, nonce, notice }, 'Sign in', body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const nonce = randomBytes(12).toString('base64url');
    const method = req.method ?? 'GET';
    if ((req.url ?? '').length > 4_000) return send(res, 414, 'URI too long', nonce);
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const path = url.pathname;

    // The visitor: from the signed cookie, or a new one (its nonce carries the CSRF token of the sign-in form).
    const opened = signer.open(readCookie(req.headers.cookie, COOKIE_NAME));
    const fromCookie = opened && !signedOut.has(opened.nonce) ? opened : null;
    let visitor = fromCookie ?? signer.newVisitor();
    const setVisitor = (v: Visitor) => {
      visitor = v;
      res.setHeader('Set-Cookie', cookieHeader(signer, v, secure));
    };
    if (!fromCookie) setVisitor(visitor);
    const signedIn = visitor.user !== null && isAdministrator(visitor.user);
    const render = (status: number, title: string, body: SafeHtml, notice?: Notice) =>
      send(res, status, layout({ user: signedIn ? visitor.user : null, csrf: signer.csrfToken(visitor), now: clock.now().toISOString(), path: path + url.search, nonce, notice }, title, body), nonce);
    const fail = (status: number, notice: Notice) => render(status, 'Something went wrong', html`<p><a href="/">Back to the dashboard</a></p>`, notice);

    try {
      if (method === 'POST') {
        // Who first (nothing changes without a signed-in administrator), then the body, the
        // same-origin check (browsers send Origin on POST) and the CSRF token of the form.
        if (path !== '/sign-in' && !signedIn) return fail(401, { tone: 'error', text: 'Sign in as an administrator first: nothing was changed.' });
        const form = await readForm(req);
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== 'null' && !sameHost(origin, req.headers.host)) {
          return fail(403, { tone: 'error', text: 'Refused: the form was posted from another site.' });
        }
        if (path === '/sign-in') return await signIn(form);
        if (!fromCookie || !signer.checkCsrf(visitor, form.csrf)) {
          return fail(403, { tone: 'error', text: 'Refused: the form’s security token is missing or wrong (reload the page and try again). Nothing was changed.' });
        }
        if (path === '/sign-out') {
          signedOut.add(visitor.nonce);
          setVisitor(signer.newVisitor());
          return redirectTo('/sign-in', { tone: 'ok', text: 'Signed out.' });
        }
        return await dispatch('POST', form);
      }
      if (method !== 'GET' && method !== 'HEAD') {
        res.setHeader('Allow', 'GET, POST');
        return fail(405, { tone: 'error', text: `Method ${method} is not allowed.` });
      }
      if (path === '/sign-in') {
        const next = parseFields(z.strictObject({ next: backField.optional() }), fieldsOf(url.searchParams), 'sign-in').next ?? '/';
        return send(res, 200, signInPage(visitor, nonce, path, next, takeNotice()), nonce);
      }
      if (path === '/favicon.ico') return send(res, 404, '', nonce);
      if (!signedIn) return redirectTo(`/sign-in?next=${encodeURIComponent(path + url.search)}`);
      return await dispatch('GET', Object.create(null) as Fields);
    } catch (error) {
      if (error instanceof HttpError) return fail(error.status, { tone: 'error', text: error.message });
      if (error instanceof SecGovError) return fail(statusOf[error.code] ?? 400, errorNotice(error));
      if (error instanceof URIError) return fail(400, { tone: 'error', text: 'The address is not valid (bad percent-encoding).' });
      console.error(error);
      return fail(500, { tone: 'error', text: 'Internal error: see the server log.' });
    }

    function takeNotice(): Notice | undefined {
      const notice = flashes.get(visitor.nonce);
      flashes.delete(visitor.nonce);
      return notice;
    }

    function redirectTo(to: string, notice?: Notice): void {
      if (notice) remember(visitor, notice);
      res.writeHead(303, { Location: to, 'Cache-Control': 'no-store' });
      res.end();
    }

    async function signIn(form: Fields): Promise<void> {
      if (!fromCookie || !signer.checkCsrf(visitor, form.csrf)) {
        return fail(403, { tone: 'error', text: 'Refused: the sign-in form’s security token is missing or wrong. Reload the sign-in page and try again.' });
      }
      const f = parseFields(signInSchema, form, 'sign-in');
      const passwordOk = signer.sameSecret(f.password, password);
      if (!passwordOk || !isAdministrator(f.user)) {
        // One message for every failure: do not tell which part was wrong.
        return send(res, 401, signInPage(visitor, nonce, path, f.next, { tone: 'error', text: 'Sign-in failed: unknown user, wrong password, or not an enabled administrator.' }), nonce);
      }
      const user = gov.model().users.get(idKey(f.user))!.id;
      setVisitor(signer.newVisitor(user));
      return redirectTo(f.next, { tone: 'ok', text: `Signed in as ${user}.` });
    }

    async function dispatch(want: 'GET' | 'POST', form: Fields): Promise<void> {
      let allowed = false;
      for (const route of routes) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        allowed = true;
        if (route.method !== want) continue;
        const ctx: PageContext = {
          gov,
          clock,
          user: visitor.user!,
          csrf: signer.csrfToken(visitor),
          url,
          params: match.slice(1).map((p) => decodeURIComponent(p)),
          query: fieldsOf(url.searchParams),
          form,
          licenses: (m) => licenses(m ?? gov.model()),
          now: () => clock.now().toISOString(),
        };
        return reply(await route.handle(ctx));
      }
      if (allowed) return fail(405, { tone: 'error', text: `${want} is not allowed on ${path}.` });
      return fail(404, { tone: 'error', text: `There is no page at ${path}.` });
    }

    async function reply(r: Reply): Promise<void> {
      switch (r.type) {
        case 'redirect':
          return redirectTo(r.to, r.notice);
        case 'page':
          return render(r.status ?? 200, r.title, r.body, r.notice ?? takeNotice());
        case 'file': {
          // Pull the first chunk before the headers, so an error becomes an error page.
          const iterator = r.body[Symbol.iterator]();
          const first = iterator.next();
          const isHtml = r.contentType.startsWith('text/html');
          res.writeHead(200, {
            'Content-Type': r.contentType,
            'Content-Disposition': `${isHtml ? 'inline' : 'attachment'}; filename="${r.name}"`,
            'Content-Security-Policy': isHtml
              ? "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
              : "default-src 'none'; sandbox",
            'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'no-store',
          });
          if (method === 'HEAD') return void res.end();
          for (let chunk = first; !chunk.done; chunk = iterator.next()) {
            if (!res.write(chunk.value)) await new Promise((resolve) => res.once('drain', resolve));
          }
          res.end();
          return;
        }
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  return {
    gov,
    clock,
    password,
    administrators: () => administrators(gov),
    server,
    listen(port = 3000, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shown}:${address.port}`);
        });
      });
    },
    async close() {
      if (server.listening) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await options.store?.close?.();
    },
  };
}
