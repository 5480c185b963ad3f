import type { Bilingual } from './render.js';

/**
 * The words of a post-delivery dispute in English and Simplified Chinese: issue types, their details, evidence
 * kinds and the seller's reasons for contesting. A leaf module (no imports but types) so render.ts can use it.
 */

export const DISPUTE_TYPES = ['not_received', 'missing_item', 'damaged_item', 'wrong_item', 'not_as_described'] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];

/** What exactly went wrong, per issue type: the resolution matrix gives each its tier. */
export const DISPUTE_DETAILS = {
  not_received: ['lost_in_transit', 'delivered_not_received', 'customs_confiscated'],
  missing_item: ['missing_accessory', 'missing_units', 'empty_parcel'],
  damaged_item: ['packaging_only', 'cosmetic', 'functional', 'unusable'],
  wrong_item: ['wrong_size', 'wrong_colour', 'different_item'],
  not_as_described: ['minor_difference', 'significant_difference', 'counterfeit'],
} as const satisfies Record<DisputeType, readonly string[]>;
export type DisputeDetail = (typeof DISPUTE_DETAILS)[DisputeType][number];
export const ALL_DISPUTE_DETAILS = [...new Set(Object.values(DISPUTE_DETAILS).flat())] as DisputeDetail[];

/** Evidence a buyer or a seller attaches (seed 004's evidence protocol, and the seller's own side). */
export const BUYER_EVIDENCE_KINDS = ['unboxing_video', 'exterior_photo', 'scale_photo', 'label_photo', 'item_photo', 'customs_notice', 'other'] as const;
export const SELLER_EVIDENCE_KINDS = ['packing_video', 'packing_photo', 'dispatch_weight_proof', 'carrier_proof', 'other'] as const;
export const EVIDENCE_KINDS = ['unboxing_video', 'exterior_photo', 'scale_photo', 'label_photo', 'item_photo', 'customs_notice', 'packing_video', 'packing_photo', 'dispatch_weight_proof', 'carrier_proof', 'other'] as const satisfies readonly EvidenceKind[];
export type BuyerEvidenceKind = (typeof BUYER_EVIDENCE_KINDS)[number];
export type SellerEvidenceKind = (typeof SELLER_EVIDENCE_KINDS)[number];
export type EvidenceKind = BuyerEvidenceKind | SellerEvidenceKind;

/** Why a seller contests a claim; each renders in both languages. */
export const CONTEST_REASONS = ['packed_complete', 'weight_matches', 'carrier_confirms_delivery', 'item_as_listed', 'damage_after_delivery', 'evidence_insufficient', 'other'] as const;
export type ContestReason = (typeof CONTEST_REASONS)[number];

export const ISSUE_TYPE_LABELS: Record<DisputeType, Bilingual> = {
  not_received: { en: 'not received', 'zh-CN': '未收到货' },
  missing_item: { en: 'missing item', 'zh-CN': '缺件/少件' },
  damaged_item: { en: 'damaged item', 'zh-CN': '商品破损' },
  wrong_item: { en: 'wrong item', 'zh-CN': '发错货' },
  not_as_described: { en: 'not as described', 'zh-CN': '与描述不符' },
};

export const DETAIL_LABELS: Record<DisputeDetail, Bilingual> = {
  lost_in_transit: { en: 'the parcel was lost in transit', 'zh-CN': '包裹在运输途中丢失' },
  delivered_not_received: { en: 'the carrier shows delivered, but nothing arrived', 'zh-CN': '物流显示已签收，但买家未收到' },
  customs_confiscated: { en: 'the parcel was confiscated by customs', 'zh-CN': '包裹被海关没收' },
  missing_accessory: { en: 'an accessory or component is missing', 'zh-CN': '缺少配件或部件' },
  missing_units: { en: 'some of the ordered units are missing', 'zh-CN': '部分商品数量缺失' },
  empty_parcel: { en: 'the parcel arrived empty', 'zh-CN': '包裹到达时是空的' },
  packaging_only: { en: 'only the packaging is damaged (crushed box)', 'zh-CN': '仅外包装破损（纸盒压坏）' },
  cosmetic: { en: 'cosmetic damage (loose thread, small washable stain, light scratch)', 'zh-CN': '轻微外观瑕疵（线头、可洗污渍、轻微划痕）' },
  functional: { en: 'functional damage (broken hardware, deep scratch)', 'zh-CN': '功能性损坏（五金件损坏、深划痕）' },
  unusable: { en: 'the item is destroyed and unusable', 'zh-CN': '商品完全损坏，无法使用' },
  wrong_size: { en: 'the wrong size was sent', 'zh-CN': '发错尺码' },
  wrong_colour: { en: 'the wrong colour was sent', 'zh-CN': '发错颜色' },
  different_item: { en: 'a completely different item was sent', 'zh-CN': '发来的是完全不同的商品' },
  minor_difference: { en: 'a minor difference from the listing', 'zh-CN': '与描述有轻微差异' },
  significant_difference: { en: 'a significant difference from the listing (material, function)', 'zh-CN': '与描述有明显差异（材质、功能）' },
  counterfeit: { en: 'the item appears to be counterfeit', 'zh-CN': '疑似假货' },
};

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, Bilingual> = {
  unboxing_video: { en: 'continuous unboxing video starting on the shipping label', 'zh-CN': '从快递面单开始的完整开箱视频' },
  exterior_photo: { en: "photo of the parcel's exterior", 'zh-CN': '包裹外观照片' },
  scale_photo: { en: 'photo of the unopened parcel on a scale', 'zh-CN': '未拆封包裹称重照片' },
  label_photo: { en: 'photo of the shipping label', 'zh-CN': '快递面单照片' },
  item_photo: { en: 'photo of the item', 'zh-CN': '商品照片' },
  customs_notice: { en: "customs' confiscation notice", 'zh-CN': '海关没收通知' },
  packing_video: { en: 'packing video', 'zh-CN': '打包视频' },
  packing_photo: { en: 'packing photo', 'zh-CN': '打包照片' },
  dispatch_weight_proof: { en: 'proof of the weight at dispatch', 'zh-CN': '发货称重凭证' },
  carrier_proof: { en: "the carrier's proof (delivery scan, signature)", 'zh-CN': '物流凭证（签收记录、签名）' },
  other: { en: 'other evidence', 'zh-CN': '其他证据' },
};

export const CONTEST_REASON_LABELS: Record<ContestReason, Bilingual> = {
  packed_complete: { en: 'the parcel was packed complete (see the packing evidence)', 'zh-CN': '包裹发货时完整（见打包证据）' },
  weight_matches: { en: 'the measured weights match what was sent', 'zh-CN': '称重结果与发货一致' },
  carrier_confirms_delivery: { en: 'the carrier confirms delivery to the buyer', 'zh-CN': '物流确认已妥投给买家' },
  item_as_listed: { en: 'the item matches the listing', 'zh-CN': '商品与描述一致' },
  damage_after_delivery: { en: 'the damage happened after delivery', 'zh-CN': '损坏发生在签收之后' },
  evidence_insufficient: { en: 'the evidence does not show the problem', 'zh-CN': '证据无法证明所述问题' },
  other: { en: 'another reason', 'zh-CN': '其他原因' },
};

export function isDisputeType(t: string): t is DisputeType {
  return (DISPUTE_TYPES as readonly string[]).includes(t);
}
