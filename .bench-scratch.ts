import { chromium } from '@playwright/test';
import { layoutConsole, startConsole, waitReady, removeLayout } from './scripts/bench/console';
async function main() {
  const repo = process.cwd();
  const dir = await layoutConsole(repo, '/tmp/bench-layout.log');
  const c = await startConsole(repo, dir, '/root/.cache/everynode/everynode-bench.kubeconfig', '/tmp/bench-console.log');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await waitReady(c, 120_000);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 200)));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
    const t0 = Date.now();
    await page.goto(`${c.url}/agents/everynode-bench/node-exporter`);
    await page.waitForTimeout(8000);
    console.log('cells', await page.locator('[data-testid="grid-cell"]').count(), Date.now() - t0);
    await page.screenshot({ path: '/tmp/bench-grid.png' });
    console.log((await page.locator('body').innerText()).slice(0, 800));
  } finally {
    await browser.close();
    await c.stop();
    removeLayout(dir);
  }
}
main();
