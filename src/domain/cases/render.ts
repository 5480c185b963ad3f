import { minorDigits } from '../money.js';
import { CONTEST_REASON_LABELS, type ContestReason } from './dispute-labels.js';
import type { DisputeEvent } from './dispute.js';
import type { QcFailureEvent, QcIssueType, QcSeverity, RefusalReason } from './qc-failure.js';
import type { Remedy } from './remedies.js';

/**
 * Claims, proposals and decisions rendered in English and Simplified Chinese from their structured fields
 * (DESIGN §3 "i18n"; seed 004: the other side reads through translation software, so keep it factual). Free
 * text a person typed (a reason, a note) is quoted as written, never machine-translated.
 */
export interface Bilingual {
  en: string;
  'zh-CN': string;
}

const CURRENCY_ZH: Record<string, string> = { USD: '美元', EUR: '欧元', GBP: '英镑', CNY: '元', JPY: '日元', AUD: '澳元', CAD: '加元', HKD: '港元', BRL: '雷亚尔' };

/** 1234 USD → "12.34 USD" / "12.34 美元". */
export function renderMoney(amount: number, currency: string): Bilingual {
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 10 ** digits).toLocaleString('en-US');
  const frac = digits ? `.${String(abs % 10 ** digits).padStart(digits, '0')}` : '';
  const n = `${sign}${whole}${frac}`;
  return { en: `${n} ${currency}`, 'zh-CN': `${n} ${CURRENCY_ZH[currency] ?? currency}` };
}

const quote = (text: string) => ({ en: `“${text}”`, zh: `“${text}”` });

export interface RemedyContext {
  currency: string;
  /** The item's price (line total): what a return refunds. */
  claimAmount?: number;
}

export function renderRemedy(r: Remedy, c: RemedyContext): Bilingual {
  switch (r.type) {
    case 'return_for_refund': {
      if (c.claimAmount === undefined) return { en: 'Return the item to the seller for a full refund', 'zh-CN': '退货退款：商品退回卖家，全额退款' };
      const m = renderMoney(c.claimAmount, c.currency);
      return { en: `Return the item to the seller for a refund of ${m.en}`, 'zh-CN': `退货退款：商品退回卖家，退款 ${m['zh-CN']}` };
    }
    case 'partial_refund': {
      const m = renderMoney(r.amount, c.currency);
      return { en: `Keep the item with a partial refund of ${m.en}`, 'zh-CN': `部分退款：买家保留商品，退款 ${m['zh-CN']}` };
    }
    case 'accept_as_is':
      return { en: 'Keep the item as it is, without a refund', 'zh-CN': '接受现状：买家保留商品，不退款' };
    case 'exchange': {
      const wantEn: string[] = [];
      const wantZh: string[] = [];
      if (r.size) {
        wantEn.push(`size ${r.size}`);
        wantZh.push(`尺码 ${r.size}`);
      }
      if (r.colour) {
        wantEn.push(`colour ${r.colour}`);
        wantZh.push(`颜色 ${r.colour}`);
      }
      const en = wantEn.length ? `Exchange for ${wantEn.join(', ')}` : 'Exchange for a new unit of the same item';
      const zh = wantZh.length ? `换货：换成${wantZh.join('、')}` : '换货：更换一件相同的新商品';
      const d = r.priceDifference;
      if (!d) return { en: `${en}; no price difference`, 'zh-CN': `${zh}；无差价` };
      const m = renderMoney(d.amount, c.currency);
      return d.owedBy === 'buyer'
        ? { en: `${en}; the buyer pays the price difference of ${m.en}`, 'zh-CN': `${zh}；买家补差价 ${m['zh-CN']}` }
        : { en: `${en}; the seller refunds the price difference of ${m.en}`, 'zh-CN': `${zh}；卖家退还差价 ${m['zh-CN']}` };
    }
    // post-delivery disputes: the goods stay with the buyer
    case 'full_refund': {
      if (c.claimAmount === undefined) return { en: 'A full refund', 'zh-CN': '全额退款' };
      const m = renderMoney(c.claimAmount, c.currency);
      return { en: `A full refund of ${m.en}`, 'zh-CN': `全额退款 ${m['zh-CN']}` };
    }
    case 'replacement':
      return { en: 'The seller sends a replacement of the affected items', 'zh-CN': '卖家补发受影响商品的替换件' };
    case 'reshipment':
      return { en: 'The seller ships the goods again', 'zh-CN': '卖家重新发货' };
    case 'no_action':
      return { en: 'No action', 'zh-CN': '不作处理' };
  }
}

