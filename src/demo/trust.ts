import type { AppContext } from '../context.js';
import { runDetectors } from '../modules/enforcement/runner.js';
import { submitAppeal } from '../modules/enforcement/appeals.js';
import { confirmViolation, proposeViolation } from '../modules/enforcement/violations.js';
import { activePolicy } from '../modules/policy/service.js';
import { replyToReview, submitReview } from '../modules/reviews/service.js';
import { submitAttempt } from '../modules/training/service.js';
import type { Question } from '../modules/training/quiz.js';
import type { Actor } from '../platform/actor.js';
import { ManualClock } from '../shared/clock.js';
import { activeShops, staffMember } from './cast.js';
import { DemoTimeline } from './timeline.js';

/**
 * The trust side of the demo, played after its orders, cases and disputes: buyers review what was delivered (most
 * kindly, some not, one abusively — held for moderation), the sellers answer the unhappy ones in Chinese, a shop
 * completes a training module, the detectors pass over the marketplace's history, an officer confirms one finding
 * and proposes another, and the seller appeals the confirmed one — so the review, scorecard, enforcement and
 * appeal pages all have something real to show. Every step is a real use-case call.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Scores and words in a fixed rotation, so the same database comes out each time. */
const REVIEWS = [
  { overall: 5, itemAsDescribed: 5, communication: 5, shippingSpeed: 4, title: 'Exactly as pictured', text: 'Good quality and well packed. Would buy from this shop again.' },
  { overall: 4, itemAsDescribed: 4, communication: 5, shippingSpeed: 3, title: 'Nice, a bit slow', text: 'The item is nice; delivery took a few days longer than promised.' },
  { overall: 5, itemAsDescribed: 5, communication: 4, shippingSpeed: 5, title: 'Fast and careful', text: 'Arrived early and the seller answered my question the same day.' },
  { overall: 2, itemAsDescribed: 2, communication: 3, shippingSpeed: 3, title: 'Not as described', text: 'The colour is darker than in the photos and the fabric feels thin.' },
  { overall: 4, itemAsDescribed: 5, communication: 4, shippingSpeed: 4, title: 'Good value', text: 'Fits well. The size chart was accurate.' },
  { overall: 1, itemAsDescribed: 1, communication: 2, shippingSpeed: 2, title: 'Broken on arrival', text: 'One part was cracked and the box was crushed. I had to ask twice for help.' },
];
const ABUSIVE = { overall: 1, itemAsDescribed: 1, communication: 1, shippingSpeed: 1, title: 'Terrible', text: 'What a shit shop, these people are idiots.' };
const REPLY_ZH = '非常抱歉给您带来不好的体验。我们已经和仓库核对了包装和质检流程，欢迎联系我们安排退换。';

export interface DemoTrustResult {
  reviews: number;
  violations: number;
  appeals: number;
}

