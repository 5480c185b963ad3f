import type { Json } from '../../db/tables/platform.js';
import type { Locale } from '../../db/tables/identity.js';
import { REFUSAL_REASONS, type RefusalReason } from '../../domain/cases/qc-failure.js';
import { renderMoney, renderRefusalReason } from '../../domain/cases/render.js';
import { registerNotificationTemplates } from '../notifications/templates.js';

/** Notifications of the case engine, each in both console languages, rendered from structured data. */
export const CASE_NOTIFICATIONS = {
  qcFailed: 'case.qc_failed',
  remedyRequested: 'case.remedy_requested',
  counterOffered: 'case.counter_offered',
  sellerRefused: 'case.seller_refused',
  escalated: 'case.escalated',
  decided: 'case.decided',
  agreed: 'case.agreed',
  labelIssued: 'return_label.issued',
  returnAddressMissing: 'case.return_address_missing',
  returnShipped: 'case.return_shipped',
  returnDelivered: 'case.return_delivered',
  replacementRequested: 'case.replacement_requested',
  replacementShipped: 'case.replacement_shipped',
  replacementFailed: 'case.replacement_failed_qc',
  resolved: 'case.resolved',
  message: 'case.message_posted',
} as const;

const N = CASE_NOTIFICATIONS;
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : fallback);
/** A deadline as the reader's day and time in Shanghai (where the sellers' calendars count). */
function when(v: unknown, locale: Locale): string {
  if (typeof v !== 'string') return locale === 'en' ? 'the deadline' : '期限';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const s = d.toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return locale === 'en' ? `${s} (Beijing time)` : `${s}（北京时间）`;
}
/** A bilingual text stored in the data ({en, zh-CN}). */
const bi = (v: unknown, locale: Locale, fallback = ''): string => {
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)[locale] === 'string') return (v as Record<string, string>)[locale];
  return fallback;
};
const item = (d: Json, locale: Locale) => str(d.itemName, locale === 'en' ? 'your item' : '商品');
const quoted = (v: unknown, locale: Locale) => (str(v) ? (locale === 'en' ? ` “${str(v)}”` : `“${str(v)}”`) : '');
const money = (d: Json, locale: Locale) => (typeof d.refunded === 'number' && typeof d.currency === 'string' ? renderMoney(d.refunded, d.currency)[locale] : '');

