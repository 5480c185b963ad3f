import type { Json } from '../../db/tables/platform.js';
import type { Locale } from '../../db/tables/identity.js';
import { CONTEST_REASONS, ISSUE_TYPE_LABELS, isDisputeType, type ContestReason } from '../../domain/cases/dispute.js';
import { renderMoney, renderRefusalReason } from '../../domain/cases/render.js';
import { registerNotificationTemplates } from '../notifications/templates.js';
import { registerEventTypes } from '../webhooks/event-types.js';

/** Notifications and outbox events of the disputes, each notification in both console languages. */
export const DISPUTE_NOTIFICATIONS = {
  opened: 'dispute.opened',
  offerMade: 'dispute.offer_made',
  contested: 'dispute.contested',
  escalated: 'dispute.escalated',
  confiscationToVerify: 'dispute.confiscation_to_verify',
  decided: 'dispute.decided',
  appealed: 'dispute.appealed',
  appealDecided: 'dispute.appeal_decided',
  agreed: 'dispute.agreed',
  resolved: 'dispute.resolved',
  replacementOrdered: 'dispute.replacement_ordered',
  evidenceAdded: 'dispute.evidence_added',
  abuseReported: 'dispute.abuse_reported',
} as const;

const N = DISPUTE_NOTIFICATIONS;
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : fallback);
const bi = (v: unknown, locale: Locale, fallback = ''): string => {
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)[locale] === 'string') return (v as Record<string, string>)[locale];
  return fallback;
};
function when(v: unknown, locale: Locale): string {
  if (typeof v !== 'string') return locale === 'en' ? 'the deadline' : '期限';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const s = d.toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return locale === 'en' ? `${s} (Beijing time)` : `${s}（北京时间）`;
}
const issue = (d: Json, locale: Locale) => (isDisputeType(str(d.issueType)) ? ISSUE_TYPE_LABELS[str(d.issueType) as keyof typeof ISSUE_TYPE_LABELS][locale] : locale === 'en' ? 'dispute' : '纠纷');
const order = (d: Json) => str(d.orderRef, str(d.orderId));
const quoted = (v: unknown, locale: Locale) => (str(v) ? (locale === 'en' ? ` “${str(v)}”` : `“${str(v)}”`) : '');
const money = (d: Json, locale: Locale) => (typeof d.refunded === 'number' && d.refunded > 0 && typeof d.currency === 'string' ? renderMoney(d.refunded, d.currency)[locale] : '');
const reason = (d: Json, locale: Locale) => renderRefusalReason((CONTEST_REASONS as readonly string[]).includes(str(d.reasonCode)) ? (str(d.reasonCode) as ContestReason) : 'other')[locale];

