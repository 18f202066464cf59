/**
 * zod, configured for the console's Content-Security-Policy. zod 4 compiles fast object parsers
 * with `new Function`, probing once at the first schema built; in the browser, where the CSP has
 * no 'unsafe-eval', that probe is a reported violation. So schemas that reach the browser parse
 * without JIT there; the server keeps it. Import `z` from here, not from 'zod', in any module
 * that builds schemas — this module's evaluation must come first.
 */
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };
