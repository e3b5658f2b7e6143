/**
 * The admin console over plain HTTP: authentication (nothing changes without a signed-in
 * administrator), CSRF, the signed cookie, input validation with readable errors, escaping, and
 * the PostgreSQL store (on PGlite, in process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type AdminConsole } from '../../examples/admin-console/app.js';
import { migrate, postgresStore } from '../../src/postgres.js';
import { pglitePool } from '../adapters/postgres/pglite-pool.js';
import { ConsoleClient, textOf } from './client.js';

const PASSWORD = 'correct horse battery staple';

let app: AdminConsole;
let base: string;

beforeAll(async () => {
  app = await createConsole({ password: PASSWORD, secret: 'test-secret-of-at-least-16-bytes' });
  base = await app.listen(0);
});

afterAll(async () => {
  await app?.close();
});

/** A user who may not sign in: enabled, without the administrator role. */
function ordinaryUser(): string {
  const model = app.gov.model();
  const admins = new Set(app.administrators().map((a) => a.toLowerCase()));
  return [...model.users.values()].find((u) => u.enabled && !admins.has(u.id.toLowerCase()))!.id;
}

function sessionForm(csrf: string, extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const start = new Date(app.clock.now().getTime() + 3_600_000).toISOString().slice(0, 16);
  const end = new Date(app.clock.now().getTime() + 50 * 3_600_000).toISOString().slice(0, 16);
  return { csrf, user: ordinaryUser(), roles: ['LedgerAgent'], type: 'merge', start, end, justification: '', ticket: '', organization: '', ...extra };
}

