import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './database.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: string;
  sql: string;
}

/** Forward-only migrations: `NNNN_name.sql`, applied in order, each in its own transaction, recorded once. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

export async function migrate(
  handle: DatabaseHandle,
  onApplied: (version: string) => void = () => {},
): Promise<string[]> {
  return handle.withMigrationLock(async () => {
    await handle.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await handle.db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    const applied: string[] = [];
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      const quotedVersion = m.version.replace(/'/g, "''");
      await handle.exec(
        `BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations (version) VALUES ('${quotedVersion}');\nCOMMIT;`,
      );
      applied.push(m.version);
      onApplied(m.version);
    }
    return applied;
  });
}

/** Versions not yet applied; `/ready` is false while any remain. */
export async function pendingMigrations(handle: DatabaseHandle): Promise<string[]> {
  const rows = await handle.db
    .selectFrom('schema_migrations')
    .select('version')
    .execute()
    .catch(() => [] as { version: string }[]);
  const done = new Set(rows.map((r) => r.version));
  return listMigrations()
    .map((m) => m.version)
    .filter((v) => !done.has(v));
}
