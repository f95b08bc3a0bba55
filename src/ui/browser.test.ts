// End to end: the dashboard on a real socket, driven by Debian's Chromium through playwright-core.
// Every page is opened, a run is clicked into, two runs are selected and compared; charts must render,
// no console error may appear, and no request may leave the dashboard's own origin. A 1280×800
// screenshot of each page is written to test-artifacts/.

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDashboardFixture, type DashboardFixture } from './dashboard-fixture.js';
import { startDashboard, type RunningDashboard } from './serve.js';

const CHROMIUM = '/usr/lib/chromium/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) console.warn(`skipping the dashboard browser test: ${CHROMIUM} is missing (install Debian's chromium package)`);

describe.skipIf(!hasChromium)('the dashboard in a browser', () => {
  let fixture: DashboardFixture;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  let origin = '';

  beforeAll(async () => {
    fixture = await makeDashboardFixture();
    dashboard = await startDashboard({ project: fixture.project, host: '127.0.0.1', port: 0 });
    origin = new URL(dashboard.url).origin;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) foreignRequests.push(url);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await fixture?.store.close();
    if (fixture !== undefined) rmSync(fixture.dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<void> {
    const response = await page.goto(`${origin}${path}`);
    expect(response?.status(), path).toBe(200);
  }

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
  }

  it('shows the overview: ladder, problem card, champion and the latest audit', async () => {
    await open('/');
    await expect(page.locator('h1').textContent()).resolves.toContain(fixture.dir.split('/').pop()!);
    expect(await page.locator('#ladder tbody tr').count()).toBe(3);
    await expect(page.locator('#problem-card').textContent()).resolves.toContain('closed');
    await expect(page.locator('#champion').textContent()).resolves.toContain('churn v1');
    await expect(page.locator('#audit .tile').count()).resolves.toBeGreaterThan(5);
    await screenshot('overview');
    // The full audit report opens from the overview, served by the dashboard itself.
    await page.click('text=Full audit report');
    await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();
    expect(page.url()).toMatch(/\/reports\/audit-[0-9a-f]{12}\.html$/);
  });

  it('filters the runs table with the form', async () => {
    await open('/runs');
    expect(await page.locator('#runs-table tbody tr').count()).toBe(3);
    await screenshot('runs');
    await page.selectOption('select[name="model"]', 'rules');
    await Promise.all([page.waitForURL(/model=rules/), page.click('form.filters button[type="submit"]')]);
    expect(await page.locator('#runs-table tbody tr').count()).toBe(1);
    await page.fill('input[name="metric"]', 'valid.roc_auc>=0.99');
    await page.selectOption('select[name="model"]', '');
    await Promise.all([page.waitForURL(/metric=/), page.click('form.filters button[type="submit"]')]);
    await expect(page.locator('main').textContent()).resolves.toContain('No run matches these filters.');
  });

  it('clicks into an evaluated run and renders its charts as SVG with marks', async () => {
    await open('/runs');
    await Promise.all([page.waitForURL(/\/runs\/[0-9a-f-]{36}$/), page.click(`a[href="/runs/${fixture.runs.logistic}"]`)]);
    await expect(page.locator('h1').textContent()).resolves.toContain('logistic');
    await expect(page.locator('#metrics').textContent()).resolves.toContain('test (frozen)');
    await expect(page.locator('#lineage').textContent()).resolves.toContain('stratified');
    await expect(page.locator('#notes').textContent()).resolves.toContain('<script>alert("note")</script>');
    await screenshot('run');
    const charts = page.locator('#charts svg');
    expect(await charts.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const marks = await charts.nth(i).locator('g[class^="mark-"] path, g[class^="mark-"] line').count();
      expect(marks, `chart ${i}`).toBeGreaterThan(0);
      const box = await charts.nth(i).boundingBox();
      expect(box!.width).toBeGreaterThan(100);
    }
    await page.locator('#charts').evaluate((element) => element.scrollIntoView());
    await screenshot('run-charts');
    await expect(page.locator('#threshold').textContent()).resolves.toContain('predicted positive');
  });

  it('selects two runs and compares them', async () => {
    await open('/runs');
    const button = page.locator('#compare-button');
    await expect(button.isDisabled()).resolves.toBe(true);
    await page.check(`input[name="ids"][value="${fixture.runs.rules}"]`);
    await expect(button.isDisabled()).resolves.toBe(true);
    await page.check(`input[name="ids"][value="${fixture.runs.logistic}"]`);
    await expect(page.locator('#selected-count').textContent()).resolves.toBe('2 selected');
    await Promise.all([page.waitForURL(/\/compare\?ids=/), button.click()]);
    expect(new URL(page.url()).searchParams.get('ids')).toBe(`${fixture.runs.logistic},${fixture.runs.rules}`);
    await expect(page.locator('#statistics').textContent()).resolves.toContain('ROC-AUC (DeLong)');
    expect(await page.locator('#metrics tr.differs').count()).toBeGreaterThan(0);
    await screenshot('compare');
  });

  it('shows the registry with the gate result of the promotion', async () => {
    await open('/registry');
    expect(await page.locator('#versions tbody tr').count()).toBe(1);
    expect(await page.locator('#history .conditions li').count()).toBe(4);
    await screenshot('registry');
  });

  it('shows a 404 page naming an unknown run', async () => {
    const response = await page.goto(`${origin}/runs/deadbeef99`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('main').textContent()).resolves.toContain('no run deadbeef99');
    await screenshot('not-found');
    // The browser reports the 404 document itself as a failed load; that one is expected.
    const expected = consoleErrors.filter((e) => e.includes('/runs/deadbeef99') && e.includes('404'));
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expected.includes(e)));
  });

  it('logged no console error and requested nothing outside the dashboard', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