export async function seedDemoTrust(ctx: AppContext, options: { password?: string } = {}): Promise<DemoTrustResult> {
  const password = options.password ?? 'arbiter-demo';
  const now = Math.floor(ctx.clock.now().getTime() / 60_000) * 60_000;
  const clock = new ManualClock(new Date(now - 6 * DAY));
  const demo: AppContext = { ...ctx, clock };
  const { policy } = await activePolicy(demo);
  const officer = await staffMember(demo, 'compliance_officer', { email: 'officer.trust@demo.arbiter.test', name: 'Zhang Min' }, password);
  const shops = await activeShops(demo, password, {
    id: 'sel_demo_trust_hangzhou',
    externalId: 'demo-trust-seller',
    legalName: 'Hangzhou West Lake Crafts Co., Ltd.',
    shopName: '杭州西湖手作',
    region: 'Zhejiang',
    contactName: 'Lin Yue',
    contactEmail: 'trust.seller@demo.arbiter.test',
    contactPhone: '+86 571 5555 0103',
    ownerName: '林悦',
  });
  const memberOf = new Map(shops.map((s) => [s.id, s.actor]));
  const timeline = new DemoTimeline(demo, clock, 'demo trust');
  let reviews = 0;

  // ---- reviews of delivered orders still inside the review window, a day or two after delivery -----------------
  const reviewable = await demo.db
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.buyer_id')
    .select(['orders.id', 'orders.seller_id', 'orders.buyer_id', 'orders.delivered_at', 'users.name'])
    .where('orders.delivered_at', 'is not', null)
    .where('orders.delivered_at', '>', new Date(now - (policy.evaluation.reviewWindowDays - 2) * DAY))
    .orderBy('orders.delivered_at')
    .orderBy('orders.id')
    .execute();
  reviewable.forEach((o, i) => {
    const at = Math.min(new Date(o.delivered_at as Date).getTime() + (1 + (i % 3)) * DAY, now - HOUR);
    const text = i === 7 ? ABUSIVE : REVIEWS[i % REVIEWS.length];
    const buyer: Actor = { kind: 'user', id: o.buyer_id, name: o.name, roles: ['buyer'], memberships: [], locale: 'en' };
    timeline.add(at, `review of ${o.id}`, async () => {
      const review = await submitReview(demo, buyer, o.id, text);
      reviews++;
      const seller = memberOf.get(o.seller_id);
      if (seller && text.overall <= 2 && review.status === 'published') {
        clock.set(new Date(Math.min(at + 5 * HOUR, now - 1)));
        await replyToReview(demo, seller, review.id, REPLY_ZH);
      }
    });
  });

  // ---- a shop completes the first training module ---------------------------------------------------------------
  timeline.add(now - 5 * DAY, 'training completed', async () => {
    const module = await demo.db.selectFrom('training_modules').selectAll().where('status', '=', 'published' as never).orderBy('position').orderBy('id').executeTakeFirst();
    const shop = shops[0];
    if (!module || !shop) return;
    const questions = (typeof module.questions === 'string' ? JSON.parse(module.questions) : module.questions) as Question[];
    await submitAttempt(demo, shop.actor, module.id, { sellerId: shop.id, answers: Object.fromEntries(questions.map((q) => [q.id, q.answers])) });
  });

  // ---- enforcement: the detectors' pass, one finding confirmed and appealed, one proposed by hand ---------------
  let violations = 0;
  let appeals = 0;
  timeline.add(now - 3 * DAY, 'detectors pass', async () => {
    const result = await runDetectors(demo, { sellers: null, buyers: null, kind: 'scheduled' });
    violations += result.created ?? 0;
  });
  timeline.add(now - 2 * DAY, 'officer confirms a finding', async () => {
    const proposed = await demo.db
      .selectFrom('violations')
      .select(['id', 'seller_id'])
      .where('status', '=', 'proposed')
      .where('subject_type', '=', 'seller')
      .where('seller_id', 'in', shops.map((s) => s.id))
      .orderBy('detected_at')
      .orderBy('id')
      .executeTakeFirst();
    if (!proposed?.seller_id) return;
    await confirmViolation(demo, officer, proposed.id, { reason: 'Checked against the order history: the finding stands.' });
    const seller = memberOf.get(proposed.seller_id);
    if (!seller) return;
    clock.set(new Date(now - DAY));
    await submitAppeal(demo, seller, {
      targetType: 'violation',
      targetId: proposed.id,
      statement: 'The carrier collected the parcels on time; the late scans are the carrier\'s. 承运商按时揽收，扫描延迟是承运商的问题。',
    });
    appeals++;
  });
  const second = shops[1] ?? shops[0];
  if (second) {
    timeline.add(now - 20 * HOUR, 'officer proposes a violation', async () => {
      await proposeViolation(demo, officer, {
        sellerId: second.id,
        rule: 'price_below_median',
        summary: 'Listing priced at a fraction of its category median to reach the top of search.',
        evidence: { note: 'Found while sampling the category during an audit.' },
      });
      violations++;
    });
  }

  await timeline.playUntil(now);
  return { reviews, violations, appeals };
}
