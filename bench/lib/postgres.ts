import pg from 'pg';

/** A fresh database on the benchmark's PostgreSQL server, dropped by `drop()`. */
export async function freshDatabase(prefix = 'arbiter_bench'): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.PG_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${server}/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: `${server}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
