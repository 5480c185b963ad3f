import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.js';

export type DB = Kysely<Database>;

/**
 * One database, two engines: PGlite (PostgreSQL in WASM, embedded) by default, a PostgreSQL server when a URL
 * is given. `exec` runs multi-statement SQL (migrations) on the engine's native client.
 */
export interface DatabaseHandle {
  db: DB;
  engine: 'pglite' | 'postgres';
  exec(sqlText: string): Promise<void>;
  /** Runs fn while holding a cluster-wide lock, so replicas migrate one at a time. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL of a server; without it PGlite is used. */
  url?: string;
  /** Directory for PGlite's files; without it PGlite keeps everything in memory. */
  dataDir?: string;
  /** PostgreSQL schema to use on a server (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
}

// int8 (counts, sums of minor units) as numbers; dates as 'YYYY-MM-DD' strings, never shifted by a time zone.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  return options.url ? openServer(options) : openEmbedded(options);
}

async function openEmbedded(options: OpenOptions): Promise<DatabaseHandle> {
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = path.join(options.dataDir, 'pgdata');
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create({
    dataDir,
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v, [NUMERIC]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    exec: async (sqlText) => {
      try {
        await pglite.exec(sqlText);
      } catch (err) {
        await pglite.exec('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    // A single embedded connection has no concurrent migrator.
    withMigrationLock: (fn) => fn(),
    close: async () => {
      await db.destroy(); // closes PGlite too
    },
  };
}

async function openServer(options: OpenOptions): Promise<DatabaseHandle> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
  const poolConfig: pg.PoolConfig = {
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = new pg.Pool(poolConfig);
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    exec: async (sqlText) => {
      const client = await pool.connect();
      try {
        await client.query(sqlText);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    withMigrationLock: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(7261003)');
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(7261003)').catch(() => {});
        client.release();
      }
    },
    close: async () => {
      await db.destroy(); // ends the pool
    },
  };
}
