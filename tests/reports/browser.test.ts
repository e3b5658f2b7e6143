/**
 * The HTML reports in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * the page renders without console errors or network requests, sorting and filtering work, and
 * the chart is drawn. Skips, saying why, when no Chromium is installed (`.ci/run` installs it).
 *
 * `UPDATE_SCREENSHOTS=1 npx vitest run tests/reports/browser.test.ts` also writes the screenshots
 * of docs/reports.md into docs/images/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyChanges,
  licenseUsageReport,
  renderReportToString,
  sodConflictsReport,
  userAgingReport,
  type ReportDocument,
} from '../../src/index.js';
import { generateModel, generatedReferenceDate, generateSodRules } from '../../src/testing/index.js';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const executable = candidates.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
if (!executable) {
  console.warn('tests/reports/browser.test.ts: SKIPPED: no Chromium found (looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome). Install it with `apt-get install -y chromium`.');
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(root, 'docs/images') : path.join(os.tmpdir(), 'secgov-report-screenshots');

describe.skipIf(!executable)('HTML reports in headless Chromium', () => {
  let browser: Browser;
  const seed = 3;
  const at = generatedReferenceDate(seed);
  let model = generateModel({ seed, size: 'small' });
  model = applyChanges(model, generateSodRules(model, { count: 20, seed }).map((value) => ({ op: 'add' as const, kind: 'sodRule' as const, value })));

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: executable!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Open a report; collect console errors, page errors and every request the page makes. */
  async function open(report: ReportDocument): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/*', (route) => route.abort());
    await page.setContent(renderReportToString(report, 'html'), { waitUntil: 'load' });
    return { page, errors, requests };
  }

  const columnTexts = (page: Page, table: string, key: string) =>
    page.$$eval(`#table-${table} tbody tr:not([hidden])`, (rows, k) => {
      const heads = [...(rows[0]?.closest('table')?.querySelectorAll('thead th') ?? [])];
      const index = heads.findIndex((h) => h.getAttribute('data-key') === k);
      return rows.map((r) => (r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells[index]!.textContent ?? '');
    }, key);

  it('SoD conflicts: renders cleanly, chart drawn, filter and sort work', async () => {
    const report = sodConflictsReport(model, { at });
    expect(report.conflicts.length).toBeGreaterThan(10);
    const { page, errors, requests } = await open(report);
    expect(await page.title()).toBe('Segregation of duties conflicts');
    const bars = await page.$$eval('svg.chart rect.bar', (rects) => rects.map((r) => (r as unknown as { getBBox(): { width: number } }).getBBox().width));
    expect(bars.length).toBeGreaterThan(0);
    expect(Math.min(...bars)).toBeGreaterThan(0);
    expect(await page.locator('#table-conflicts tbody tr').count()).toBe(report.conflicts.length);
    await expect.poll(() => page.locator('#table-conflicts .count').textContent()).toBe(`${report.conflicts.length} rows`);

    // Filter: every word must match somewhere in the row.
    const severity = 'critical';
    const user = report.conflicts.find((c) => c.severity === severity)!.user;
    const expected = report.conflicts.filter((c) => c.severity === severity && c.user === user).length;
    await page.fill('#table-conflicts input[type=search]', `${severity} ${user}`);
    await expect.poll(() => page.locator('#table-conflicts tbody tr:not([hidden])').count()).toBe(expected);
    await expect.poll(() => page.locator('#table-conflicts .count').textContent()).toBe(`${expected} of ${report.conflicts.length} rows`);
    await page.fill('#table-conflicts input[type=search]', '');
    await expect.poll(() => page.locator('#table-conflicts tbody tr:not([hidden])').count()).toBe(report.conflicts.length);

    // Sort by rule, then reverse.
    await page.click('#table-conflicts th[data-key=rule] button');
    const rules = await columnTexts(page, 'conflicts', 'rule');
    expect(rules).toEqual([...rules].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
    expect(await page.getAttribute('#table-conflicts th[data-key=rule]', 'aria-sort')).toBe('ascending');
    await page.click('#table-conflicts th[data-key=rule] button');
    expect(await columnTexts(page, 'conflicts', 'rule')).toEqual([...rules].reverse());
    await page.click('#table-conflicts th[data-key=user] button');
    await page.screenshot({ path: path.join(shots, 'sod-conflicts.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('licence usage: totals chart drawn, numeric sort', async () => {
    const report = licenseUsageReport(model, { by: 'user' });
    const { page, errors, requests } = await open(report);
    const bars = await page.$$eval('svg[data-chart=license-totals] rect.bar', (rects) => rects.length);
    expect(bars).toBe(report.totals.reduce((n, t) => n + (t.base > 0 ? 1 : 0) + (t.attach > 0 ? 1 : 0), 0));
    await page.click('#table-users th[data-key=roles] button');
    const roles = (await columnTexts(page, 'users', 'roles')).map(Number);
    expect(roles).toEqual([...roles].sort((a, b) => a - b));
    await page.click('#table-users th[data-key=roles] button');
    const down = (await columnTexts(page, 'users', 'roles')).map(Number);
    expect(down).toEqual([...roles].sort((a, b) => b - a));
    await page.fill('#table-users input[type=search]', 'no');
    await expect.poll(() => page.locator('#table-users tbody tr:not([hidden])').count()).toBeLessThan(report.rows.length);
    await page.fill('#table-users input[type=search]', '');
    await page.click('#table-users th[data-key=user] button');
    await page.screenshot({ path: path.join(shots, 'license-usage.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('user aging: chart of the seven buckets, numbers sort numerically (-1 for never)', async () => {
    const report = userAgingReport(model, { at });
    const { page, errors, requests } = await open(report);
    expect(await page.$$eval('svg[data-chart=aging-buckets] > text', (t) => t.map((x) => x.textContent))).toEqual(expect.arrayContaining(report.buckets.map((b) => b.bucket)));
    await page.click('#table-users th[data-key=daysSinceSignIn] button');
    const days = (await columnTexts(page, 'users', 'daysSinceSignIn')).map(Number);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(days[0]).toBe(report.users.some((u) => u.daysSinceSignIn < 0) ? -1 : Math.min(...days));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('hostile values stay text: no script runs from report data', async () => {
    const hostile = applyChanges(model, [{ op: 'add', kind: 'user', value: { id: 'evil', name: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>' } }]);
    const { page, errors, requests } = await open(userAgingReport(hostile, { at }));
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#table-users td', { hasText: '<script>' }).count()).toBe(1);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