const REFUSAL: Record<RefusalReason, Bilingual> = {
  item_matches_listing: { en: 'the item matches the listing', 'zh-CN': '商品与描述一致' },
  within_tolerance: { en: 'the difference is within the stated tolerance', 'zh-CN': '差异在标注的误差范围内' },
  buyer_chose_variant: { en: 'the buyer ordered this size or colour', 'zh-CN': '买家下单的就是该尺码或颜色' },
  inspection_error: { en: 'the inspection finding is mistaken', 'zh-CN': '质检结论有误' },
  other: { en: 'another reason', 'zh-CN': '其他原因' },
};

export function renderRefusalReason(code: RefusalReason | ContestReason): Bilingual {
  return REFUSAL[code as RefusalReason] ?? CONTEST_REASON_LABELS[code as ContestReason] ?? REFUSAL.other;
}

export type ProposalKind = 'request' | 'counter' | 'refusal' | 'decision';
export type ProposalParty = 'buyer' | 'seller' | 'support' | 'system';

export interface ProposalFacts {
  kind: ProposalKind;
  party: ProposalParty;
  remedy: Remedy | null;
  reasonCode?: RefusalReason | ContestReason | null;
  /** Free text as typed (a note, or the written reason of a decision). */
  reason?: string | null;
}

/** One line for a proposal in the thread: who proposes what, with any reason quoted as written. */
export function renderProposal(p: ProposalFacts, c: RemedyContext): Bilingual {
  const remedy = p.remedy ? renderRemedy(p.remedy, c) : null;
  const note = p.reason?.trim() ? quote(p.reason.trim()) : null;
  let en: string;
  let zh: string;
  switch (p.kind) {
    case 'request':
      if (p.party === 'system') {
        en = `No choice was made in time; by policy the buyer requests: ${remedy?.en}.`;
        zh = `买家未在期限内选择；按平台规则，代买家请求：${remedy?.['zh-CN']}。`;
      } else {
        en = `The buyer requests: ${remedy?.en}.`;
        zh = `买家请求：${remedy?.['zh-CN']}。`;
      }
      break;
    case 'counter':
      en = `The seller proposes instead: ${remedy?.en}.`;
      zh = `卖家提出替代方案：${remedy?.['zh-CN']}。`;
      break;
    case 'refusal': {
      const r = renderRefusalReason(p.reasonCode ?? 'other');
      en = `The seller refuses the request: ${r.en}.`;
      zh = `卖家拒绝该请求：${r['zh-CN']}。`;
      break;
    }
    case 'decision':
      en = `Support decided: ${remedy?.en}.`;
      zh = `客服裁定：${remedy?.['zh-CN']}。`;
      break;
  }
  if (note) {
    const label = p.kind === 'decision' ? { en: 'Reason', zh: '理由' } : { en: 'Note', zh: '备注' };
    en += ` ${label.en}: ${note.en}`;
    zh += ` ${label.zh}：${note.zh}`;
  }
  return { en, 'zh-CN': zh };
}

const ISSUES: Record<QcIssueType, Bilingual> = {
  defect: { en: 'defect', 'zh-CN': '瑕疵' },
  wrong_colour: { en: 'wrong colour', 'zh-CN': '颜色不符' },
  size_discrepancy: { en: 'size discrepancy', 'zh-CN': '尺码不符' },
  damage: { en: 'damage', 'zh-CN': '破损' },
  missing_parts: { en: 'missing parts', 'zh-CN': '缺少配件' },
  not_as_described: { en: 'not as described', 'zh-CN': '与描述不符' },
  suspected_counterfeit: { en: 'suspected counterfeit', 'zh-CN': '疑似假货' },
};

const SEVERITIES: Record<QcSeverity, Bilingual> = {
  minor: { en: 'minor', 'zh-CN': '轻微' },
  major: { en: 'major', 'zh-CN': '严重' },
  critical: { en: 'critical', 'zh-CN': '非常严重' },
};

export function renderIssueType(t: QcIssueType): Bilingual {
  return ISSUES[t];
}

export function renderSeverity(s: QcSeverity): Bilingual {
  return SEVERITIES[s];
}

export interface Measurement {
  name: string;
  expected?: string | null;
  actual: string;
  unit?: string | null;
}

export function renderMeasurement(m: Measurement): Bilingual {
  const unit = m.unit ? ` ${m.unit}` : '';
  if (m.expected) {
    return { en: `${m.name}: expected ${m.expected}${unit}, measured ${m.actual}${unit}`, 'zh-CN': `${m.name}：应为 ${m.expected}${unit}，实测 ${m.actual}${unit}` };
  }
  return { en: `${m.name}: measured ${m.actual}${unit}`, 'zh-CN': `${m.name}：实测 ${m.actual}${unit}` };
}

