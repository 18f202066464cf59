import { request, type ClientRequest } from 'node:http';
import { expect, test } from '@playwright/test';

/**
 * EventSource gives up for good on a non-200 answer. A tab refused by the per-client stream cap
 * (429) must say so in the connection indicator, in the server's words, and go live on its own
 * once a slot is free again.
 */

/** Opens one event stream from this process (the same loopback address as the browser); resolves with its status. */
function holdStream(url: string): Promise<{ status: number; req: ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, req });
    });
    req.on('error', reject);
    req.end();
  });
}

test('a tab refused by the stream cap shows "Server busy" and goes live once a slot frees', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const clusters = (await (await fetch(`${baseURL}/api/clusters`)).json()) as { clusters: { name: string; current: boolean }[] };
  const ctx = clusters.clusters.find((c) => c.current)!.name;
  const url = `${baseURL}/api/clusters/${encodeURIComponent(ctx)}/events`;

  // Take every slot this address has (the default cap is 20), until the server refuses.
  const held: ClientRequest[] = [];
  try {
    for (let i = 0; i < 100; i++) {
      const s = await holdStream(url);
      if (s.status !== 200) {
        s.req.destroy();
        expect(s.status).toBe(429);
        break;
      }
      held.push(s.req);
    }
    expect(held.length).toBeGreaterThan(0);

    await page.goto('/');
    const indicator = page.getByTestId('connection');
    await expect(indicator).toHaveText('Server busy');
    await expect(indicator).toHaveAttribute('title', /too many live streams from your address .*Retrying at /);
    await page.screenshot({ path: 'test-results/screenshots/stream-refused.png' });
  } finally {
    held.splice(0).forEach((r) => r.destroy());
  }
  // The tab retries after the server's Retry-After (10 s, plus up to 50 % jitter) and gets its stream.
  await expect(page.getByTestId('connection')).toHaveAttribute('data-tone', 'live', { timeout: 40_000 });
  await expect(page.getByTestId('connection')).toHaveText('Live');
});
