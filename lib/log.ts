import 'server-only';
import pino from 'pino';

/**
 * The one logger. Redaction is a safety net: code should not log credentials in the first
 * place, but a kubeconfig user or request headers may slip into an error object.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { app: 'everynode' },
  redact: {
    paths: [
      'headers.authorization',
      'headers.Authorization',
      'req.headers.authorization',
      'req.headers.cookie',
      '*.headers.authorization',
      'token',
      '*.token',
      'password',
      '*.password',
      'user.token',
      'user.password',
      'user.keyData',
      'user.certData',
      'user.authProvider',
      'user.exec',
      '*.keyData',
      '*.certData',
      '*.client-key-data',
      '*.client-certificate-data',
    ],
    censor: '[redacted]',
  },
});
