import { DETAIL_LABELS, EVIDENCE_KIND_LABELS, ISSUE_TYPE_LABELS, type DisputeDetail, type DisputeType, type EvidenceKind } from './dispute-labels.js';
import type { Tier } from './dispute-policy.js';
import type { WeightCheck } from './dispute-weight.js';
import { renderRemedy, type Bilingual } from './render.js';
import type { Remedy } from './remedies.js';

/**
 * A dispute's claim in English and Simplified Chinese, built from its structured fields only (seed 004: "Order
 * #12345 arrived damaged. … Please see the attached unboxing video. I am requesting a replacement or a refund."):
 * the seller reads it in their language, the buyer sees the concise version of what they typed. Item names are the
 * listing's, quoted as they are; the buyer's own note is shown beside it, never machine-translated.
 */

export interface ClaimItem {
  name: string;
  /** Units affected. */
  quantity: number;
  /** Units ordered on the line. */
  ordered: number;
}

export interface ClaimFacts {
  orderRef: string;
  type: DisputeType;
  detail: DisputeDetail;
  items: ClaimItem[];
  evidence: readonly EvidenceKind[];
  /** The buyer's scale reading and the label's weight, when given. */
  weight?: Pick<WeightCheck, 'scaleGrams' | 'labelGrams' | 'referenceGrams' | 'reference'> | null;
  requested: Remedy;
  currency: string;
  claimAmount: number;
}

const g = (n: number) => `${n.toLocaleString('en-US')} g`;

function itemsText(items: ClaimItem[]): Bilingual {
  if (items.length === 0) return { en: 'the whole order', 'zh-CN': '整个订单' };
  return {
    en: items.map((i) => `“${i.name}” (${i.quantity} of ${i.ordered})`).join(', '),
    'zh-CN': items.map((i) => `“${i.name}”（${i.ordered} 件中的 ${i.quantity} 件）`).join('、'),
  };
}

function evidenceText(kinds: readonly EvidenceKind[]): Bilingual | null {
  const unique = [...new Set(kinds)];
  if (unique.length === 0) return null;
  return { en: unique.map((k) => EVIDENCE_KIND_LABELS[k].en).join('; '), 'zh-CN': unique.map((k) => EVIDENCE_KIND_LABELS[k]['zh-CN']).join('；') };
}

function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The concise claim in the buyer's voice: what the console proposes instead of long or emotional free text. */
export function renderConciseClaim(f: ClaimFacts): Bilingual {
  const issue = ISSUE_TYPE_LABELS[f.type];
  const detail = DETAIL_LABELS[f.detail];
  const items = itemsText(f.items);
  const evidence = evidenceText(f.evidence);
  const remedy = renderRemedy(f.requested, { currency: f.currency, claimAmount: f.claimAmount });
  const en = [`Order ${f.orderRef}: ${issue.en}.`, `${sentence(items.en)}: ${detail.en}.`];
  const zh = [`订单 ${f.orderRef}：${issue['zh-CN']}。`, `${items['zh-CN']}：${detail['zh-CN']}。`];
  if (evidence) {
    en.push(`Please see the attached evidence: ${evidence.en}.`);
    zh.push(`请查看所附证据：${evidence['zh-CN']}。`);
  }
  if (f.weight?.scaleGrams) {
    en.push(`The unopened parcel weighed ${g(f.weight.scaleGrams)} on my scale${f.weight.referenceGrams ? `; the ${f.weight.reference === 'label' ? 'label says' : 'warehouse measured'} ${g(f.weight.referenceGrams)}` : ''}.`);
    zh.push(`未拆封包裹称重 ${g(f.weight.scaleGrams)}${f.weight.referenceGrams ? `，${f.weight.reference === 'label' ? '面单重量' : '仓库称重'}为 ${g(f.weight.referenceGrams)}` : ''}。`);
  }
  en.push(`I request: ${lower(remedy.en)}.`);
  zh.push(`我请求：${remedy['zh-CN']}。`);
  return { en: en.join(' '), 'zh-CN': zh.join('') };
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export interface ClaimForSeller extends ClaimFacts {
  tier: Tier;
  /** The weight check's own sentence, shown when a scale reading was given. */
  weightText?: Bilingual | null;
  needsVideo: boolean;
}

/** The claim as the seller (and support) read it: third person, with the tier and the weight check. */
export function renderClaimForSeller(f: ClaimForSeller): Bilingual {
  const issue = ISSUE_TYPE_LABELS[f.type];
  const detail = DETAIL_LABELS[f.detail];
  const items = itemsText(f.items);
  const evidence = evidenceText(f.evidence);
  const remedy = renderRemedy(f.requested, { currency: f.currency, claimAmount: f.claimAmount });
  const en = [`Dispute on order ${f.orderRef}: ${issue.en} (tier ${f.tier}).`, `${sentence(items.en)}: ${detail.en}.`];
  const zh = [`订单 ${f.orderRef} 的纠纷：${issue['zh-CN']}（第 ${f.tier} 级）。`, `${items['zh-CN']}：${detail['zh-CN']}。`];
  en.push(evidence ? `Evidence: ${evidence.en}.` : 'No evidence attached.');
  zh.push(evidence ? `证据：${evidence['zh-CN']}。` : '未附证据。');
  if (f.needsVideo) {
    en.push('The unboxing video this tier requires is missing.');
    zh.push('缺少该级别要求的开箱视频。');
  }
  if (f.weightText) {
    en.push(f.weightText.en);
    zh.push(f.weightText['zh-CN']);
  }
  en.push(`The buyer requests: ${lower(remedy.en)}.`);
  zh.push(`买家请求：${remedy['zh-CN']}。`);
  return { en: en.join(' '), 'zh-CN': zh.join('') };
}

export function renderIssue(type: DisputeType, detail: DisputeDetail): Bilingual {
  return { en: `${ISSUE_TYPE_LABELS[type].en}: ${DETAIL_LABELS[detail].en}`, 'zh-CN': `${ISSUE_TYPE_LABELS[type]['zh-CN']}：${DETAIL_LABELS[detail]['zh-CN']}` };
}

const TIER_TEXT: Record<Tier, Bilingual> = {
  1: { en: 'Tier 1, cosmetic: no action or a very small partial refund', 'zh-CN': '第 1 级（外观）：不处理或少量部分退款' },
  2: { en: 'Tier 2, functional or missing component: a partial refund for repair, or a replacement if unusable', 'zh-CN': '第 2 级（功能/缺配件）：部分退款用于维修，无法使用时换货' },
  3: { en: 'Tier 3, total loss: a full refund or reshipment, with the unboxing video', 'zh-CN': '第 3 级（完全损失）：全额退款或重新发货，需开箱视频' },
};

export function renderTier(t: Tier): Bilingual {
  return TIER_TEXT[t];
}
