import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  renderIssueType,
  renderMeasurement,
  renderMoney,
  renderOutcome,
  renderProposal,
  renderQcFindings,
  renderRefusalReason,
  renderRemedy,
  renderSilenceOutcome,
} from '../../src/domain/cases/render.js';
import { QC_ISSUE_TYPES, REFUSAL_REASONS } from '../../src/domain/cases/qc-failure.js';

const USD = { currency: 'USD', claimAmount: 3000 };

describe('rendering remedies in English and Chinese', () => {
  it('renders money in minor units of the currency', () => {
    assert.deepEqual(renderMoney(1234, 'USD'), { en: '12.34 USD', 'zh-CN': '12.34 美元' });
    assert.deepEqual(renderMoney(500, 'JPY'), { en: '500 JPY', 'zh-CN': '500 日元' });
    assert.deepEqual(renderMoney(123456789, 'EUR'), { en: '1,234,567.89 EUR', 'zh-CN': '1,234,567.89 欧元' });
    assert.deepEqual(renderMoney(5, 'CHF'), { en: '0.05 CHF', 'zh-CN': '0.05 CHF' });
  });

  it('renders each remedy from its fields', () => {
    assert.deepEqual(renderRemedy({ type: 'return_for_refund' }, USD), {
      en: 'Return the item to the seller for a refund of 30.00 USD',
      'zh-CN': '退货退款：商品退回卖家，退款 30.00 美元',
    });
    assert.deepEqual(renderRemedy({ type: 'partial_refund', amount: 750 }, USD), {
      en: 'Keep the item with a partial refund of 7.50 USD',
      'zh-CN': '部分退款：买家保留商品，退款 7.50 美元',
    });
    assert.deepEqual(renderRemedy({ type: 'accept_as_is' }, USD), { en: 'Keep the item as it is, without a refund', 'zh-CN': '接受现状：买家保留商品，不退款' });
    assert.deepEqual(renderRemedy({ type: 'exchange', size: 'L', colour: 'black', priceDifference: { amount: 500, owedBy: 'buyer' } }, USD), {
      en: 'Exchange for size L, colour black; the buyer pays the price difference of 5.00 USD',
      'zh-CN': '换货：换成尺码 L、颜色 black；买家补差价 5.00 美元',
    });
    assert.deepEqual(renderRemedy({ type: 'exchange', size: 'M', priceDifference: { amount: 200, owedBy: 'seller' } }, USD), {
      en: 'Exchange for size M; the seller refunds the price difference of 2.00 USD',
      'zh-CN': '换货：换成尺码 M；卖家退还差价 2.00 美元',
    });
    assert.deepEqual(renderRemedy({ type: 'exchange' }, USD), { en: 'Exchange for a new unit of the same item; no price difference', 'zh-CN': '换货：更换一件相同的新商品；无差价' });
  });

  it('renders proposals as one factual line, quoting free text as written', () => {
    assert.deepEqual(renderProposal({ kind: 'request', party: 'buyer', remedy: { type: 'partial_refund', amount: 1000 } }, USD), {
      en: 'The buyer requests: Keep the item with a partial refund of 10.00 USD.',
      'zh-CN': '买家请求：部分退款：买家保留商品，退款 10.00 美元。',
    });
    assert.deepEqual(renderProposal({ kind: 'counter', party: 'seller', remedy: { type: 'partial_refund', amount: 600 }, reason: '线头可以剪掉' }, USD), {
      en: 'The seller proposes instead: Keep the item with a partial refund of 6.00 USD. Note: “线头可以剪掉”',
      'zh-CN': '卖家提出替代方案：部分退款：买家保留商品，退款 6.00 美元。 备注：“线头可以剪掉”',
    });
    assert.deepEqual(renderProposal({ kind: 'refusal', party: 'seller', remedy: null, reasonCode: 'within_tolerance' }, USD), {
      en: 'The seller refuses the request: the difference is within the stated tolerance.',
      'zh-CN': '卖家拒绝该请求：差异在标注的误差范围内。',
    });
    assert.deepEqual(renderProposal({ kind: 'decision', party: 'support', remedy: { type: 'return_for_refund' }, reason: 'Photos show a torn seam.' }, USD), {
      en: 'Support decided: Return the item to the seller for a refund of 30.00 USD. Reason: “Photos show a torn seam.”',
      'zh-CN': '客服裁定：退货退款：商品退回卖家，退款 30.00 美元。 理由：“Photos show a torn seam.”',
    });
    const silence = renderProposal({ kind: 'request', party: 'system', remedy: { type: 'return_for_refund' } }, USD);
    assert.match(silence.en, /^No choice was made in time; by policy the buyer requests: Return the item/);
    assert.match(silence['zh-CN'], /^买家未在期限内选择/);
  });

  it('has wording in both languages for every issue type and refusal reason', () => {
    for (const t of QC_ISSUE_TYPES) {
      const r = renderIssueType(t);
      assert.ok(r.en && r['zh-CN'] && r.en !== r['zh-CN'], t);
      assert.match(r['zh-CN'], /[\u4e00-\u9fff]/);
    }
    for (const c of REFUSAL_REASONS) {
      const r = renderRefusalReason(c);
      assert.match(r['zh-CN'], /[\u4e00-\u9fff]/, c);
    }
  });

  it('renders QC findings with issues, severity and measurements', () => {
    const r = renderQcFindings({
      result: 'fail',
      severity: 'major',
      issues: [{ type: 'size_discrepancy' }, { type: 'defect', description: 'loose thread on the left sleeve' }],
      measurements: [{ name: 'Length', expected: '70', actual: '66', unit: 'cm' }],
    });
    assert.equal(r.en, 'Failed quality control (major): size discrepancy; defect (“loose thread on the left sleeve”). Measurements: Length: expected 70 cm, measured 66 cm.');
    assert.equal(r['zh-CN'], '质检不合格（严重）：尺码不符；瑕疵（“loose thread on the left sleeve”）。 测量：Length：应为 70 cm，实测 66 cm。');
    assert.deepEqual(renderQcFindings({ result: 'pass', severity: null, issues: [], measurements: [] }), { en: 'Passed quality control.', 'zh-CN': '质检合格。' });
    assert.deepEqual(renderMeasurement({ name: 'Weight', actual: '410', unit: 'g' }), { en: 'Weight: measured 410 g', 'zh-CN': 'Weight：实测 410 g' });
  });

  it('says in advance what silence does', () => {
    assert.match(renderSilenceOutcome('grant_on_silence', { ...USD, requested: { type: 'partial_refund', amount: 900 } }).en, /buyer's request is granted: Keep the item with a partial refund of 9.00 USD/);
    assert.match(renderSilenceOutcome('grant_on_silence', { ...USD, requested: { type: 'return_for_refund' } })['zh-CN'], /同意买家的请求：退货退款/);
    assert.match(renderSilenceOutcome('request_on_silence', USD).en, /return for refund is requested for you/);
    assert.match(renderSilenceOutcome('accept_on_silence', USD)['zh-CN'], /接受商品现状/);
    assert.match(renderSilenceOutcome('escalate_on_silence', USD).en, /goes to support/);
    assert.match(renderSilenceOutcome('assume_receipt', { ...USD, remedy: { type: 'return_for_refund' } }).en, /refund is instructed/);
    assert.match(renderSilenceOutcome('assume_receipt', { ...USD, remedy: { type: 'exchange' } })['zh-CN'], /换货商品/);
    assert.deepEqual(renderOutcome({ type: 'partial_refund', amount: 900 }, { ...USD, refunded: 900 }), {
      en: 'Keep the item with a partial refund of 9.00 USD. Refund instructed: 9.00 USD.',
      'zh-CN': '部分退款：买家保留商品，退款 9.00 美元。已发起退款：9.00 美元。',
    });
  });
});
