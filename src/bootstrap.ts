import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { AppContext, TaskHandler } from './context.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrate } from './db/migrate.js';
import { LocalDiskStorage, type BlobStorage } from './files/storage.js';
import { buildApp } from './http/app.js';
import { createScheduler, type Scheduler } from './jobs/scheduler.js';
import { modules } from './modules/index.js';
import { systemClock, type Clock } from './shared/clock.js';

export interface Arbiter {
  ctx: AppContext;
  app: Awaited<ReturnType<typeof buildApp>>;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export interface BootOptions {
  clock?: Clock;
  log?: Logger;
  handle?: DatabaseHandle;
  storage?: BlobStorage;
  fetch?: typeof fetch;
}

/**
 * The structured log on stdout. `buffered` (the server) writes it asynchronously: the lines logged while a write
 * is under way go out together in the next one instead of one blocking write each, and pino flushes what is
 * left when the process exits. The CLI keeps synchronous writes, in order with what it prints.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, options: { buffered?: boolean } = {}): Logger {
  const settings = { level: config.logLevel, base: { service: 'arbiter' }, redact: ['req.headers.authorization', 'req.headers.cookie'] };
  return options.buffered ? pino(settings, pino.destination({ dest: 1, sync: false })) : pino(settings);
}

/** Opens the database (migrating it), wires the modules and builds the HTTP app. Does not listen. */
export async function boot(config: Config, options: BootOptions = {}): Promise<Arbiter> {
  const log = options.log ?? createLogger(config);
  const handle = options.handle ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(handle, (v) => log.info({ migration: v }, 'migration applied'));
  const taskHandlers = new Map<string, TaskHandler>();
  for (const m of modules) for (const [kind, h] of Object.entries(m.taskHandlers ?? {})) taskHandlers.set(kind, h);
  const ctx: AppContext = {
    config,
    handle,
    db: handle.db,
    clock: options.clock ?? systemClock,
    storage: options.storage ?? new LocalDiskStorage(path.join(config.dataDir, 'files')),
    log,
    taskHandlers,
    fetch: options.fetch ?? fetch,
  };
  for (const m of modules) await m.onBoot?.(ctx);
  const app = await buildApp(ctx, modules);
  const scheduler = createScheduler(ctx, modules.flatMap((m) => m.periodic ?? []));
  return {
    ctx,
    app,
    scheduler,
    async close() {
      await scheduler.stop();
      await app.close();
      await handle.close();
    },
  };
}
