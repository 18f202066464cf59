import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { READONLY_BASE_URL } from './env';
import { kubectl } from './support/kubectl';
import { failingAgent, NODE_EXPORTER } from './support/seed';
import { AgentPage, expectLive, MatrixPage, NodePage, OverviewPage, saveScreenshot } from './pages/console';
import { axeTable, summarise } from './support/axe-summary';

/**
 * Issue #20: axe-core (WCAG 2.0/2.1 A + AA and best practices) on every page, in light and dark
 * mode, with dialogs and the hover card open. Serious and critical findings fail the test; the rest
 * are attached to the report and printed as one table at the end, so they stay visible.
 *
 * A new page is not done until it has a scene here: the first test fails for any app route
 * (app/∗∗/page.tsx) that no scene covers.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);

interface Scene {
  name: string;
  /** The app route (as its folder path under app/) this scene covers. */
  route: string;
  /** Brings the page into the state to check; it must wait for its content, not for time. */
  open: (page: Page) => Promise<void>;
}

const agentPage = async (page: Page, query: string) => {
  const agent = new AgentPage(page);
  await agent.goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, query);
  await expectLive(page);
  return agent;
};

const SCENES: Scene[] = [
  {
    name: 'overview',
    route: '/',
    open: async (page) => {
      await new OverviewPage(page).goto();
      await expectLive(page);
    },
  },
  {
    name: 'agents (redirects to overview)',
    route: '/agents',
    open: async (page) => {
      await page.goto('/agents');
      await expect(page.getByTestId('agent-table')).toBeVisible();
      await expectLive(page);
    },
  },
  { name: 'agent · tiles', route: '/agents/[ns]/[name]', open: (page) => agentPage(page, 'density=comfortable').then(() => undefined) },
  {
    name: 'agent · canvas',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      const agent = await agentPage(page, 'density=compact');
      await expect(agent.grid).toHaveAttribute('data-density', 'compact');
    },
  },
  {
    name: 'agent · hover card',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      const agent = await agentPage(page, 'density=comfortable');
      await agent.grid.focus();
      await page.keyboard.press('ArrowRight');
      await expect(agent.tooltip).toBeVisible();
    },
  },
  {
    name: 'agent · grouped, filtered',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      const agent = await agentPage(page, 'density=comfortable&group=role&state=ineligible');
      await expect(agent.grid.getByTestId('grid-group').first()).toBeVisible();
    },
  },
  {
    name: 'agent · restart dialog',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      const agent = await agentPage(page, 'density=comfortable');
      await agent.restartButton.click();
      await expect(agent.dialog).toBeVisible();
    },
  },
  {
    name: 'agent · change dialog, preview step',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      await agentPage(page, 'density=comfortable');
      await page.getByTestId('change-agent').click();
      const dialog = page.getByTestId('change-dialog');
      await expect(dialog.getByTestId('change-form')).toBeVisible();
      await dialog.getByTestId('min-ready').fill('3');
      await dialog.getByTestId('preview-change').click();
      await expect(dialog.getByTestId('change-preview')).toBeVisible();
    },
  },
  {
    name: 'agent · staged rollout dialog',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      await agentPage(page, 'density=comfortable');
      await page.getByTestId('staged-start').click();
      await expect(page.getByTestId('staged-form')).toBeVisible();
    },
  },
  {
    name: 'agent · revision diff',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      // The seed restarts otel-agent, so it has an older revision with a template diff.
      const agent = new AgentPage(page);
      await agent.goto('observability', 'otel-agent');
      await expectLive(page);
      const revision = page.getByTestId('revision').nth(1);
      await revision.locator('summary').click();
      await expect(revision.getByTestId('diff')).toBeVisible();
    },
  },
  {
    name: 'agent · read-only server',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      await new AgentPage(page).goto(NODE_EXPORTER.namespace, NODE_EXPORTER.name, '', READONLY_BASE_URL);
      await expect(page.getByTestId('restart-why')).not.toBeEmpty();
    },
  },
  {
    name: 'node · change dialog with preview',
    route: '/nodes/[name]',
    open: async (page) => {
      await page.goto(`/nodes/${failingAgent().node}?change=node&taint=${encodeURIComponent('everynode.a11y/x=1:NoExecute')}&label=${encodeURIComponent('everynode.a11y/y=1')}`);
      const dialog = page.getByTestId('node-change-dialog');
      await dialog.getByTestId('preview-change').click();
      await expect(dialog.getByTestId('node-change-preview')).toBeVisible();
    },
  },
  {
    name: 'agent · causes panel, hover card on a refused cell',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      const agent = new AgentPage(page);
      await agent.goto('restricted-agents', 'host-inventory', 'density=comfortable');
      await expectLive(page);
      await expect(page.getByTestId('causes')).toBeVisible();
      await agent.cellsIn('missing').first().hover();
      await expect(agent.tooltip.getByTestId('tooltip-cause')).toBeVisible();
    },
  },
  {
    name: 'overview · cause filter',
    route: '/',
    open: async (page) => {
      await page.goto('/?cause=cannot+fit%3A+memory');
      await expect(page.getByTestId('agent-row').first().getByTestId('problem-cause')).toBeVisible();
      await expectLive(page);
    },
  },
  {
    name: 'node · cause of a pod not placed',
    route: '/nodes/[name]',
    open: async (page) => {
      const node = kubectl('get', 'pod', '-n', 'port-agents', 'port-holder', '-o', 'jsonpath={.spec.nodeName}');
      await new NodePage(page).goto(node);
      await expect(page.getByTestId('agent-cause').first()).toBeVisible();
      await expectLive(page);
    },
  },
  {
    name: 'node',
    route: '/nodes/[name]',
    open: async (page) => {
      await new NodePage(page).goto(failingAgent().node);
      await expectLive(page);
    },
  },
  {
    name: 'node · recreate dialog',
    route: '/nodes/[name]',
    open: async (page) => {
      const { node, namespace, name } = failingAgent();
      const nodePage = new NodePage(page);
      await nodePage.goto(node);
      await expectLive(page);
      await nodePage.agent(namespace, name).getByTestId(`recreate-${namespace}-${name}`).click();
      await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    },
  },
  {
    name: 'node · log viewer with a find',
    route: '/nodes/[name]',
    open: async (page) => {
      const { node, namespace, name } = failingAgent();
      const nodePage = new NodePage(page);
      await nodePage.goto(node);
      await expectLive(page);
      await nodePage.agent(namespace, name).getByTestId('open-logs').click();
      const viewer = page.getByTestId('log-viewer');
      await expect(viewer.getByTestId('log-status')).toHaveAttribute('data-status', /streaming|done|error/);
      await viewer.getByTestId('log-find').fill('e');
    },
  },
  {
    name: 'agent · log search results',
    route: '/agents/[ns]/[name]',
    open: async (page) => {
      await page.goto('/agents/anyrobot/logstash-input');
      await expectLive(page);
      const search = page.getByTestId('log-search');
      await search.getByTestId('log-search-pattern').fill('connection refused');
      await search.getByTestId('log-search-run').click();
      await expect(search.getByTestId('log-search-progress')).toHaveAttribute('data-running', 'false');
    },
  },
  {
    name: 'node · not found',
    route: '/nodes/[name]',
    open: async (page) => {
      await page.goto('/nodes/no-such-node-a11y');
      await expect(page.getByTestId('error')).toContainText('no-such-node-a11y');
      await expectLive(page);
    },
  },
  {
    name: 'nodes list',
    route: '/nodes',
    open: async (page) => {
      await page.goto('/nodes');
      await expect(page.getByTestId('node-row').first()).toBeVisible();
      await expectLive(page);
    },
  },
  {
    name: 'matrix',
    route: '/matrix',
    open: async (page) => {
      const matrix = new MatrixPage(page);
      await matrix.goto();
      await expect(matrix.rows().first()).toBeVisible();
      await expectLive(page);
    },
  },
  {
    name: 'search suggestions',
    route: '/',
    open: async (page) => {
      await new OverviewPage(page).goto();
      await expectLive(page);
      await page.getByTestId('global-search').fill('node');
      await expect(page.getByRole('option').first()).toBeVisible();
    },
  },
  {
    name: 'page not found',
    route: '(not-found)',
    open: async (page) => {
      await page.goto('/no-such-page-a11y');
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    },
  },
];

