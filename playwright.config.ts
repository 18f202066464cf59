import { defineConfig, devices } from '@playwright/test';

// Ports are chosen by scripts/test.ts (free loopback ports); the defaults serve a manual `npx playwright test`.
const port = Number(process.env.E2E_PORT ?? 3210);
const readOnlyPort = Number(process.env.E2E_READONLY_PORT ?? 3211);
const proxyPort = Number(process.env.E2E_PROXY_PORT ?? 3212);
const kubeconfig = process.env.EVERYNODE_KUBECONFIG ?? '';

const serverEnv = (extra: Record<string, string>) => ({ ...process.env, KUBECONFIG: kubeconfig, ...extra }) as Record<string, string>;

export default defineConfig({
  testDir: 'e2e',
  outputDir: '.artifacts/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.artifacts/e2e-report.json' }]],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: [
    {
      command: 'bash scripts/start.sh', // the standalone server, as production runs it
      url: `http://127.0.0.1:${port}/api/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: serverEnv({ HOST: '127.0.0.1', PORT: String(port), EVERYNODE_READ_ONLY: 'false' }),
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'bash scripts/start.sh',
      url: `http://127.0.0.1:${readOnlyPort}/api/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: serverEnv({ HOST: '127.0.0.1', PORT: String(readOnlyPort), EVERYNODE_READ_ONLY: 'true' }),
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Auth-proxy mode: the spec sets X-Forwarded-User itself (e2e/proxy-reads.spec.ts).
      command: `npx next start -H 127.0.0.1 -p ${proxyPort}`,
      url: `http://127.0.0.1:${proxyPort}/api/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: serverEnv({ EVERYNODE_READ_ONLY: 'false', EVERYNODE_AUTH_MODE: 'proxy' }),
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
