import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { boot } from '../bootstrap.js';
import { createUser } from '../modules/identity/service.js';
import { systemActor } from '../platform/actor.js';
import { USER_ROLES, type UserRole } from '../db/tables/identity.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { runOlistImport } from './import-command.js';
import { verifyLog } from '../modules/enforcement/ledger.js';
import { printScorecards } from '../modules/evaluation/cli.js';

/** `arbiter`: operations on the same database and use-cases the server runs. */
const program = new Command('arbiter').description('Arbiter — trust and resolution engine for cross-border marketplaces');

function config() {
  try {
    return loadConfig({ ARBITER_LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const c = config();
    const handle = await openDatabase({ url: c.databaseUrl, dataDir: c.dataDir });
    const applied = await migrate(handle, (v) => console.log(`applied ${v}`));
    console.log(applied.length ? `${applied.length} migration(s) applied.` : 'Database is up to date.');
    await handle.close();
  });

program
  .command('seed-demo')
  .description('seed the demo marketplace into an empty database')
  .action(async () => {
    const arbiter = await boot(config());
    const result = await seedDemoIfEmpty(arbiter.ctx);
    console.log(result ? `Demo marketplace seeded. Password for every demo login: ${result.password}` : 'The database is not empty; nothing seeded.');
    if (result) for (const l of result.logins) console.log(`  ${l.role.padEnd(20)} ${l.email}`);
    await arbiter.close();
  });

const users = program.command('users').description('manage accounts');
users
  .command('create')
  .description('create a user')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--password <password>')
  .requiredOption('--role <role...>', `one or more of ${USER_ROLES.join(', ')}`)
  .action(async (opts: { email: string; name: string; password: string; role: string[] }) => {
    const bad = opts.role.filter((r) => !(USER_ROLES as readonly string[]).includes(r));
    if (bad.length) {
      console.error(`Unknown role(s): ${bad.join(', ')}. Roles: ${USER_ROLES.join(', ')}`);
      process.exit(2);
    }
    const arbiter = await boot(config());
    try {
      const user = await createUser(arbiter.ctx, { ...systemActor, roles: ['admin'] }, { email: opts.email, name: opts.name, password: opts.password, roles: opts.role as UserRole[] });
      console.log(`Created ${user.id} <${user.email}> with roles ${user.roles.join(', ')}`);
    } catch (err) {
      console.error((err as Error).message);
      process.exitCode = 1;
    } finally {
      await arbiter.close();
    }
  });

const importCmd = program.command('import').description('import marketplace data');
importCmd
  .command('olist')
  .description('import an export in the Olist format (sellers, customers, orders, items, payments, reviews)')
  .argument('<dir>', 'folder with the olist_*_dataset.csv files')
  .option('--rejects <file>', 'write every row that could not be used, with its reason, as NDJSON')
  .option('--quiet', 'no progress bar')
  .action(async (dir: string, opts: { rejects?: string; quiet?: boolean }) => {
    const arbiter = await boot(config());
    try {
      await runOlistImport(arbiter.ctx, dir, opts);
    } catch (err) {
      console.error((err as Error).message);
      process.exitCode = 1;
    } finally {
      await arbiter.close();
    }
  });

program
  .command('scorecards')
  .description("every seller's scorecard as of a day: score, tier and each metric's counts, value, smoothed value and interval")
  .option('--json', 'one JSON object per line per seller')
  .option('--as-of <day>', 'the as-of day, YYYY-MM-DD (default: today)')
  .option('--window-days <n>', "every metric's window in days (default: the policy's)", (v) => Number(v))
  .action(async (opts: { json?: boolean; asOf?: string; windowDays?: number }) => {
    if (opts.windowDays !== undefined && !(Number.isInteger(opts.windowDays) && opts.windowDays >= 1 && opts.windowDays <= 3650)) {
      console.error('--window-days must be a whole number from 1 to 3650');
      process.exit(2);
    }
    const arbiter = await boot(config());
    try {
      await printScorecards(arbiter.ctx, opts);
    } catch (err) {
      console.error((err as Error).message);
      process.exitCode = 1;
    } finally {
      await arbiter.close();
    }
  });

program
  .command('audit')
  .description('the enforcement log')
  .command('verify')
  .description('recompute the hash chain of the enforcement log; exits 1 naming the first broken entry')
  .action(async () => {
    const arbiter = await boot(config());
    let ok = false;
    try {
      const r = await verifyLog(arbiter.ctx.db);
      ok = r.ok;
      if (r.ok) console.log(`Enforcement log intact: ${r.entries} entries, last hash ${r.lastHash}.`);
      else console.error(`Enforcement log broken at entry ${r.firstBroken!.seq}${r.firstBroken!.id ? ` (${r.firstBroken!.id})` : ''}: ${r.firstBroken!.reason.replace(/_/g, ' ')}; ${r.entries} entries before it are intact.`);
    } finally {
      await arbiter.close();
    }
    process.exit(ok ? 0 : 1);
  });

await program.parseAsync(process.argv);
