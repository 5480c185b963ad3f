import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CASE_TYPE_DEFINITIONS } from '../../src/domain/cases/index.js';
import {
  ALL_DISPUTE_DETAILS,
  CONTEST_REASONS,
  DETAIL_LABELS,
  DISPUTE_DETAILS,
  DISPUTE_TYPES,
  EVIDENCE_KINDS,
  EVIDENCE_KIND_LABELS,
  disputeMachine,
  outcomeOf,
} from '../../src/domain/cases/dispute.js';
import { checkClarity } from '../../src/domain/cases/dispute-clarity.js';
import { assess, matrixKey } from '../../src/domain/cases/dispute-matrix.js';
import { renderClaimForSeller, renderConciseClaim } from '../../src/domain/cases/dispute-render.js';
import { checkWeight, toleranceFor } from '../../src/domain/cases/dispute-weight.js';
import { renderRefusalReason, renderRemedy, renderSilenceOutcome } from '../../src/domain/cases/render.js';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { nextState } from '../../src/domain/state-machine.js';

const matrix = DEFAULT_POLICY.cases.resolutionMatrix;
const claim = (over: Partial<Parameters<typeof assess>[1]> = {}) => assess(matrix, { type: 'damaged_item', detail: 'cosmetic', insured: true, requested: { type: 'partial_refund', amount: 100 }, claimAmount: 1000, evidence: [], ...over });

describe('the dispute transition table', () => {
  it('is registered for every issue type, each on the same table', () => {
    for (const t of DISPUTE_TYPES) {
      assert.equal(CASE_TYPE_DEFINITIONS[t].machine, disputeMachine as never);
      assert.equal(CASE_TYPE_DEFINITIONS[t].initial, 'awaiting_seller');
      assert.deepEqual(CASE_TYPE_DEFINITIONS[t].deadlines.awaiting_seller, { party: 'seller', kind: 'seller_business_days', policy: 'cases.sellerResponseBusinessDays', onExpiry: 'grant_on_silence' });
    }
  });

  it('lets each party make only its own moves', () => {
    assert.equal(nextState(disputeMachine, 'awaiting_seller', 'accept_claim', ['seller']), 'agreed');
    assert.throws(() => nextState(disputeMachine, 'awaiting_seller', 'accept_claim', ['buyer']), { code: 'transition_forbidden' });
    assert.throws(() => nextState(disputeMachine, 'awaiting_seller', 'grant_on_silence', ['seller']), { code: 'transition_forbidden' });
    assert.equal(nextState(disputeMachine, 'contested', 'request_mediation', ['buyer']), 'escalated');
    assert.throws(() => nextState(disputeMachine, 'contested', 'request_mediation', ['seller']), { code: 'transition_forbidden' });
    assert.equal(nextState(disputeMachine, 'escalated', 'decide_mediation', ['support_agent']), 'decided');
    assert.throws(() => nextState(disputeMachine, 'escalated', 'decide_mediation', ['qc_inspector']), { code: 'transition_forbidden' });
    assert.equal(nextState(disputeMachine, 'decided', 'appeal', ['seller']), 'appealed');
    assert.equal(nextState(disputeMachine, 'decided', 'appeal', ['buyer']), 'appealed');
    // an appeal decision is final: no second appeal from the table either
    assert.throws(() => nextState(disputeMachine, 'appealed', 'appeal', ['buyer']), { code: 'illegal_transition' });
    assert.throws(() => nextState(disputeMachine, 'resolved', 'appeal', ['buyer']), { code: 'illegal_transition' });
    assert.throws(() => nextState(disputeMachine, 'decided', 'decide_mediation', ['support_agent']), { code: 'illegal_transition' });
  });

  it('says in advance what silence does, in both languages', () => {
    for (const e of ['grant_on_silence', 'mediation_on_silence', 'finalise_on_silence', 'refund_on_silence'] as const) {
      const t = renderSilenceOutcome(e, { currency: 'USD', claimAmount: 1500, requested: { type: 'full_refund' } });
      assert.ok(t.en.length > 10 && t['zh-CN'].length > 5, e);
      assert.doesNotMatch(t.en, /moves on automatically/, e);
    }
    assert.match(renderSilenceOutcome('grant_on_silence', { currency: 'USD', claimAmount: 1500, requested: { type: 'full_refund' } }).en, /A full refund of 15.00 USD/);
  });
});

describe('the resolution matrix', () => {
  it('gives the seed’s tiers by default', () => {
    const tier = (type: (typeof DISPUTE_TYPES)[number], detail: string, insured = true) => claim({ type, detail: detail as never, insured }).tier;
    assert.equal(tier('damaged_item', 'packaging_only'), 1);
    assert.equal(tier('damaged_item', 'cosmetic'), 1);
    assert.equal(tier('damaged_item', 'functional'), 2);
    assert.equal(tier('missing_item', 'missing_accessory'), 2);
    assert.equal(tier('wrong_item', 'wrong_size'), 2);
    assert.equal(tier('damaged_item', 'unusable'), 3);
    assert.equal(tier('missing_item', 'empty_parcel'), 3);
    assert.equal(tier('wrong_item', 'different_item'), 3);
    assert.equal(tier('not_received', 'customs_confiscated', true), 3);
    assert.equal(tier('not_received', 'customs_confiscated', false), 1);
    assert.equal(matrixKey('not_received', 'customs_confiscated', true), 'not_received.insured_confiscation');
  });

  it('has a tier for every issue and detail', () => {
    for (const type of DISPUTE_TYPES) for (const d of DISPUTE_DETAILS[type]) assert.equal(claim({ type, detail: d }).source, 'rule', `${type}.${d}`);
  });

  it('flags a whole-value demand for a cosmetic issue, not a fitting one, and never for goods that never came', () => {
    assert.equal(claim({ requested: { type: 'full_refund' } }).disproportionate, true);
    assert.equal(claim({ requested: { type: 'replacement' } }).disproportionate, true);
    assert.equal(claim({ requested: { type: 'partial_refund', amount: 150 } }).disproportionate, false);
    const over = claim({ requested: { type: 'partial_refund', amount: 900 } });
    assert.equal(over.disproportionate, false);
    assert.equal(over.exceedsTier, true);
    assert.equal(over.requestFits, false);
    assert.equal(claim({ detail: 'functional', requested: { type: 'full_refund' } }).disproportionate, false);
    assert.equal(claim({ type: 'not_received', detail: 'customs_confiscated', insured: false, requested: { type: 'full_refund' } }).disproportionate, false);
  });

  it('marks a tier-3 claim without the unboxing video, except for a parcel that never came', () => {
    assert.equal(claim({ detail: 'unusable', requested: { type: 'full_refund' } }).needsVideo, true);
    assert.equal(claim({ detail: 'unusable', requested: { type: 'full_refund' }, evidence: ['unboxing_video'] }).needsVideo, false);
    assert.equal(claim({ type: 'not_received', detail: 'lost_in_transit', requested: { type: 'full_refund' } }).needsVideo, false);
    assert.equal(claim({ detail: 'functional', requested: { type: 'replacement' } }).needsVideo, false);
  });

  it('follows the policy: an edited rule, tier or fallback', () => {
    const edited = structuredClone(matrix);
    edited.rules['damaged_item.cosmetic'] = 3;
    edited.tiers['3'].videoRequired = false;
    const a = assess(edited, { type: 'damaged_item', detail: 'cosmetic', insured: null, requested: { type: 'full_refund' }, claimAmount: 1000, evidence: [] });
    assert.equal(a.tier, 3);
    assert.equal(a.needsVideo, false);
    assert.equal(a.disproportionate, false);
    delete edited.rules['damaged_item.cosmetic'];
    assert.deepEqual([assess(edited, { type: 'damaged_item', detail: 'cosmetic', insured: null, requested: { type: 'full_refund' }, claimAmount: 1000, evidence: [] }).source], ['fallback']);
  });

  it('never lets a partial refund that fits exceed the goods’ value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DISPUTE_TYPES), fc.integer({ min: 0, max: 10_000_000 }), (type, amount) => {
        for (const detail of DISPUTE_DETAILS[type]) {
          const a = assess(matrix, { type, detail, insured: true, requested: { type: 'partial_refund', amount: 1 }, claimAmount: amount, evidence: [] });
          if (a.maxPartialRefund < 0 || a.maxPartialRefund > amount) return false;
        }
        return true;
      }),
    );
  });
});

describe('the weight check', () => {
  const t = { grams: 50, percent: 5 };
  it('compares the buyer’s scale with the label, within the larger of the fixed and relative tolerance', () => {
    assert.equal(toleranceFor(400, t), 50);
    assert.equal(toleranceFor(2000, t), 100);
    const short = checkWeight({ labelGrams: 2000, warehouseGrams: 1800, scaleGrams: 1850 }, t);
    assert.equal(short.verdict, 'shortfall');
    assert.equal(short.supportsMissingItem, true);
    assert.equal(short.differenceGrams, 150);
    assert.equal(checkWeight({ labelGrams: 2000, warehouseGrams: 1800, scaleGrams: 1900 }, t).verdict, 'within_tolerance');
    assert.equal(checkWeight({ labelGrams: 2000, warehouseGrams: null, scaleGrams: 2200 }, t).verdict, 'heavier');
    const byWarehouse = checkWeight({ labelGrams: null, warehouseGrams: 900, scaleGrams: 700 }, t);
    assert.equal(byWarehouse.reference, 'warehouse');
    assert.equal(byWarehouse.verdict, 'shortfall');
    assert.equal(checkWeight({ labelGrams: 900, warehouseGrams: 850, scaleGrams: null }, t).verdict, 'no_scale_reading');
    assert.equal(checkWeight({ labelGrams: null, warehouseGrams: null, scaleGrams: 500 }, t).verdict, 'no_reference');
    assert.match(short.text['zh-CN'], /少 150 g/);
  });

  it('supports a missing item exactly when the shortfall passes the tolerance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (label, scale) => {
        const c = checkWeight({ labelGrams: label, warehouseGrams: null, scaleGrams: scale }, t);
        return c.supportsMissingItem === label - scale > toleranceFor(label, t);
      }),
    );
  });
});

describe('the clarity check', () => {
  it('finds long sentences, slang, capitals, exclamations, insults and emotion; passes plain facts', () => {
    const codes = (text: string) => checkClarity(text).findings.map((f) => f.code);
    assert.deepEqual(checkClarity('Order 12345 arrived damaged. The leather is torn on the sleeve. I request a replacement.').findings, []);
    assert.ok(codes("I can't believe it!! This is UNACCEPTABLE.").includes('exclamation'));
    assert.ok(codes("I can't believe it!! This is UNACCEPTABLE.").includes('all_caps'));
    assert.ok(codes('gonna need a refund asap tbh').includes('slang'));
    assert.ok(codes('you are a scammer').includes('insult'));
    assert.ok(codes('what a sh1t seller').includes('insult'), 'leetspeak');
    assert.ok(codes('The DHL parcel for the XL USB cable arrived.').length === 0, 'codes are not shouting');
    assert.ok(codes('This is a rip-off').includes('slang'));
    assert.ok(codes('Why?? Really?!').includes('repeated_punctuation'));
    assert.ok(codes('Broken 😡').includes('emoji'));
    const long = checkClarity(Array.from({ length: 45 }, (_, i) => `word${i}`).join(' ') + '.');
    assert.equal(long.findings[0].code, 'long_sentence');
    assert.equal(long.findings[0].severity, 'problem');
    assert.equal(long.stats.longestSentenceWords, 45);
  });
});

describe('claims in English and Chinese', () => {
  const facts = {
    orderRef: 'PO-12345',
    type: 'damaged_item' as const,
    detail: 'functional' as const,
    items: [{ name: 'Leather jacket', quantity: 1, ordered: 1 }],
    evidence: ['unboxing_video', 'exterior_photo'] as const,
    requested: { type: 'replacement' as const },
    currency: 'USD',
    claimAmount: 8990,
  };
  it('renders the seed’s effective message from the fields', () => {
    const c = renderConciseClaim({ ...facts, evidence: [...facts.evidence] });
    assert.equal(
      c.en,
      'Order PO-12345: damaged item. “Leather jacket” (1 of 1): functional damage (broken hardware, deep scratch). Please see the attached evidence: continuous unboxing video starting on the shipping label; photo of the parcel\'s exterior. I request: the seller sends a replacement of the affected items.',
    );
    assert.equal(c['zh-CN'], '订单 PO-12345：商品破损。“Leather jacket”（1 件中的 1 件）：功能性损坏（五金件损坏、深划痕）。请查看所附证据：从快递面单开始的完整开箱视频；包裹外观照片。我请求：卖家补发受影响商品的替换件。');
    const s = renderClaimForSeller({ ...facts, evidence: [], tier: 3, needsVideo: true, requested: { type: 'full_refund' } });
    assert.match(s['zh-CN'], /第 3 级/);
    assert.match(s['zh-CN'], /未附证据。缺少该级别要求的开箱视频。/);
    assert.match(s['zh-CN'], /买家请求：全额退款 89.90 美元。/);
  });

  it('has both languages for every detail, evidence kind, contest reason and remedy', () => {
    for (const d of ALL_DISPUTE_DETAILS) assert.ok(DETAIL_LABELS[d].en && DETAIL_LABELS[d]['zh-CN'], d);
    for (const k of EVIDENCE_KINDS) assert.ok(EVIDENCE_KIND_LABELS[k].en && EVIDENCE_KIND_LABELS[k]['zh-CN'], k);
    for (const r of CONTEST_REASONS) assert.notEqual(renderRefusalReason(r).en, r === 'other' ? '' : 'another reason', r);
    for (const type of ['full_refund', 'replacement', 'reshipment', 'no_action'] as const) {
      const t = renderRemedy({ type }, { currency: 'EUR', claimAmount: 1234 });
      assert.ok(t.en && t['zh-CN'], type);
    }
  });

  it('judges the outcome for the buyer’s record', () => {
    assert.equal(outcomeOf({ type: 'full_refund' }, { type: 'full_refund' }, 1000, 'other'), 'buyer_won');
    assert.equal(outcomeOf({ type: 'full_refund' }, { type: 'partial_refund', amount: 300 }, 1000, 'other'), 'partly_won');
    assert.equal(outcomeOf({ type: 'full_refund' }, { type: 'replacement' }, 1000, 'other'), 'buyer_won');
    assert.equal(outcomeOf({ type: 'full_refund' }, { type: 'no_action' }, 1000, 'other'), 'buyer_lost');
    assert.equal(outcomeOf({ type: 'full_refund' }, { type: 'no_action' }, 1000, 'withdrawn'), 'withdrawn');
  });
});
