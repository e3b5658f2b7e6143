/**
 * The admin console in a real headless Chromium (playwright-core driving Debian's chromium): a
 * scripted walk through every screen, asserting what an administrator sees, with screenshots
 * saved to docs/images/console-*.png with UPDATE_SCREENSHOTS=1 (else to a temporary folder). Skipped, saying so, when no Chromium is installed.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type AdminConsole } from '../../examples/admin-console/app.js';
import { compileLicenses, entryPointId, idKey, type SecurityModel } from '../../src/index.js';

const PASSWORD = 'browser-walk-password';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Screenshots go to docs/images/ only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
const images = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs', 'images') : join(tmpdir(), 'secgov-console-screenshots');

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);
const executable = candidates.find((p) => existsSync(p));
if (!executable) {
  console.warn(`console browser walk skipped: no Chromium found (looked at ${candidates.join(', ')}; set CHROMIUM_PATH, or: sudo apt-get install -y chromium)`);
}

/** Enabled users without the administrator role. */
function ordinaryUsers(model: SecurityModel): string[] {
  const admin = idKey(model.parameters.administratorRole);
  const admins = new Set([...model.assignments.values()].filter((a) => idKey(a.role) === admin).map((a) => idKey(a.user)));
  return [...model.users.values()].filter((u) => u.enabled && !admins.has(idKey(u.id))).map((u) => u.id);
}

