import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page, type Response } from '@playwright/test';
import { AgentPage, expectLive, OverviewPage, saveScreenshot } from './pages/console';
import { NODE_EXPORTER, plainWorker } from './support/seed';

/**
 * Issue 21: the console runs under a nonce-based Content-Security-Policy without breaking
 * anything (every page renders, hydrates, goes live, draws its grid; no violation is reported),
 * sends the other browser security headers, and cannot be framed by a page of another origin.
 */

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Collects every CSP violation the page reports, as events and as console errors. */
function watchViolations(page: Page): { violations: Violation[]; consoleErrors: string[] } {
  const found = { violations: [] as Violation[], consoleErrors: [] as string[] };
  void page.exposeFunction('__reportCspViolation', (v: Violation) => found.violations.push(v));
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(v: unknown): void }).__reportCspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) found.consoleErrors.push(m.text());
  });
  return found;
}

function expectSecurityHeaders(res: Response | null) {
  expect(res, 'the page answered').not.toBeNull();
  const h = res!.headers();
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['x-frame-options']).toBe('DENY');
  const csp = h['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/); // ...nor eval, in production
}

test('every page renders and hydrates under the CSP, with no violation reported', async ({ page }) => {
  const { violations, consoleErrors } = watchViolations(page);
  const node = plainWorker();

  const overview = new OverviewPage(page);
  let res = await page.goto('/');
  expectSecurityHeaders(res);
  await expect(overview.row(NODE_EXPORTER.namespace, NODE_EXPORTER.name)).toBeVisible();
  await expectLive(page); // the client's JS runs and holds the event stream open

  res = await page.goto('/matrix');
  expectSecurityHeaders(res);
  await expect(page.locator('[data-testid="matrix-row"]').first()).toBeVisible();
  await expectLive(page);

  // The agent page: react-query's dehydrated state, the canvas grid and its tooltip (client-only).
  const agent = new AgentPage(page);
  res = await page.goto(`/agents/${NODE_EXPORTER.namespace}/${NODE_EXPORTER.name}`);
  expectSecurityHeaders(res);
  await expect(agent.grid).toBeVisible();
  await expectLive(page);
  const cell = agent.cell(node);
  await expect(cell).toBeVisible();
  await cell.hover();
  await expect(agent.tooltip).toContainText(node);
  await saveScreenshot(page, 'csp-agent-page');
  // The compact grid paints on a canvas.
  res = await page.goto(`/agents/${NODE_EXPORTER.namespace}/${NODE_EXPORTER.name}?density=compact`);
  expectSecurityHeaders(res);
  const canvas = page.getByTestId('grid-canvas');
  await expect(canvas).toBeVisible();
  await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0))).toBe(true);
  await canvas.hover({ position: { x: 8 + 7, y: 8 + 7 } });
  await expect(agent.tooltip).toBeVisible();
  await saveScreenshot(page, 'csp-agent-canvas');

  res = await page.goto(`/nodes/${node}`);
  expectSecurityHeaders(res);
  await expect(page.getByTestId('node-title')).toHaveText(node);
  await expectLive(page);
  // Client-side navigation (RSC fetch) back to the overview works too.
  await page.getByRole('link', { name: /overview/i }).first().click();
  await expect(overview.row(NODE_EXPORTER.namespace, NODE_EXPORTER.name)).toBeVisible();

  expect(violations).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('injected markup cannot run script: the violation is blocked and reported (the watch above would see it)', async ({ page }) => {
  const { violations, consoleErrors } = watchViolations(page);
  await page.goto('/');
  await expectLive(page);
  // The classic XSS payload: an event-handler attribute in markup the page did not mean to have.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img id="xss" src="/no-such-image.png" onerror="window.__injected = true">'));
  await expect.poll(() => violations.map((v) => v.directive)).toContain('script-src-attr');
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  expect(consoleErrors.join('\n')).toMatch(/Content Security Policy/);
});

test.describe('framing', () => {
  let other: Server;
  let otherOrigin: string;

  test.beforeAll(async ({ baseURL }) => {
    // A page of another origin (another loopback port) that frames the console, and, as a
    // control, a page of its own origin that it can frame.
    other = createServer((req, res) => {
      if (req.url === '/own') return res.end('<p id="own">framable</p>');
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><iframe id="console" src="${baseURL}/" width="800" height="600"></iframe><iframe id="control" src="/own"></iframe>`);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });

  test.afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

  test('a page of another origin cannot frame the console', async ({ page, baseURL }) => {
    const refusals: string[] = [];
    page.on('console', (m) => refusals.push(m.text()));
    const consoleAnswered = page.waitForResponse((r) => r.url() === `${baseURL}/` && r.frame() !== page.mainFrame());
    await page.goto(otherOrigin);
    expect((await consoleAnswered).status()).toBe(200); // the console answered; the browser refused to show it

    const control = page.frameLocator('#control');
    await expect(control.locator('#own')).toHaveText('framable'); // framing as such works here
    await expect.poll(() => refusals.join('\n')).toMatch(/frame-ancestors 'none'|X-Frame-Options/);
    const framed = page.frames().find((f) => f.parentFrame() === page.mainFrame() && f.name() !== 'control' && !f.url().endsWith('/own'));
    expect(framed, 'the console iframe exists').toBeDefined();
    expect(await framed!.locator('[data-testid="agent-table"]').count()).toBe(0);
    expect(framed!.url()).not.toBe(`${baseURL}/`);
    await saveScreenshot(page, 'csp-framed-by-other-origin', { fullPage: false });
  });
});
