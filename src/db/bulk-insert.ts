import { sql, type RawBuilder } from 'kysely';

export interface BulkColumn {
  name: string;
  type: 'text' | 'text[]' | 'integer' | 'bigint' | 'boolean' | 'timestamptz' | 'jsonb';
}

/**
 * A multi-row INSERT whose rows travel as one JSON document: `INSERT … SELECT cols FROM
 * json_populate_recordset(NULL::table, $1)`. Thousands of rows cost one parameter instead of one per value; the
 * client's JSON.stringify is native and the server parses the document once, each value by its column's type.
 * Rows are arrays in `columns` order (Dates become ISO strings, jsonb columns take objects); `tail` adds ON
 * CONFLICT or RETURNING.
 */
export function bulkInsert(table: string, columns: BulkColumn[], rows: unknown[][], tail: RawBuilder<unknown> = sql``) {
  const names = columns.map((c) => c.name);
  // Dates as ISO strings, each Date object converted once (a chunk's rows share their timestamps).
  const isoOf = new Map<Date, string>();
  const json = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const v = r[i];
        if (v instanceof Date) {
          let iso = isoOf.get(v);
          if (iso === undefined) isoOf.set(v, (iso = v.toISOString()));
          o[names[i]] = iso;
        } else o[names[i]] = v;
      }
      return o;
    }),
  );
  const cols = sql.join(names.map((n) => sql.ref(n)));
  return sql`INSERT INTO ${sql.table(table)} (${cols})
    SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json) ${tail}`;
}
