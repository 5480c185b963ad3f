import { boot, createLogger } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureAdmin } from './modules/identity/service.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { warnAboutMissingCalendars } from './startup-checks.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const arbiter = await boot(config, { log: createLogger(config, { buffered: true }) });
  const { ctx, app, scheduler } = arbiter;
  if (config.admin && (await ensureAdmin(ctx, config.admin))) ctx.log.info({ email: config.admin.email }, 'admin account created');
  warnAboutMissingCalendars(ctx);
  const demo = config.demo ? await seedDemoIfEmpty(ctx) : null;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.log.info({ signal }, 'shutting down');
    try {
      await arbiter.close();
      process.exit(0);
    } catch (err) {
      ctx.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (config.scheduler) scheduler.start();
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${(app.server.address() as { port: number }).port}`;
  const lines = [``, `Arbiter is running on ${ctx.handle.engine === 'pglite' ? `the embedded database (${config.dataDir})` : 'PostgreSQL'}.`, `  Console: ${address}/`, `  API docs: ${address}/docs`];
  if (demo) {
    lines.push(``, `Demo logins (password for all: ${demo.password}):`);
    for (const l of demo.logins) lines.push(`  ${l.role.padEnd(20)} ${l.email}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