registerNotificationTemplates({
  [N.qcFailed]: {
    en: (d) => ({
      title: `${item(d, 'en')} failed quality control — choose a remedy`,
      body: `${bi(d.findings, 'en')} Choose a return for refund, an exchange, a partial refund or keep it as it is by ${when(d.deadlineAt, 'en')}. ${
        d.silence === 'accept_as_is' ? 'Without a choice, the item is accepted as it is.' : 'Without a choice, a return for refund is requested for you.'
      }`,
    }),
    'zh-CN': (d) => ({
      title: `${item(d, 'zh-CN')}质检不合格，请选择处理方式`,
      body: `${bi(d.findings, 'zh-CN')}请在${when(d.deadlineAt, 'zh-CN')}前选择退货退款、换货、部分退款或接受现状。${d.silence === 'accept_as_is' ? '逾期未选择将视为接受现状。' : '逾期未选择将代为申请退货退款。'}`,
    }),
  },
  [N.remedyRequested]: {
    en: (d) => ({
      title: `QC failure: the buyer asks for a remedy for ${item(d, 'en')}`,
      body: `${bi(d.remedy, 'en')}. Accept, propose another remedy or refuse with a reason by ${when(d.deadlineAt, 'en')}; without an answer the request is granted.`,
    }),
    'zh-CN': (d) => ({
      title: `质检不合格：买家就${item(d, 'zh-CN')}提出处理请求`,
      body: `${bi(d.remedy, 'zh-CN')}。请在${when(d.deadlineAt, 'zh-CN')}前同意、提出其他方案或说明理由拒绝；逾期未答复将自动同意买家的请求。`,
    }),
  },
  [N.counterOffered]: {
    en: (d) => ({ title: 'The seller proposes another remedy', body: `${bi(d.remedy, 'en')}. Accept it or ask support to decide by ${when(d.deadlineAt, 'en')}; without an answer support decides.` }),
    'zh-CN': (d) => ({ title: '卖家提出了其他处理方案', body: `${bi(d.remedy, 'zh-CN')}。请在${when(d.deadlineAt, 'zh-CN')}前接受或申请客服介入；逾期未答复将由客服裁定。` }),
  },
  [N.sellerRefused]: {
    en: (d) => ({
      title: 'The seller refused your request',
      body: `Reason: ${renderRefusalReason(REFUSAL_REASONS.includes(d.reasonCode as RefusalReason) ? (d.reasonCode as RefusalReason) : 'other').en}.${quoted(d.reason, 'en')} Ask support to decide, or keep the item as it is, by ${when(d.deadlineAt, 'en')}.`,
    }),
    'zh-CN': (d) => ({
      title: '卖家拒绝了您的请求',
      body: `原因：${renderRefusalReason(REFUSAL_REASONS.includes(d.reasonCode as RefusalReason) ? (d.reasonCode as RefusalReason) : 'other')['zh-CN']}。${quoted(d.reason, 'zh-CN')}请在${when(d.deadlineAt, 'zh-CN')}前申请客服介入或接受现状。`,
    }),
  },
  [N.escalated]: {
    en: (d) => ({ title: `A QC case needs a decision: ${item(d, 'en')}`, body: d.onSilence ? 'The deadline passed without agreement; the case is in the support queue.' : `The case was escalated to support.${quoted(d.reason, 'en')}` }),
    'zh-CN': (d) => ({ title: `质检案件待裁定：${item(d, 'zh-CN')}`, body: d.onSilence ? '期限已过仍未达成一致，案件已进入客服队列。' : `案件已提交客服处理。${quoted(d.reason, 'zh-CN')}` }),
  },
  [N.decided]: {
    en: (d) => ({ title: 'Support decided the QC case', body: `${bi(d.remedy, 'en')}. Reason:${quoted(d.reason, 'en')}` }),
    'zh-CN': (d) => ({ title: '客服已对质检案件作出裁定', body: `${bi(d.remedy, 'zh-CN')}。理由：${quoted(d.reason, 'zh-CN')}` }),
  },
  [N.agreed]: {
    en: (d) => ({ title: `Remedy agreed for ${item(d, 'en')}`, body: `${bi(d.remedy, 'en')}.` }),
    'zh-CN': (d) => ({ title: `${item(d, 'zh-CN')}的处理方案已确定`, body: `${bi(d.remedy, 'zh-CN')}。` }),
  },
  [N.labelIssued]: {
    en: (d) => ({ title: `Ship a return: ${item(d, 'en')}`, body: 'A return label was issued. Print it, ship the item back to the seller and record the tracking number on the case.' }),
    'zh-CN': (d) => ({ title: `待寄回退货：${item(d, 'zh-CN')}`, body: '退货面单已生成。请打印面单，将商品寄回卖家，并在案件中登记运单号。' }),
  },
  [N.returnAddressMissing]: {
    en: () => ({ title: 'Set your return address', body: 'A return is being sent to you, but your shop has no return address; the label uses your registered details. Set a return address for the next ones.' }),
    'zh-CN': () => ({ title: '请设置退货地址', body: '有退货正在寄给您，但您的店铺尚未设置退货地址，面单暂用注册信息。请设置退货地址。' }),
  },
  [N.returnShipped]: {
    en: (d) => ({ title: `A return is on its way: ${item(d, 'en')}`, body: `Tracking ${str(d.trackingNumber)} (${str(d.carrier)}). Confirm receipt on the case when it arrives.` }),
    'zh-CN': (d) => ({ title: `退货已寄出：${item(d, 'zh-CN')}`, body: `运单号 ${str(d.trackingNumber)}（${str(d.carrier)}）。收到后请在案件中确认收货。` }),
  },
  [N.returnDelivered]: {
    en: (d) => ({ title: 'The carrier delivered a return to you', body: `Confirm receipt by ${when(d.deadlineAt, 'en')}; otherwise receipt is assumed then.` }),
    'zh-CN': (d) => ({ title: '承运商显示退货已签收', body: `请在${when(d.deadlineAt, 'zh-CN')}前确认收货；逾期将视为已收货。` }),
  },
  [N.replacementRequested]: {
    en: (d) => ({ title: `Ship the replacement: ${item(d, 'en')}`, body: `${bi(d.remedy, 'en')}. Ship it to the warehouse with a tracking number by ${when(d.deadlineAt, 'en')}; otherwise support decides.` }),
    'zh-CN': (d) => ({ title: `请发出换货商品：${item(d, 'zh-CN')}`, body: `${bi(d.remedy, 'zh-CN')}。请在${when(d.deadlineAt, 'zh-CN')}前将换货商品寄到仓库并填写运单号；逾期将由客服裁定。` }),
  },
  [N.replacementShipped]: {
    en: (d) => ({ title: `A replacement is coming for QC: ${item(d, 'en')}`, body: `Tracking ${str(d.trackingNumber)} (${str(d.carrier)}). Inspect it on arrival and record a QC report.` }),
    'zh-CN': (d) => ({ title: `换货商品待质检：${item(d, 'zh-CN')}`, body: `运单号 ${str(d.trackingNumber)}（${str(d.carrier)}）。到货后请质检并填写质检报告。` }),
  },
  [N.replacementFailed]: {
    en: (d) => ({ title: `The replacement failed quality control: ${item(d, 'en')}`, body: `${bi(d.findings, 'en')}${d.deadlineAt ? ` Choose a remedy again by ${when(d.deadlineAt, 'en')}.` : ''}` }),
    'zh-CN': (d) => ({ title: `换货商品质检不合格：${item(d, 'zh-CN')}`, body: `${bi(d.findings, 'zh-CN')}${d.deadlineAt ? `请在${when(d.deadlineAt, 'zh-CN')}前重新选择处理方式。` : ''}` }),
  },
  [N.resolved]: {
    en: (d) => ({ title: `QC case resolved: ${item(d, 'en')}`, body: `${bi(d.remedy, 'en')}.${money(d, 'en') ? ` Refund instructed: ${money(d, 'en')}, to your original payment method.` : ''}` }),
    'zh-CN': (d) => ({ title: `质检案件已处理：${item(d, 'zh-CN')}`, body: `${bi(d.remedy, 'zh-CN')}。${money(d, 'zh-CN') ? `已发起退款 ${money(d, 'zh-CN')}，将退回原支付方式。` : ''}` }),
  },
  [N.message]: {
    en: (d) => ({ title: 'New message on a case', body: str(d.preview) }),
    'zh-CN': (d) => ({ title: '案件有新消息', body: str(d.preview) }),
  },
});
