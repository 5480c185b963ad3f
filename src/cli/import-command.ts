import fs from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { AppContext } from '../context.js';
import { importOlist, type ImportProgress, type ImportReport } from '../modules/imports/olist/import.js';

const PHASES: Record<ImportProgress['phase'], string> = {
  reading: 'Reading CSV files',
  sellers: 'Sellers',
  buyers: 'Buyers',
  orders: 'Orders',
  reviews: 'Reviews',
};

/** `arbiter import olist DIR`: the import with a progress bar per phase and a report of unusable rows. */
export async function runOlistImport(ctx: AppContext, dir: string, options: { rejects?: string; quiet?: boolean }): Promise<ImportReport> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  let bar: SingleBar | null = null;
  let phase: string | null = null;
  const showBar = !options.quiet && process.stderr.isTTY !== false;
  const report = await importOlist(ctx, dir, (p) => {
    if (!showBar) return;
    if (phase !== p.phase) {
      bar?.stop();
      phase = p.phase;
      bar = new SingleBar({ format: `${PHASES[p.phase].padEnd(18)} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr }, Presets.shades_classic);
      bar.start(p.total, 0);
    }
    bar!.setTotal(p.total);
    bar!.update(p.done);
  });
  (bar as SingleBar | null)?.stop();

  const r = report;
  console.log(`\nImported from ${path.resolve(dir)} in ${(r.durationMs / 1000).toFixed(1)} s`);
  console.log(`  sellers  ${r.sellers.created} new, ${r.sellers.existing} already there`);
  console.log(`  buyers   ${r.buyers.created} new, ${r.buyers.existing} already there`);
  console.log(`  orders   ${r.orders.created} new, ${r.orders.unchanged} unchanged, ${r.orders.conflicting} differing (kept as they were)`);
  console.log(`  reviews  ${r.reviews.created} new, ${r.reviews.existing} already there`);
  if (r.rejected.length) {
    const byReason = new Map<string, number>();
    for (const x of r.rejected) {
      const key = `${x.file}: ${x.reason.replace(/\b[0-9a-f]{32}\b/g, '…')}`;
      byReason.set(key, (byReason.get(key) ?? 0) + 1);
    }
    console.log(`\n${r.rejected.length} row(s) could not be used:`);
    for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)} × ${reason}`);
    if (options.rejects) {
      fs.writeFileSync(options.rejects, r.rejected.map((x) => JSON.stringify(x)).join('\n') + '\n');
      console.log(`\nEvery unusable row, with its file, line and reason: ${options.rejects}`);
    } else {
      console.log('\nUse --rejects FILE to write every unusable row with its line and reason.');
    }
  }
  return report;
}
