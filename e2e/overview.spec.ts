import { expect, test, type Page } from '@playwright/test';
import { LOGSTASH, NODE_EXPORTER, seedDaemonSets } from './support/seed';
import { expectLive, OverviewPage, saveScreenshot } from './pages/console';

test('overview lists the seed agents with the counts .status reports', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expectLive(page);
  await expect(overview.row(NODE_EXPORTER.namespace, NODE_EXPORTER.name)).toBeVisible();
  await expect(overview.row(LOGSTASH.namespace, LOGSTASH.name)).toBeVisible();

  // Counts move while a seeded rollout progresses: compare the page and kubectl until they agree
  // (one kubectl call per attempt for all the seed's agents: on a loaded machine each call counts).
  await expect(async () => {
    const want: Record<string, unknown> = {};
    const got: Record<string, unknown> = {};
    for (const ds of seedDaemonSets()) {
      const ns = ds.metadata.namespace ?? '';
      const s = ds.status;
      want[`${ns}/${ds.metadata.name}`] = {
        desired: s?.desiredNumberScheduled ?? 0,
        current: s?.currentNumberScheduled ?? 0,
        ready: s?.numberReady ?? 0,
        updated: s?.updatedNumberScheduled ?? 0,
        available: s?.numberAvailable ?? 0,
      };
      got[`${ns}/${ds.metadata.name}`] = await overview.counts(ns, ds.metadata.name);
    }
    expect(got).toEqual(want);
  }).toPass({ timeout: 60_000 });
  await saveScreenshot(page, 'overview');
});

test('overview shows exclusions by reason and filters agents from the URL', async ({ page }) => {
  await page.goto('/?q=node-exp');
  const overview = new OverviewPage(page);
  await expect(page.getByTestId('agent-row')).toHaveCount(1);
  const row = overview.row(NODE_EXPORTER.namespace, NODE_EXPORTER.name);
  await expect(row.getByTestId('excluded')).toContainText('node-role.kubernetes.io/edge');
});

/** The body's background as sRGB luminance (0 black … 1 white), whatever colour space CSS uses (oklch). */
async function bodyLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  });
}

test('dark mode renders the overview with dark surfaces', async ({ browser }) => {
  const light = await browser.newPage({ colorScheme: 'light', viewport: { width: 1920, height: 1080 } });
  await new OverviewPage(light).goto();
  const lightLuminance = await bodyLuminance(light);
  await light.close();

  const page = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1920, height: 1080 } });
  const overview = new OverviewPage(page);
  await overview.goto();
  const darkLuminance = await bodyLuminance(page);
  expect(lightLuminance, 'light mode has a light background').toBeGreaterThan(0.8);
  expect(darkLuminance, 'dark mode has a dark background').toBeLessThan(0.15);
  await saveScreenshot(page, 'overview-dark-1920');
  await page.close();
});