describe.skipIf(!executable)(`admin console in Chromium${executable ? '' : ' (skipped: no Chromium found)'}`, () => {
  let app: AdminConsole;
  let base: string;
  let browser: Browser;
  let page: Page;

  const shot = async (name: string, fullPage = false) => {
    await page.screenshot({ path: join(images, `console-${name}.png`), fullPage });
  };
  const notice = () => page.getByTestId('notice');
  const clockText = () => page.getByTestId('clock').innerText();

  beforeAll(async () => {
    mkdirSync(images, { recursive: true });
    app = await createConsole({ password: PASSWORD });
    base = await app.listen(0);
    browser = await chromium.launch({ executablePath: executable!, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs an administrator in', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect.poll(() => page.locator('h1').innerText()).toBe('Sign in');
    await shot('sign-in');
    await page.fill('#user', 'admin');
    await page.fill('#password', 'not the password');
    await page.click('button:has-text("Sign in")');
    expect(await notice().innerText()).toContain('Sign-in failed');
    await page.fill('#user', 'admin');
    await page.fill('#password', PASSWORD);
    await page.click('button:has-text("Sign in")');
    expect(await page.getByTestId('who').innerText()).toBe('admin');
    expect(await notice().innerText()).toContain('Signed in as admin');
    expect(await page.locator('h1').innerText()).toBe('Dashboard');
    expect(Number(await page.getByTestId('dashboard-unresolved').innerText())).toBeGreaterThan(0);
    await shot('dashboard');
  });

  it('browses roles → duties → privileges → entry points with their licences', async () => {
    const model = app.gov.model();
    const licenses = compileLicenses(model);
    const role = model.roles.get(idKey('LedgerAgent'))!;
    const duty = model.duties.get(idKey(role.duties[0]!))!;
    const privilege = model.privileges.get(idKey(duty.privileges[0]!))!;
    const grant = privilege.grants[0]!;
    const entryPoint = model.entryPoints.get(idKey(grant.entryPoint))!;

    await page.click('header >> text=Roles');
    expect(await page.getByTestId('roles').innerText()).toContain('LedgerAgent');
    await shot('roles');
    await page.getByTestId('roles').locator('a', { hasText: /^LedgerAgent$/ }).click();
    expect(await page.locator('h1').innerText()).toBe('Role LedgerAgent');
    const roleLicense = await page.getByTestId('license').innerText();
    expect(roleLicense).toContain(licenses.ofRole(role.id).base!);
    expect(await page.getByTestId('contents').innerText()).toContain(duty.id);
    await shot('role');

    await page.getByTestId('contents').locator('a', { hasText: new RegExp(`^${duty.id}$`) }).click();
    expect(await page.locator('h1').innerText()).toBe(`Duty ${duty.id}`);
    const dutyNeeds = licenses.ofDuty(duty.id);
    expect(await page.getByTestId('license').innerText()).toContain(dutyNeeds.base ?? 'none');

    await page.getByTestId('contents').locator('a', { hasText: new RegExp(`^${privilege.id}$`) }).click();
    expect(await page.locator('h1').innerText()).toBe(`Privilege ${privilege.id}`);
    const grants = await page.getByTestId('grants').innerText();
    expect(grants).toContain(grant.entryPoint);
    await shot('privilege', true);

    await page.getByTestId('grants').locator('a', { hasText: grant.entryPoint }).first().click();
    expect(await page.locator('h1').innerText()).toBe(`Entry point ${entryPointId(entryPoint)}`);
    const details = await page.getByTestId('entry-point').innerText();
    expect(details).toContain(`Licence to view (read)\t${entryPoint.viewLicense}`);
    expect(details).toContain(`Licence to maintain (write)\t${entryPoint.maintainLicense}`);
  });

  it('answers "can this user do this?" with the explanation', async () => {
    const model = app.gov.model();
    const access = app.gov.access();
    const user = ordinaryUsers(model).find((u) => access.rightsOf(u).some((r) => r.allowed.includes('read')))!;
    const allowed = access.rightsOf(user).find((r) => r.allowed.includes('read'))!;
    const explanation = app.gov.explain(user, allowed.entryPoint, 'read');

    await page.click('header >> text=Access check');
    await page.fill('#user', user);
    await page.fill('#entryPoint', allowed.entryPoint);
    await page.selectOption('#right', 'read');
    await page.click('button:has-text("Check and explain")');
    expect(await page.getByTestId('verdict').innerText()).toBe(`Yes: ${user} may read ${allowed.entryPoint} in any organization.`);
    const deciding = await page.getByTestId('deciding').innerText();
    expect(deciding).toContain(explanation.deciding[0]!.privilege);
    expect(deciding).toContain(explanation.deciding[0]!.roles[0]!);
    await shot('access-yes', true);

    const reached = new Set(access.rightsOf(user).map((r) => idKey(r.entryPoint)));
    const missing = [...model.entryPoints.values()].map(entryPointId).find((id) => id.startsWith('menu-item-display:') && !reached.has(idKey(id)))!;
    await page.fill('#entryPoint', missing);
    await page.click('button:has-text("Check and explain")');
    expect(await page.getByTestId('verdict').innerText()).toMatch(new RegExp(`^No: ${user} may not read`));
    expect(await page.getByTestId('reason').innerText()).toContain('no grant');
    await expect.poll(() => page.getByTestId('granters').count()).toBe(1);
    await shot('access-no', true);
  });

  it('runs a temporary role session: create, approve, process, sign-ins, end, and its three logs', async () => {
    const model = app.gov.model();
    const admin = idKey(model.parameters.administratorRole);
    // A user and a role they lack whose duties raise no SoD risk with theirs.
    let story: { user: string; role: string } | undefined;
    for (const user of ordinaryUsers(model).slice(20)) {
      const held = new Set([...model.assignments.values()].filter((a) => idKey(a.user) === idKey(user)).map((a) => idKey(a.role)));
      const role = [...model.roles.values()].find(
        (r) => idKey(r.id) !== admin && !held.has(idKey(r.id)) && r.duties.length > 0 && app.gov.simulate(user, [{ op: 'assign', assignment: { user, role: r.id } }]).added.length === 0,
      );
      if (role) {
        story = { user, role: role.id };
        break;
      }
    }
    expect(story).toBeDefined();
    const { user, role } = story!;

    await page.click('header >> text=Sessions');
    const form = page.getByTestId('temporary-form');
    await form.locator('#t-user').fill(user);
    await form.locator('#t-roles').selectOption(role);
    await form.locator('#t-type').selectOption('merge');
    await form.locator('#t-justification').fill('Covering for a colleague on leave');
    await form.locator('#t-ticket').fill('CHG-1001');
    await form.locator('button:has-text("Create draft")').click();
    expect(await notice().innerText()).toMatch(/^Draft \S+ created\.$/);
    expect(await page.getByTestId('status').innerText()).toBe('draft');
    const id = (await page.locator('h1').innerText()).replace('Session ', '');

    await page.click('button:has-text("Approve")');
    expect(await notice().innerText()).toBe(`${id}: draft → planned.`);
    await page.click('button:has-text("Process now")');
    expect(await notice().innerText()).toContain(`${id} is still planned (nothing is due`);

    const before = await clockText();
    await page.getByTestId('clockbar').locator('button:has-text("+1 hour")').click();
    expect(await clockText()).not.toBe(before);
    await page.click('button:has-text("Process now")');
    expect(await notice().innerText()).toBe(`${id}: planned → active.`);
    expect(await page.getByTestId('roles-now').innerText()).toContain(role);

    await page.click(`button:has-text("Sign ${user} in")`);
    expect(await notice().innerText()).toContain(`${user} signed in`);
    await page.getByTestId('clockbar').locator('button:has-text("+1 hour")').click();
    await page.click(`button:has-text("Sign ${user} out")`);
    expect(await notice().innerText()).toBe(`${user} signed out.`);
    expect(await page.getByTestId('user-log').innerText()).toContain('60 min');

    await page.getByTestId('clockbar').locator('button:has-text("+1 week")').click();
    await page.getByTestId('clockbar').locator('button:has-text("Run session processor")').click();
    expect(await notice().innerText()).toContain(`ended ${id}`);
    expect(await page.getByTestId('status').innerText()).toBe('ended');
    expect(await page.getByTestId('roles-now').innerText()).not.toContain(role);

    const audit = await page.getByTestId('audit-log').innerText();
    for (const event of ['create', 'approve', 'start', 'end']) expect(audit).toContain(event);
    expect(audit).toContain('processor');
    const roleLog = await page.getByTestId('role-log').innerText();
    expect(roleLog).toContain('session-granted');
    expect(roleLog).toContain('session-removed');
    expect(await page.getByTestId('session-ended').innerText()).not.toBe('—');
    expect(await page.getByTestId('justification').innerText()).toBe('Covering for a colleague on leave');
    await shot('session', true);
  });

  it('creates and approves a privileged session for a disabled account', async () => {
    const model = app.gov.model();
    const account = [...model.users.values()].find((u) => !u.enabled && !app.administrators().includes(u.id))!.id;
    await page.click('header >> text=Sessions');
    const form = page.getByTestId('privileged-form');
    await form.locator('#p-user').fill(account);
    await form.locator('#p-account').selectOption('enable');
    await form.locator('#p-justification').fill('Incident INC-4711');
    await form.locator('button:has-text("Create draft")').click();
    expect(await page.locator('h1').innerText()).toMatch(/^Session /);
    await page.click('button:has-text("Approve")');
    expect(await notice().innerText()).toMatch(/draft → approved\.$/);
    expect(await page.getByTestId('session').innerText()).toContain('privileged');
  });

  it('shows SoD conflicts and compliance, and allows or denies conflicts with a reason', async () => {
    const unresolved = app.gov.conflicts({ status: 'unresolved' });
    expect(unresolved.length).toBeGreaterThanOrEqual(2);
    const [first, second] = unresolved as [(typeof unresolved)[number], (typeof unresolved)[number]];

    await page.click('header >> text=SoD');
    expect(await page.getByTestId('unresolved-count').innerText()).toBe(String(unresolved.length));
    expect(await page.getByTestId(`resolve-${first.id}`).innerText()).toContain(`${first.id} unresolved`);
    expect(await page.getByTestId('violations').innerText()).toContain('via');
    await shot('sod');

    const allow = page.getByTestId(`resolve-${first.id}`);
    await allow.locator('input[name=reason]').fill('Month-end cover');
    await allow.locator('input[name=mitigation]').fill('Controller reviews every posting');
    await allow.locator('button:has-text("Allow")').click();
    expect(await notice().innerText()).toBe(`Conflict ${first.id} allowed: ${first.role} for ${first.user}.`);
    expect(await page.getByTestId('overridden').innerText()).toContain(first.user);

    const deny = page.getByTestId(`resolve-${second.id}`);
    await deny.locator('input[name=reason]').fill('Not needed for the job');
    await deny.locator('button:has-text("Deny")').click();
    expect(await notice().innerText()).toBe(`Conflict ${second.id} denied: ${second.role} for ${second.user}.`);
    expect(await page.getByTestId('unresolved-count').innerText()).toBe(String(unresolved.length - 2));
    const conflicts = await page.getByTestId('conflicts').innerText();
    expect(conflicts).toContain('Month-end cover');
    expect(conflicts).toContain('Not needed for the job');
    await shot('sod-decided');
  });

  it('creates two versions around a role assignment and compares them', async () => {
    const model = app.gov.model();
    const admin = idKey(model.parameters.administratorRole);
    let change: { user: string; role: string } | undefined;
    for (const user of ordinaryUsers(model).slice(60)) {
      const held = new Set([...model.assignments.values()].filter((a) => idKey(a.user) === idKey(user)).map((a) => idKey(a.role)));
      const role = [...model.roles.values()].find((r) => idKey(r.id) !== admin && !held.has(idKey(r.id)) && app.gov.simulate(user, [{ op: 'assign', assignment: { user, role: r.id } }]).added.length === 0);
      if (role) {
        change = { user, role: role.id };
        break;
      }
    }
    const { user, role } = change!;

    await page.click('header >> text=Versions');
    await page.fill('#v-name', 'Before the review');
    await page.click('button:has-text("Create version")');
    expect(await notice().innerText()).toMatch(/^Version \S+ "Before the review" created/);

    await page.goto(`${base}/users/${encodeURIComponent(user)}`);
    await page.getByTestId('assign-form').locator('#role').selectOption(role);
    await page.getByTestId('assign-form').locator('#reason').fill('Access review');
    await page.getByTestId('assign-form').locator('button:has-text("Assign")').click();
    expect(await notice().innerText()).toBe(`${role} assigned to ${user}.`);
    expect(await page.getByTestId('assignments').innerText()).toContain(role);

    await page.click('header >> text=Versions');
    await page.fill('#v-name', 'After the review');
    await page.click('button:has-text("Create version")');
    expect(await page.getByTestId('versions').innerText()).toContain('After the review');
    // The form preselects the two latest versions.
    await page.getByTestId('compare-form').locator('button:has-text("Compare")').click();
    const entries = await page.getByTestId('comparison-entries').innerText();
    expect(entries).toContain('assignment');
    expect(entries).toContain(`${user}`);
    expect(entries).toContain('added');
    await page.locator('summary:has-text("As text")').click();
    expect(await page.getByTestId('comparison-text').innerText()).toMatch(/assignment .*: added/);
    await shot('versions', true);
  });

  it('downloads reports', async () => {
    await page.click('header >> text=Reports');
    expect(await page.getByTestId('reports').innerText()).toContain('Licence usage by user');
    await shot('reports');

    const row = page.getByTestId('reports').locator('tr', { hasText: 'Licence usage by user' });
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a:has-text("CSV")').click()]);
    expect(download.suggestedFilename()).toMatch(/^secgov-license-usage-by-user-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^User/);
    expect(csv.split('\r\n').length).toBeGreaterThan(100);

    await page.getByTestId('reports').locator('tr', { hasText: 'SoD conflicts and roles' }).locator('a:has-text("HTML")').click();
    expect(await page.locator('h1').first().innerText()).toBe('Segregation of duties conflicts');
    await shot('report-sod');
    await page.goBack();

    const compliance = await page.request.get(`${base}/reports/download?report=compliance`);
    expect(compliance.status()).toBe(200);
    expect(((await compliance.json()) as { users: number }).users).toBe(app.gov.model().users.size);
  });

  it('shows errors as readable messages', async () => {
    await page.goto(`${base}/access?user=nobody-by-that-name&entryPoint=menu-item-display%3ALedgerJournalTable&right=read`);
    const text = await notice().innerText();
    expect(text).toMatch(/^NOT_FOUND: .*nobody-by-that-name/);
    await shot('error');

    await page.click('header >> text=Sessions');
    const form = page.getByTestId('temporary-form');
    await form.locator('#t-user').fill(ordinaryUsers(app.gov.model())[0]!);
    await form.locator('#t-roles').selectOption('LedgerAgent');
    await form.locator('#t-start').fill('2025-06-02T10:00');
    await form.locator('#t-end').fill('2025-06-01T10:00');
    await form.locator('button:has-text("Create draft")').click();
    expect(await notice().innerText()).toMatch(/^SESSION_INVALID: /);
  });

  it('verifies the audit trail and signs out', async () => {
    await page.click('header >> text=Audit trail');
    expect(await page.getByTestId('audit-verification').innerText()).toMatch(/^verified \d+ entries/);
    expect(await page.getByTestId('audit-trail').innerText()).toContain('resolveConflict');
    await shot('audit');
    await page.click('header button:has-text("Sign out")');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await notice().innerText()).toBe('Signed out.');
    await page.goto(`${base}/sod`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