registerNotificationTemplates({
  [N.opened]: {
    en: (d) => ({
      title: `Dispute on order ${order(d)}: ${issue(d, 'en')}`,
      body: `${bi(d.claim, 'en')} Accept, offer another remedy, or contest with your evidence by ${when(d.deadlineAt, 'en')}; without an answer the buyer's claim is granted.`,
    }),
    'zh-CN': (d) => ({
      title: `订单 ${order(d)} 的纠纷：${issue(d, 'zh-CN')}`,
      body: `${bi(d.claim, 'zh-CN')}请在${when(d.deadlineAt, 'zh-CN')}前同意、提出其他方案或附上证据提出异议；逾期未答复将同意买家的请求。`,
    }),
  },
  [N.offerMade]: {
    en: (d) => ({ title: `The seller offers another remedy (order ${order(d)})`, body: `${bi(d.remedy, 'en')}. Accept it or ask for mediation by ${when(d.deadlineAt, 'en')}; without an answer support decides.` }),
    'zh-CN': (d) => ({ title: `卖家提出了其他方案（订单 ${order(d)}）`, body: `${bi(d.remedy, 'zh-CN')}。请在${when(d.deadlineAt, 'zh-CN')}前接受或申请调解；逾期未答复将由客服裁定。` }),
  },
  [N.contested]: {
    en: (d) => ({ title: `The seller contests your claim (order ${order(d)})`, body: `Reason: ${reason(d, 'en')}.${quoted(d.reason, 'en')} Ask for mediation or withdraw by ${when(d.deadlineAt, 'en')}; without an answer support decides.` }),
    'zh-CN': (d) => ({ title: `卖家对您的申诉提出异议（订单 ${order(d)}）`, body: `原因：${reason(d, 'zh-CN')}。${quoted(d.reason, 'zh-CN')}请在${when(d.deadlineAt, 'zh-CN')}前申请调解或撤回；逾期未答复将由客服裁定。` }),
  },
  [N.escalated]: {
    en: (d) => ({ title: `A dispute needs mediation: order ${order(d)}, tier ${str(d.tier, '?')}`, body: d.onSilence ? 'The deadline passed without agreement.' : `Mediation was requested.${quoted(d.reason, 'en')}` }),
    'zh-CN': (d) => ({ title: `纠纷待调解：订单 ${order(d)}，第 ${str(d.tier, '?')} 级`, body: d.onSilence ? '期限已过仍未达成一致。' : `已申请调解。${quoted(d.reason, 'zh-CN')}` }),
  },
  [N.confiscationToVerify]: {
    en: (d) => ({ title: `Customs confiscation to verify: order ${order(d)}`, body: d.insured ? 'The parcel is insured; confirm the confiscation and compensate through the ledger.' : 'The parcel was not insured; the matrix recommends no compensation.' }),
    'zh-CN': (d) => ({ title: `待核实海关没收：订单 ${order(d)}`, body: d.insured ? '包裹已投保；请核实没收情况并通过退款账本赔付。' : '包裹未投保；处理矩阵建议不予赔付。' }),
  },
  [N.decided]: {
    en: (d) => ({ title: `Mediation decided the dispute on order ${order(d)}`, body: `${bi(d.remedy, 'en')}. Reason:${quoted(d.reason, 'en')} Either side may appeal once, to another agent, until ${when(d.appealUntil, 'en')}.` }),
    'zh-CN': (d) => ({ title: `订单 ${order(d)} 的纠纷已调解裁定`, body: `${bi(d.remedy, 'zh-CN')}。理由：${quoted(d.reason, 'zh-CN')}双方均可在${when(d.appealUntil, 'zh-CN')}前申诉一次，由另一位客服复核。` }),
  },
  [N.appealed]: {
    en: (d) => ({ title: `Appeal of a mediation decision: order ${order(d)}`, body: `The ${str(d.side, 'party')} appealed.${quoted(d.reason, 'en')} Another agent than the one who decided reviews it.` }),
    'zh-CN': (d) => ({ title: `调解裁定被申诉：订单 ${order(d)}`, body: `${d.side === 'seller' ? '卖家' : '买家'}提出申诉。${quoted(d.reason, 'zh-CN')}将由原裁定人以外的客服复核。` }),
  },
  [N.appealDecided]: {
    en: (d) => ({ title: `The appeal on order ${order(d)} was decided`, body: `${d.outcome === 'upheld' ? 'The decision stands' : 'The decision was changed'}: ${bi(d.remedy, 'en')}. Reason:${quoted(d.reason, 'en')} This is final.` }),
    'zh-CN': (d) => ({ title: `订单 ${order(d)} 的申诉已复核`, body: `${d.outcome === 'upheld' ? '维持原裁定' : '裁定已变更'}：${bi(d.remedy, 'zh-CN')}。理由：${quoted(d.reason, 'zh-CN')}此为最终结果。` }),
  },
  [N.agreed]: {
    en: (d) => ({ title: `Dispute on order ${order(d)}: remedy agreed`, body: `${bi(d.remedy, 'en')}.` }),
    'zh-CN': (d) => ({ title: `订单 ${order(d)} 的纠纷：处理方案已确定`, body: `${bi(d.remedy, 'zh-CN')}。` }),
  },
  [N.resolved]: {
    en: (d) => ({ title: `Dispute on order ${order(d)} resolved`, body: `${bi(d.remedy, 'en')}.${money(d, 'en') ? ` Refund instructed: ${money(d, 'en')}, to the original payment method.` : ''}${str(d.replacementOrderId) ? ` Replacement order ${str(d.replacementOrderId)}.` : ''}` }),
    'zh-CN': (d) => ({ title: `订单 ${order(d)} 的纠纷已处理`, body: `${bi(d.remedy, 'zh-CN')}。${money(d, 'zh-CN') ? `已发起退款 ${money(d, 'zh-CN')}，将退回原支付方式。` : ''}${str(d.replacementOrderId) ? `补发订单 ${str(d.replacementOrderId)}。` : ''}` }),
  },
  [N.replacementOrdered]: {
    en: (d) => ({ title: `Ship the replacement: order ${str(d.replacementExternalId)}`, body: `A replacement order was created for the dispute on order ${order(d)}. Dispatch it by ${when(d.deadlineAt, 'en')}; otherwise the buyer is refunded instead.` }),
    'zh-CN': (d) => ({ title: `请发出补发订单：${str(d.replacementExternalId)}`, body: `已为订单 ${order(d)} 的纠纷生成补发订单。请在${when(d.deadlineAt, 'zh-CN')}前发货；逾期将改为向买家退款。` }),
  },
  [N.evidenceAdded]: {
    en: (d) => ({ title: `New evidence on the dispute about order ${order(d)}`, body: `The ${str(d.side, 'other side')} added ${str(d.count, '1')} file(s).` }),
    'zh-CN': (d) => ({ title: `订单 ${order(d)} 的纠纷有新证据`, body: `${d.side === 'seller' ? '卖家' : '买家'}新增了 ${str(d.count, '1')} 个文件。` }),
  },
  [N.abuseReported]: {
    en: (d) => ({ title: `Buyer reported for ${str(d.rule).replace(/_/g, ' ')}`, body: str(d.summary) }),
    'zh-CN': (d) => ({ title: `买家被举报：${d.rule === 'duplicate_evidence' ? '重复使用证据' : '过度索赔'}`, body: str(d.summary) }),
  },
});