export interface QcFindings {
  result: 'pass' | 'fail';
  severity: QcSeverity | null;
  issues: { type: QcIssueType; description?: string | null }[];
  measurements: Measurement[];
}

/** The report's verdict in one sentence, with the issues and measurements, for the buyer and the seller. */
export function renderQcFindings(f: QcFindings): Bilingual {
  if (f.result === 'pass') return { en: 'Passed quality control.', 'zh-CN': '质检合格。' };
  const sev = f.severity ? renderSeverity(f.severity) : null;
  const issuesEn = f.issues.map((i) => ISSUES[i.type].en + (i.description?.trim() ? ` (${quote(i.description.trim()).en})` : '')).join('; ');
  const issuesZh = f.issues.map((i) => ISSUES[i.type]['zh-CN'] + (i.description?.trim() ? `（${quote(i.description.trim()).zh}）` : '')).join('；');
  let en = `Failed quality control${sev ? ` (${sev.en})` : ''}: ${issuesEn || 'see notes'}.`;
  let zh = `质检不合格${sev ? `（${sev['zh-CN']}）` : ''}：${issuesZh || '见备注'}。`;
  if (f.measurements.length) {
    en += ` Measurements: ${f.measurements.map((m) => renderMeasurement(m).en).join('; ')}.`;
    zh += ` 测量：${f.measurements.map((m) => renderMeasurement(m)['zh-CN']).join('；')}。`;
  }
  return { en, 'zh-CN': zh };
}

/** What happens when a deadline passes without the awaited party acting: the case page says it in advance. */
export function renderSilenceOutcome(event: QcFailureEvent | DisputeEvent, facts: { requested?: Remedy | null; remedy?: Remedy | null } & RemedyContext): Bilingual {
  switch (event) {
    case 'request_on_silence':
      return {
        en: 'If you do not choose in time, a return for refund is requested for you.',
        'zh-CN': '如未在期限内选择，系统将代为申请退货退款。',
      };
    case 'accept_on_silence':
      return { en: 'If you do not choose in time, the item is accepted as it is and ships on.', 'zh-CN': '如未在期限内选择，将视为接受商品现状并继续发货。' };
    case 'grant_on_silence': {
      const r = facts.requested ? renderRemedy(facts.requested, facts) : null;
      return {
        en: `If the seller does not answer in time, the buyer's request is granted${r ? `: ${r.en}` : ''}. Late answers count against the seller's responsiveness.`,
        'zh-CN': `如卖家未在期限内答复，将同意买家的请求${r ? `：${r['zh-CN']}` : ''}。逾期未答复会计入卖家的响应记录。`,
      };
    }
    case 'escalate_on_silence':
    case 'mediation_on_silence':
      return { en: 'If nobody acts in time, the case goes to support, who decide.', 'zh-CN': '如未在期限内处理，案件将转交客服裁定。' };
    case 'finalise_on_silence':
      return { en: 'If neither side appeals in time, the decision takes effect.', 'zh-CN': '如双方均未在期限内申诉，裁定即生效。' };
    case 'refund_on_silence':
      return {
        en: 'If the seller does not dispatch the replacement in time, the buyer is refunded instead.',
        'zh-CN': '如卖家未在期限内发出替换商品，将改为向买家退款。',
      };
    case 'assume_receipt':
      return facts.remedy?.type === 'exchange'
        ? { en: 'If the seller does not confirm receipt in time, receipt is assumed and the seller must ship the replacement.', 'zh-CN': '如卖家未在期限内确认收货，将视为已收货，卖家须发出换货商品。' }
        : { en: 'If the seller does not confirm receipt in time, receipt is assumed and the refund is instructed.', 'zh-CN': '如卖家未在期限内确认收货，将视为已收货并发起退款。' };
    default:
      return { en: 'The case moves on automatically when the deadline passes.', 'zh-CN': '期限届满后案件将自动继续。' };
  }
}

/** The outcome of a resolved case in one line. */
export function renderOutcome(remedy: Remedy, c: RemedyContext & { refunded: number }): Bilingual {
  const r = renderRemedy(remedy, c);
  if (c.refunded > 0) {
    const m = renderMoney(c.refunded, c.currency);
    return { en: `${r.en}. Refund instructed: ${m.en}.`, 'zh-CN': `${r['zh-CN']}。已发起退款：${m['zh-CN']}。` };
  }
  return { en: `${r.en}.`, 'zh-CN': `${r['zh-CN']}。` };
}
