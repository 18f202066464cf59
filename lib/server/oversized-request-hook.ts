import http from 'node:http';
import type { Duplex } from 'node:stream';
import { installClientErrorHook } from './request-hooks';

/**
 * A request line plus headers over Node's limit (--max-http-header-size, 16 KiB by default: a
 * URL with kilobytes of query) never reaches Next: Node answers a bare 431 with no body (found by
 * the schemathesis fuzz on the logs route). This gives that refusal the shape and words of every
 * API error. The limit itself stays: it bounds what one request can make the server hold.
 */
export function installOversizedRequestHook(): void {
  installClientErrorHook('oversized-request', (err, socket) => {
    if (err.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable || responseStarted(socket)) return false;
    socket.end(oversizedResponse(http.maxHeaderSize));
    return true;
  });
}

/** The whole HTTP/1.1 response: the connection closes after it (the parser cannot go on). */
export function oversizedResponse(limit: number): string {
  const body = JSON.stringify({
    error: { code: 'request_too_large', message: `the request line and headers are longer than ${limit} bytes; send a shorter URL (fewer or shorter query parameters)` },
  });
  return [
    'HTTP/1.1 431 Request Header Fields Too Large',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Node's own rule for answering on a refused socket: not while an earlier response on this
 * keep-alive connection is already under way (that would corrupt it). Bytes written before, by
 * finished responses, do not count.
 */
const responseStarted = (socket: Duplex) => (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