/** App routes as folder paths: app/nodes/[name]/page.tsx → /nodes/[name]. */
function appRoutes(dir = 'app'): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f === 'page.tsx' || f.endsWith(`${sep}page.tsx`))
    .map((f) => `/${relative('.', join(dir, f)).split(sep).slice(1, -1).join('/')}`)
    .map((r) => (r === '/' ? r : r.replace(/\/$/, '')));
}

/**
 * Each scene's summary is written to the run's output folder (emptied by Playwright at the start
 * of every run): a failed test restarts the worker, so memory would lose the earlier scenes.
 */
const summaryDir = (outputDir: string) => join(outputDir, 'a11y-summaries');

test('every app route has an accessibility scene', () => {
  const covered = new Set(SCENES.map((s) => s.route));
  const routes = appRoutes();
  expect(routes.length).toBeGreaterThan(3);
  expect(routes.filter((r) => !covered.has(r)), 'routes without a scene in e2e/a11y.spec.ts').toEqual([]);
});

for (const mode of ['light', 'dark'] as const) {
  test.describe(`${mode} mode`, () => {
    test.use({ colorScheme: mode });
    for (const scene of SCENES) {
      test(`axe: ${scene.name} (${mode})`, async ({ page }, testInfo) => {
        await scene.open(page);
        // For people to look at both themes after a change (test-results/screenshots).
        await saveScreenshot(page, `a11y-${scene.name.replace(/\W+/g, '-')}-${mode}`, { fullPage: false });
        const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        const summary = summarise(`${scene.name} (${mode})`, axe.violations);
        const dir = summaryDir(testInfo.project.outputDir);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${mode === 'light' ? 0 : 1}-${mode}-${SCENES.indexOf(scene)}.json`), JSON.stringify(summary));
        await testInfo.attach('axe-violations.json', { body: JSON.stringify(axe.violations, null, 2), contentType: 'application/json' });
        const blocking = summary.findings.filter((f) => BLOCKING.has(f.impact));
        expect(blocking, `serious/critical axe findings on ${scene.name} (${mode})`).toEqual([]);
      });
    }
  });
}

// One table for the whole run, printed once the last scene has run (by whichever worker ran it).
test.afterAll(async ({}, testInfo) => {
  const dir = summaryDir(testInfo.project.outputDir);
  if (!existsSync(dir)) return;
  const files = readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name);
  if (!files.includes(`1-dark-${SCENES.length - 1}.json`)) return;
  const order = (f: string) => f.split(/[-.]/).map(Number).filter(Number.isFinite);
  files.sort((a, b) => order(a)[0]! - order(b)[0]! || order(a)[1]! - order(b)[1]!);
  const table = axeTable(files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  console.log(`\naxe-core findings, elements per impact (serious/critical fail the test):\n${table}`);
  await testInfo.attach('axe-summary.txt', { body: table, contentType: 'text/plain' });
});
