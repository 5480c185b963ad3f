import type { AppContext } from '../../context.js';
import { computeScorecards } from './service.js';

/**
 * `arbiter scorecards`: every seller's scorecard as of a day, one JSON object per line (--json) or a table. Computed
 * on the spot, nothing stored; `windowDays` sets every metric's window.
 */
export async function printScorecards(
  ctx: AppContext,
  opts: { json?: boolean; asOf?: string; windowDays?: number },
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  const { asOf, policyVersion, run } = await computeScorecards(ctx, { asOf: opts.asOf, windowDays: opts.windowDays });
  if (!opts.json) write(['seller'.padEnd(34), 'score', 'tier'.padEnd(8), 'orders'].join('  '));
  for (const { seller, card } of run.sellers) {
    if (opts.json) {
      const metrics = Object.fromEntries(
        card.metrics.map((m) => [
          m.key,
          { kind: m.kind, numerator: m.numerator, denominator: m.denominator, value: m.value, smoothed: m.smoothed, interval: m.interval, windowDays: m.windowDays },
        ]),
      );
      write(JSON.stringify({ seller: seller.externalId ?? seller.sellerId, id: seller.sellerId, asOf, policyVersion, score: card.score, tier: card.tier, metrics }));
    } else {
      write([(seller.externalId ?? seller.sellerId).padEnd(34), String(card.score).padStart(5), card.tier.padEnd(8), String(seller.counts.order_defect_rate?.den ?? 0)].join('  '));
    }
  }
  return run.sellers.length;
}
