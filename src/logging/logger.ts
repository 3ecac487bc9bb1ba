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
    redact: { paths: ['text', '*.text', 'password', '*.password', 'authorization', '*.authorization'], remove: true },
    },
    destination,
  );
}