describe('authentication', () => {
  it('sends a visitor without a cookie to the sign-in page', async () => {
    const client = new ConsoleClient(base);
    const page = await client.request('/sessions');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Fsessions');
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses a state-changing POST without a session cookie (401) and changes nothing', async () => {
    const before = (await app.gov.listSessions()).length;
    const now = app.clock.now().toISOString();
    const client = new ConsoleClient(base);
    for (const [path, form] of [
      ['/sessions/temporary', sessionForm('x')],
      ['/clock', { advance: '1 day', back: '/' }],
      ['/process', { back: '/' }],
      ['/versions', { name: 'v' }],
      ['/sod/conflicts/SOD-000001', { decision: 'allow', reason: 'no' }],
    ] as const) {
      const page = await client.post(path, form as Record<string, string | string[]>);
      expect(page.status, path).toBe(401);
      expect(textOf(page.text)).toContain('Sign in as an administrator first');
    }
    expect((await app.gov.listSessions()).length).toBe(before);
    expect(app.clock.now().toISOString()).toBe(now);
    expect(await app.gov.listVersions()).toHaveLength(0);
  });

  it('refuses a POST from a visitor who has a cookie but is not signed in (401)', async () => {
    const client = new ConsoleClient(base);
    const form = await client.request('/sign-in');
    const page = await client.post('/clock', { csrf: ConsoleClient.csrf(form), advance: '1 day', back: '/' });
    expect(page.status).toBe(401);
  });

  it('signs in an administrator with the console password, and nobody else', async () => {
    const client = new ConsoleClient(base);
    const csrf = ConsoleClient.csrf(await client.request('/sign-in'));
    const wrong = await client.post('/sign-in', { csrf, user: 'admin', password: 'guess', next: '/' });
    expect(wrong.status).toBe(401);
    expect(textOf(wrong.text)).toContain('Sign-in failed');
    const notAdmin = await client.post('/sign-in', { csrf, user: ordinaryUser(), password: PASSWORD, next: '/' });
    expect(notAdmin.status).toBe(401);
    // ygupta holds the administrator role in the generated model but is disabled.
    const disabled = await client.post('/sign-in', { csrf, user: 'ygupta', password: PASSWORD, next: '/' });
    expect(disabled.status).toBe(401);
    const unknown = await client.post('/sign-in', { csrf, user: 'nobody', password: PASSWORD, next: '/' });
    expect(unknown.status).toBe(401);
    const noToken = await client.post('/sign-in', { user: 'admin', password: PASSWORD, next: '/' });
    expect(noToken.status).toBe(403);
    const ok = await client.post('/sign-in', { csrf, user: 'ADMIN', password: PASSWORD, next: '/users' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/users');
    const page = await client.request('/users');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Signed in as admin');
  });

  it('never redirects off-site after sign-in', async () => {
    const client = new ConsoleClient(base);
    const csrf = ConsoleClient.csrf(await client.request('/sign-in'));
    const ok = await client.post('/sign-in', { csrf, user: 'admin', password: PASSWORD, next: '//evil.example/' });
    expect(ok.headers.get('location')).toBe('/');
  });

  it('refuses a POST with a missing, wrong or foreign CSRF token (403) and changes nothing', async () => {
    const client = new ConsoleClient(base);
    await client.signIn('admin', PASSWORD);
    const other = new ConsoleClient(base);
    const foreign = await other.signIn('admin', PASSWORD);
    const now = app.clock.now().toISOString();
    for (const csrf of [undefined, 'wrong', foreign]) {
      const page = await client.post('/clock', { ...(csrf === undefined ? {} : { csrf }), advance: '1 week', back: '/' });
      expect(page.status, String(csrf)).toBe(403);
      expect(textOf(page.text)).toContain('security token is missing or wrong');
    }
    expect(app.clock.now().toISOString()).toBe(now);
  });

  it('refuses a POST whose Origin is another site (403)', async () => {
    const client = new ConsoleClient(base);
    const csrf = await client.signIn('admin', PASSWORD);
    const page = await client.post('/versions', { csrf, name: 'from elsewhere' }, { origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect(await app.gov.listVersions()).toHaveLength(0);
  });

  it('ignores a tampered cookie', async () => {
    const client = new ConsoleClient(base);
    const anonymous = new ConsoleClient(base);
    await anonymous.request('/sign-in');
    const [payload, signature] = anonymous.cookie!.split('.');
    const data = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    client.cookie = `${Buffer.from(JSON.stringify({ ...data, u: 'admin' })).toString('base64url')}.${signature}`;
    const page = await client.request('/');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/sign-in/);
  });

  it('signs out, and the old cookie no longer works', async () => {
    const client = new ConsoleClient(base);
    const csrf = await client.signIn('admin', PASSWORD);
    const old = client.cookie;
    const out = await client.post('/sign-out', { csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/sign-in');
    const replay = new ConsoleClient(base);
    replay.cookie = old;
    expect((await replay.request('/')).status).toBe(303);
    expect((await replay.post('/clock', { csrf, advance: '1 day', back: '/' })).status).toBe(401);
  });

  it('sends security headers with every page', async () => {
    const client = new ConsoleClient(base);
    await client.signIn('admin', PASSWORD);
    const page = await client.request('/');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'nonce-[\w-]+'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('input validation and errors', () => {
  let client: ConsoleClient;
  let csrf: string;

  beforeAll(async () => {
    client = new ConsoleClient(base);
    csrf = await client.signIn('admin', PASSWORD);
  });

  it('shows every problem of an invalid session form as a readable message (400)', async () => {
    const before = (await app.gov.listSessions()).length;
    const page = await client.post('/sessions/temporary', sessionForm(csrf, { roles: [], type: 'sometimes', start: 'tomorrow' }));
    expect(page.status).toBe(400);
    const text = textOf(page.text);
    expect(text).toContain('VALIDATION_FAILED');
    expect(text).toMatch(/type: Invalid option/i);
    expect(text).toContain('start: must be a date and time');
    expect((await app.gov.listSessions()).length).toBe(before);
  });

  it('reports a rule of the library (end before start) with its SecGovError code', async () => {
    const start = new Date(app.clock.now().getTime() + 5 * 3_600_000).toISOString().slice(0, 16);
    const end = new Date(app.clock.now().getTime() + 2 * 3_600_000).toISOString().slice(0, 16);
    const page = await client.post('/sessions/temporary', sessionForm(csrf, { start, end }));
    expect(page.status).toBe(400);
    expect(textOf(page.text)).toContain('SESSION_INVALID');
  });

  it('refuses unexpected fields, including __proto__, without polluting anything', async () => {
    const page = await client.post('/sessions/temporary', sessionForm(csrf, { isAdmin: 'yes' }));
    expect(page.status).toBe(400);
    expect(textOf(page.text)).toMatch(/unexpected field\(s\): .*isAdmin/);
    const raw = await client.request('/sessions/temporary', { method: 'POST', body: `csrf=${encodeURIComponent(csrf)}&__proto__%5Bpolluted%5D=1&constructor=x`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(raw.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers an unknown id with NOT_FOUND and a bad right with VALIDATION_FAILED', async () => {
    const unknown = await client.request('/access?user=nobody-here&entryPoint=menu-item-display%3ANothing&right=read');
    expect(unknown.status).toBe(404);
    expect(textOf(unknown.text)).toContain('NOT_FOUND');
    const badRight = await client.request('/access?user=admin&entryPoint=x&right=fly');
    expect(badRight.status).toBe(400);
    expect(textOf(badRight.text)).toContain('VALIDATION_FAILED: access question: right:');
    const role = await client.request('/roles/NoSuchRole');
    expect(role.status).toBe(404);
    expect(textOf(role.text)).toContain('NOT_FOUND: role "NoSuchRole" does not exist');
    const badEncoding = await client.request('/roles/%E0%A4%A');
    expect(badEncoding.status).toBe(400);
  });

  it('refuses a body that is too large (413) or not a form (415)', async () => {
    const big = await client.post('/versions', { csrf, name: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    const json = await client.request('/versions', { method: 'POST', body: JSON.stringify({ csrf, name: 'v' }), headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(415);
    expect(await app.gov.listVersions()).toHaveLength(0);
  });

  it('validates report downloads and serves CSV as an attachment', async () => {
    expect((await client.request('/reports/download?report=nope')).status).toBe(400);
    expect((await client.request('/reports/download?report=separation&format=exe')).status).toBe(400);
    const missingUser = await client.request('/reports/download?report=security-analysis&format=json');
    expect(missingUser.status).toBe(400);
    const csv = await client.request('/reports/download?report=license-usage&by=role&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="secgov-license-usage-by-role-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^Role/);
    const compliance = JSON.parse((await client.request('/reports/download?report=compliance')).text) as { users: number };
    expect(compliance.users).toBe(app.gov.model().users.size);
  });

  it('escapes what users typed', async () => {
    const created = await client.post('/sessions/temporary', sessionForm(csrf, { justification: '<script>alert("owned")</script>', ticket: 'T-1' }));
    expect(created.status).toBe(303);
    const page = await client.request(created.headers.get('location')!);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
  });

  it('answers an unknown page with 404 and another method with 405', async () => {
    expect((await client.request('/nowhere')).status).toBe(404);
    expect((await client.request('/roles', { method: 'DELETE' })).status).toBe(405);
    expect((await client.post('/roles', { csrf })).status).toBe(405);
  });
});

describe('PostgreSQL store', () => {
  it('runs on secgov/postgres (PGlite in process) and keeps state across a restart', async () => {
    const pool = await pglitePool();
    try {
      await migrate(pool);
      const first = await createConsole({ store: postgresStore({ pool, endPoolOnClose: false }), password: PASSWORD });
      const url = await first.listen(0);
      const client = new ConsoleClient(url);
      const csrf = await client.signIn('admin', PASSWORD);
      const created = await client.post('/versions', { csrf, name: 'Kept in PostgreSQL' });
      expect(created.status).toBe(303);
      const conflicts = first.gov.conflicts().length;
      expect(conflicts).toBeGreaterThan(0);
      await first.close();

      const second = await createConsole({ store: postgresStore({ pool, endPoolOnClose: false }), password: PASSWORD });
      try {
        const again = new ConsoleClient(await second.listen(0));
        await again.signIn('admin', PASSWORD);
        expect(textOf((await again.request('/versions')).text)).toContain('Kept in PostgreSQL');
        // The demo conflicts are raised once, on the empty store only.
        expect(second.gov.conflicts()).toHaveLength(conflicts);
      } finally {
        await second.close();
      }
    } finally {
      await pool.end();
    }
  }, 180_000);
});
