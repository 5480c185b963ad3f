import path from 'node:path';
import { z } from 'zod';

/** Environment → validated configuration. A bad value stops the start with a message naming the variable. */
const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  ARBITER_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ARBITER_ADMIN_EMAIL: z.email().optional(),
  ARBITER_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  ARBITER_DEMO: booleanFlag.optional(),
  ARBITER_PUBLIC_URL: z.url().optional(),
  ARBITER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ARBITER_SCHEDULER: booleanFlag.default(true),
  ARBITER_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  ARBITER_MAIL_FROM: z.string().default('Arbiter <no-reply@arbiter.local>'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  admin?: { email: string; password: string };
  demo: boolean;
  publicUrl?: string;
  logLevel: string;
  scheduler: boolean;
  /** Sign-in attempts allowed per client address per minute. */
  loginRateLimit: number;
  smtpUrl?: string;
  mailFrom: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.ARBITER_ADMIN_EMAIL) !== Boolean(e.ARBITER_ADMIN_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration:\n  ARBITER_ADMIN_EMAIL and ARBITER_ADMIN_PASSWORD must be given together',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.ARBITER_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    admin: e.ARBITER_ADMIN_EMAIL ? { email: e.ARBITER_ADMIN_EMAIL.toLowerCase(), password: e.ARBITER_ADMIN_PASSWORD! } : undefined,
    // The demo marketplace is on by default only for the embedded database.
    demo: e.ARBITER_DEMO ?? !e.DATABASE_URL,
    publicUrl: e.ARBITER_PUBLIC_URL,
    logLevel: e.ARBITER_LOG_LEVEL,
    scheduler: e.ARBITER_SCHEDULER,
    loginRateLimit: e.ARBITER_LOGIN_RATE_LIMIT,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.ARBITER_MAIL_FROM,
  };
}
