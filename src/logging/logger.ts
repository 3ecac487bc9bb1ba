import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Message text from newcomers is personal data: callers log ids,
 * languages and intents at info level, never the text itself.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
    level,
    base: { service: 'bildungslotse' },
    // A safety net under the rule that no request, response or header is logged whole: whatever
    // slips through loses its credentials (bearer tokens, session cookies, Direct Line tokens).
    redact: {
      paths: [
        'text', '*.text', 'password', '*.password', 'authorization', '*.authorization', 'token', '*.token',
        'headers.authorization', 'headers.cookie', 'headers["set-cookie"]',
        '*.headers.authorization', '*.headers.cookie', '*.headers["set-cookie"]',
        '*.req.headers.authorization', '*.req.headers.cookie', '*._headers.authorization', '*._headers["set-cookie"]',
        'value', 'res', 'req.body', '*.body',
      ],
      remove: true,
    },
    },
    destination,
  );
}
