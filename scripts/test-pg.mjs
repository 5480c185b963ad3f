#!/usr/bin/env node
// Runs the same suite against a PostgreSQL server, in a freshly created database.
// PG_TEST_SERVER (default postgres://postgres@127.0.0.1:5432) names the server.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const server = process.env.PG_TEST_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const dbName = `arbiter_test_${Date.now()}`;
const admin = new pg.Client({ connectionString: `${server}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
console.log(`Testing against PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version}, database ${dbName}`);
const result = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: `${server}/${dbName}` },
});
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
process.exit(result.status ?? 1);
