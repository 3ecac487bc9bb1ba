import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { parseWeeklyHours, type OpeningHoursConfig } from '../handoff/openingHours';
import type { RetentionPolicy } from '../privacy/retention';
import { PROJECT_ROOT } from '../projectRoot';
import { TrustedProxies } from '../guard/clientAddress';
import { parseRateLimit, RATE_BUCKETS, type RateLimits } from '../guard/rateLimits';

/**
 * The whole configuration, read and validated once in the composition root.
 * Nothing else reads process.env, so tests build a Config by hand.
 */
export interface Config {
  /** TCP port of the one restify server (web chat, Direct Line, APIs). */
  port: number;
  /** Interface to bind; 0.0.0.0 in containers, 127.0.0.1 when a proxy sits in front. */
  host: string;
  /** SQLite file holding catalogue, bot state and everything else (the embedded default). */
  databasePath: string;
  /**
   * PostgreSQL instead of the SQLite file: everything shared lives there, so several instances
   * behind one proxy act as one service. Absent: SQLite.
   */
  databaseUrl?: string;
  /** Connections each instance keeps to PostgreSQL. */
  databasePoolSize?: number;
  /** Folder with the seed catalogue and locales (the embedded default). */
  dataDir: string;
  /** Bot Framework credentials; an empty appId turns channel auth off (Emulator, local use). */
  bot: {
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    appId: string;
    appPassword: string;
    appTenantId: string;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  directLine: {
    /** Days an idle web chat conversation and its messages are kept. */
    retentionDays: number;
    /** Lifetime of a Direct Line token in seconds (the page refreshes it). */
    tokenSeconds: number;
    /** Azure Direct Line secret: when set, the page talks to Azure instead of the built-in service. */
    azureSecret: string;
    /** Azure Direct Line endpoint (regional or a test stub). */
    azureDomain: string;
  };
  /**
   * Bearer token for GET /metrics; empty: /metrics answers only when the service is bound to
   * loopback with no proxy in front (otherwise a proxied request would look local).
   */
  metricsToken: string;
  /** Addresses and CIDR ranges of our reverse proxies; only their X-Forwarded-For is believed. */
  trustProxy: string[];
  /** Per-client budgets of the public route groups. */
  rateLimits: RateLimits;
  /**
   * Without MicrosoftAppId, /api/messages has no token to check; it then takes activities from
   * this machine only (the Emulator), unless this is set for a closed test network.
   */
  allowRemoteUnauthenticatedMessages: boolean;
  /** Days the scrubbed text of questions that found nothing is kept for the coordinators. */
  unansweredRetentionDays: number;
  /** How long personal data is kept (days); enforced at start and every six hours. */
  retention: RetentionPolicy;
  handoff: {
    /** console: our advisor console takes conversations; protocol: the channel's agent hub does (handoff.initiate). */
    mode: 'console' | 'protocol';
    hours: OpeningHoursConfig;
    acceptTimeoutMinutes: number;
    staleHours: number;
  };
}

const projectRoot = PROJECT_ROOT;

function rateLimit(fallback: string) {
  return z
    .string()
    .refine((v) => { try { parseRateLimit(v); return true; } catch { return false; } }, 'requests per second and burst, such as 10/30')
    .default(fallback);
}

/** One entry per variable: the schema is also the documentation of what each one accepts. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default(path.join(projectRoot, 'data', 'bildungslotse.db')),
  DATA_DIR: z.string().min(1).default(path.join(projectRoot, 'data')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppTenantId: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DIRECTLINE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  DIRECTLINE_TOKEN_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  DIRECTLINE_SECRET: z.string().default(''),
  DIRECTLINE_DOMAIN: z.string().url().default('https://directline.botframework.com/v3/directline'),
  METRICS_TOKEN: z.string().default(''),
  TRUST_PROXY: z
    .string()
    .refine((v) => { try { TrustedProxies.parse(v); return true; } catch { return false; } }, 'a list of proxy addresses or CIDR ranges such as 127.0.0.1,10.0.0.0/8')
    .default(''),
  RATE_LIMIT_CHAT: rateLimit('10/30'),
  RATE_LIMIT_ASK: rateLimit('5/20'),
  RATE_LIMIT_DIRECTORY: rateLimit('10/40'),
  RATE_LIMIT_LOGIN: rateLimit('1/10'),
  RATE_LIMIT_MESSAGES: rateLimit('50/200'),
  ALLOW_UNAUTHENTICATED_MESSAGES: z.enum(['true', 'false']).default('false'),
  STATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  HANDOFF_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  CALLBACK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  UNANSWERED_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  HANDOFF_MODE: z.enum(['console', 'protocol']).default('console'),
  HANDOFF_HOURS: z.string().default('mon-thu 08:00-16:00; fri 08:00-12:00'),
  HANDOFF_CLOSED_DAYS: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})(\s*,\s*\d{4}-\d{2}-\d{2})*$/, 'a comma-separated list of dates like 2026-12-24,2026-12-31')
    .default(''),
  HANDOFF_PUBLIC_HOLIDAYS: z.enum(['saxony', 'none']).default('saxony'),
  HANDOFF_TIMEZONE: z
    .string()
    .refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'an IANA time zone such as Europe/Berlin')
    .default('Europe/Berlin'),
  HANDOFF_ACCEPT_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  HANDOFF_STALE_HOURS: z.coerce.number().int().min(1).max(720).default(24),
});

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as "not set" so `PORT= npm start` falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AppError('configInvalid', `Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.MicrosoftAppType === 'SingleTenant' && (!e.MicrosoftAppId || !e.MicrosoftAppPassword || !e.MicrosoftAppTenantId)) {
    throw new AppError(
      'configInvalid',
      'Invalid configuration: MicrosoftAppType=SingleTenant needs MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId',
    );
  }
  if (e.MicrosoftAppType === 'MultiTenant' && e.MicrosoftAppId && !e.MicrosoftAppPassword) {
    throw new AppError('configInvalid', 'Invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: path.resolve(e.DATABASE_PATH),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.DATA_DIR),
    bot: {
      appType: e.MicrosoftAppType,
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appTenantId: e.MicrosoftAppTenantId,
    },
    logLevel: e.LOG_LEVEL,
    directLine: {
      retentionDays: e.DIRECTLINE_RETENTION_DAYS,
      tokenSeconds: e.DIRECTLINE_TOKEN_SECONDS,
      azureSecret: e.DIRECTLINE_SECRET,
      azureDomain: e.DIRECTLINE_DOMAIN.replace(/\/$/, ''),
    },
    unansweredRetentionDays: e.UNANSWERED_RETENTION_DAYS,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY.split(/[\s,]+/).filter(Boolean),
    rateLimits: Object.fromEntries(RATE_BUCKETS.map((b) => [b, parseRateLimit(e[`RATE_LIMIT_${b.toUpperCase()}` as 'RATE_LIMIT_CHAT'])])) as RateLimits,
    allowRemoteUnauthenticatedMessages: e.ALLOW_UNAUTHENTICATED_MESSAGES === 'true',
    retention: {
      stateDays: e.STATE_RETENTION_DAYS,
      directLineDays: e.DIRECTLINE_RETENTION_DAYS,
      handoffDays: e.HANDOFF_RETENTION_DAYS,
      callbackDays: e.CALLBACK_RETENTION_DAYS,
      unansweredDays: e.UNANSWERED_RETENTION_DAYS,
    },
    handoff: {
      mode: e.HANDOFF_MODE,
      hours: {
        weekly: parseWeeklyHours(e.HANDOFF_HOURS),
        closedDays: e.HANDOFF_CLOSED_DAYS ? e.HANDOFF_CLOSED_DAYS.split(',').map((d) => d.trim()) : [],
        publicHolidays: e.HANDOFF_PUBLIC_HOLIDAYS,
        timeZone: e.HANDOFF_TIMEZONE,
      },
      acceptTimeoutMinutes: e.HANDOFF_ACCEPT_TIMEOUT_MINUTES,
      staleHours: e.HANDOFF_STALE_HOURS,
    },
  };
}
