/** Where the e2e servers listen; scripts/test.ts sets the ports, these defaults match playwright.config.ts. */
export const READONLY_BASE_URL = `http://127.0.0.1:${process.env.E2E_READONLY_PORT ?? 3211}`;
export const PROXY_BASE_URL = `http://127.0.0.1:${process.env.E2E_PROXY_PORT ?? 3212}`;
export const KUBECONFIG = process.env.EVERYNODE_KUBECONFIG ?? '';
