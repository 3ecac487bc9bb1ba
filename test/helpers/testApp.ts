import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { tempDir } from './files';
import { auditing, capturedLog } from './logAudit';
import { freshPostgresDatabase } from './postgres';

export { DATA_DIR, tempDir } from './files';

export function testConfig(overrides: Partial<Config> = {}, dir = tempDir()): Config {
  return {
    ...loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'test.db'), LOG_LEVEL: 'silent' }),
    ...overrides,
  };
}

export interface RunningApp {
  app: App;
  baseUrl: string;
  config: Config;
}

/** Starts the whole product on a free port with a fresh database (or the one in `config`). */
export async function startTestApp(config: Config = testConfig(), options: AppOptions = {}): Promise<RunningApp> {
  // TEST_DATABASE=postgres runs every system test on a fresh PostgreSQL database instead.
  if (process.env.TEST_DATABASE === 'postgres' && !config.databaseUrl) config = { ...config, databaseUrl: await freshPostgresDatabase() };
  // Logged at debug into the run's log, which is searched for leaked tokens at the end.
  const app = await createApp(config, auditing ? createLogger('debug', capturedLog) : createLogger('silent'), {
    strictTranslations: true,
    rateLimit: { rate: 10000, burst: 10000 },
    ...options,
  });
  const port = await app.start();
  return { app, baseUrl: `http://127.0.0.1:${port}`, config };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Leave non-JSON bodies as text so the assertion shows what came back.
  }
  return { status: res.status, body: parsed };
}