registerEventTypes({
  'dispute.opened': 'A buyer opened a post-delivery dispute: issue type and detail, affected items, tier, weight check and flags (the case itself is `case.opened`).',
  'dispute.seller_responded': 'The seller accepted the claim, offered another remedy or contested it with evidence.',
  'dispute.seller_silence': "The seller did not answer by the deadline: the buyer's claim was granted.",
  'dispute.offer_accepted': "The buyer accepted the seller's offer.",
  'dispute.withdrawn': 'The buyer withdrew the claim.',
  'dispute.escalated': 'The dispute went to mediation (requested, on silence, or a customs confiscation to verify).',
  'dispute.decided': 'A support agent decided the dispute with a written reason; the appeal window runs.',
  'dispute.appealed': 'The buyer or the seller appealed the mediation decision (once).',
  'dispute.appeal_decided': 'Another agent decided the appeal: upheld or changed. Final.',
  'dispute.decision_final': 'The appeal window passed without an appeal: the decision takes effect.',
  'dispute.agreed': 'A remedy was agreed; carrying it out follows (refund, replacement order, or no action).',
  'dispute.replacement_ordered': 'A replacement or reshipment order was created for the seller to dispatch like any other order.',
  'dispute.resolved': "The dispute's remedy was carried out; any refund is instructed (refund.requested).",
  'dispute.evidence_added': 'A party added evidence to an open dispute.',
  'dispute.duplicate_evidence': 'A file attached as evidence was already used in another claim (of the same buyer or another).',
  'dispute.abuse_reported': 'A buyer was reported to compliance for serious abuse (reused evidence, repeated disproportionate demands).',
});
