// A listener on the console's event stream, in its own process: it writes one line per announced
// version, "<version> <epoch ms>". Run apart from the bench's viewers so that, with 50 of them
// busy in the bench's event loop, the time a version was announced is not measured late.
// Usage: node announcement-probe.mjs <events URL> <local address>
import { request } from 'node:http';

const [url, localAddress] = process.argv.slice(2);
const req = request(url, { agent: false, localAddress, headers: { accept: 'text/event-stream' } }, (res) => {
  res.setEncoding('utf8');
  let buffer = '';
  res.on('data', (chunk) => {
    const at = Date.now();
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = frame.split('\n');
      if (!lines.includes('event: version')) continue;
      const data = lines.find((l) => l.startsWith('data: '));
      if (data) process.stdout.write(`${JSON.parse(data.slice(6)).version} ${at}\n`);
    }
  });
  res.on('end', () => process.exit(0));
  process.stdout.write('open\n');
});
req.on('error', (err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
req.end();
