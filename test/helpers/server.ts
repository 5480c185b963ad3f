import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { boot, type Arbiter } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import type { UserRole } from '../../src/db/tables/identity.js';
import { createUser } from '../../src/modules/identity/service.js';
import { systemActor } from '../../src/platform/actor.js';
import { ManualClock } from '../../src/shared/clock.js';
import { HttpClient } from './http.js';

export interface TestServer {
  url: string;
  arbiter: Arbiter;
  clock: ManualClock;
  dataDir: string;
  /** A new user with the roles, signed in through the real login endpoint. */
  signIn(roles: UserRole[], opts?: { email?: string; name?: string }): Promise<HttpClient & { userId: string; email: string }>;
  anonymous(): HttpClient;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery';
let counter = 0;

/**
 * A real Arbiter on a real database, listening on a random local port. PGlite in memory by default; when
 * TEST_DATABASE_URL is set, a fresh schema on that PostgreSQL server.
 */
export async function startTestServer(options: { clock?: ManualClock; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbiter-test-'));
  const config = loadConfig({
    ARBITER_DATA_DIR: dataDir,
    ARBITER_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ARBITER_DEMO: '0',
    ARBITER_SCHEDULER: '0',
    ARBITER_LOGIN_RATE_LIMIT: '10000',
    ...options.env,
  });
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const serverUrl = process.env.TEST_DATABASE_URL;
  const handle = await openDatabase(serverUrl ? { url: serverUrl, schema } : {});
  const clock = options.clock ?? new ManualClock();
  const arbiter = await boot(config, { handle, clock });
  await arbiter.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(arbiter.app.server.address() as { port: number }).port}`;

  return {
    url,
    arbiter,
    clock,
    dataDir,
    anonymous: () => new HttpClient(url),
    async signIn(roles, opts = {}) {
      const email = opts.email ?? `${roles[0]}-${++counter}-${randomBytes(3).toString('hex')}@example.test`;
      const user = await createUser(arbiter.ctx, { ...systemActor, roles: ['admin'] }, { email, name: opts.name ?? `${roles[0]} ${counter}`, password: TEST_PASSWORD, roles });
      const client = new HttpClient(url);
      await client.login(email, TEST_PASSWORD);
      return Object.assign(client, { userId: user.id, email });
    },
    async close() {
      await arbiter.close();
      if (serverUrl) {
        const admin = await openDatabase({ url: serverUrl });
        await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.close();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
