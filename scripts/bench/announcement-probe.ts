/**
 * A listener on the console's event stream, in its own process: it writes one line per announced
 * version, "<version> <epoch ms>" (and "open" once the stream is open). Run apart from the bench's
 * viewers so that, with 50 of them busy in the bench's event loop, the time a version was
 * announced is not measured late. Usage: tsx announcement-probe.ts <events URL> <local address>
 */
import { request } from 'node:http';
import { SseParser } from './sse-parser';

const [url, localAddress] = process.argv.slice(2) as [string, string];
const parser = new SseParser();
const req = request(url, { agent: false, localAddress, headers: { accept: 'text/event-stream' } }, (res) => {
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const at = Date.now();
    for (const e of parser.feed(chunk)) if (e.event === 'version') process.stdout.write(`${(JSON.parse(e.data) as { version: number }).version} ${at}\n`);
  });
  res.on('end', () => process.exit(0));
  process.stdout.write('open\n');
});
req.on('error', (err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
req.end();
