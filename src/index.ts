import './threadPool';
import { createApp } from './app';
import { loadConfig } from './config/config';
import { isAppError } from './errors';
import { createLogger } from './logging/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    // Before a logger exists: one plain line naming the variable, no stack trace.
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await createApp(config, logger);
  } catch (err) {
    logger.fatal({ code: isAppError(err) ? err.code : 'internal' }, (err as Error).message);
    process.exit(1);
  }
  let port;
  try {
    port = await app.start();
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    logger.fatal({ code: inUse ? 'portInUse' : 'internal' }, inUse ? `Port ${config.port} is in use: stop the other process or set PORT.` : (err as Error).message);
    await app.stop().catch(() => undefined);
    process.exit(1);
  }
  process.stdout.write(`Bildungslotse Mittelsachsen läuft auf http://localhost:${port}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => process.exit(0))
      .catch((err: Error) => {
        logger.error({ err: err.message }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
