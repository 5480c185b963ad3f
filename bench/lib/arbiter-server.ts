// Arbiter as the benchmarks run it: a separate process on the given DATABASE_URL, no scheduler, quiet logs.
import { boot } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';

const config = loadConfig({ ...process.env, ARBITER_LOG_LEVEL: 'silent', ARBITER_SCHEDULER: '0', ARBITER_DEMO: '0', PORT: '0' });
const arbiter = await boot(config);
await arbiter.app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ port: (arbiter.app.server.address() as { port: number }).port });
process.on('SIGTERM', () => void arbiter.close().then(() => process.exit(0)));
