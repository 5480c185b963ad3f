import type { Bilingual } from './render.js';

/**
 * The weight check (seed 004: "Discrepancies between the shipping weight on the label and the actual weight are
 * irrefutable proof of missing items"). Three readings of the same parcel: the weight on the international
 * parcel's label (its declared weight), what the agent's warehouse measured when the seller's packages came in,
 * and the buyer's scale. The buyer's reading is compared with the label's weight, or with the warehouse's when the
 * label gives none; a shortfall beyond the policy's tolerance (the larger of a fixed number of grams and a share of
 * the reference) supports a missing-item claim.
 */

export interface WeightReadings {
  /** The parcel label's (declared) weight. */
  labelGrams: number | null;
  /** The warehouse's measured weight of the goods in the parcel (the seller's packages as received). */
  warehouseGrams: number | null;
  /** The buyer's scale, with the unopened parcel on it. */
  scaleGrams: number | null;
}

export interface WeightTolerance {
  grams: number;
  percent: number;
}

export type WeightVerdict = 'shortfall' | 'within_tolerance' | 'heavier' | 'no_scale_reading' | 'no_reference';

export interface WeightCheck extends WeightReadings {
  reference: 'label' | 'warehouse' | null;
  referenceGrams: number | null;
  /** Reference minus the buyer's reading (negative when the parcel weighs more). */
  differenceGrams: number | null;
  toleranceGrams: number | null;
  verdict: WeightVerdict;
  /** A shortfall beyond the tolerance: supports a missing-item (or empty-parcel) claim. */
  supportsMissingItem: boolean;
  /** The share of the reference weight that is missing, in percent (one decimal). */
  shortfallPercent: number | null;
  text: Bilingual;
}

export function toleranceFor(referenceGrams: number, t: WeightTolerance): number {
  return Math.max(t.grams, Math.round((referenceGrams * t.percent) / 100));
}

const g = (n: number) => `${n.toLocaleString('en-US')} g`;

export function checkWeight(r: WeightReadings, t: WeightTolerance): WeightCheck {
  const reference: WeightCheck['reference'] = r.labelGrams ? 'label' : r.warehouseGrams ? 'warehouse' : null;
  const referenceGrams = reference === 'label' ? r.labelGrams : reference === 'warehouse' ? r.warehouseGrams : null;
  const base = { ...r, reference, referenceGrams };
  if (referenceGrams === null) {
    return {
      ...base,
      differenceGrams: null,
      toleranceGrams: null,
      verdict: 'no_reference',
      supportsMissingItem: false,
      shortfallPercent: null,
      text: { en: 'No label or warehouse weight is known for this parcel.', 'zh-CN': '该包裹没有面单重量或仓库称重记录。' },
    };
  }
  const tolerance = toleranceFor(referenceGrams, t);
  if (r.scaleGrams === null) {
    return {
      ...base,
      differenceGrams: null,
      toleranceGrams: tolerance,
      verdict: 'no_scale_reading',
      supportsMissingItem: false,
      shortfallPercent: null,
      text: { en: `The buyer gave no scale reading; the ${reference} weight is ${g(referenceGrams)}.`, 'zh-CN': `买家未提供称重读数；${reference === 'label' ? '面单' : '仓库'}重量为 ${g(referenceGrams)}。` },
    };
  }
  const difference = referenceGrams - r.scaleGrams;
  const percent = Math.round((difference / referenceGrams) * 1000) / 10;
  const refEn = reference === 'label' ? 'the label' : "the warehouse's measurement";
  const refZh = reference === 'label' ? '面单重量' : '仓库称重';
  if (difference > tolerance) {
    return {
      ...base,
      differenceGrams: difference,
      toleranceGrams: tolerance,
      verdict: 'shortfall',
      supportsMissingItem: true,
      shortfallPercent: percent,
      text: {
        en: `The parcel weighed ${g(r.scaleGrams)} on the buyer's scale against ${g(referenceGrams)} on ${refEn}: ${g(difference)} (${percent}%) short, beyond the tolerance of ${g(tolerance)}. This supports a missing item.`,
        'zh-CN': `买家称重 ${g(r.scaleGrams)}，${refZh} ${g(referenceGrams)}：少 ${g(difference)}（${percent}%），超出允许误差 ${g(tolerance)}，支持缺件的主张。`,
      },
    };
  }
  if (difference < -tolerance) {
    return {
      ...base,
      differenceGrams: difference,
      toleranceGrams: tolerance,
      verdict: 'heavier',
      supportsMissingItem: false,
      shortfallPercent: percent,
      text: {
        en: `The parcel weighed ${g(r.scaleGrams)} on the buyer's scale, ${g(-difference)} more than ${refEn} (${g(referenceGrams)}).`,
        'zh-CN': `买家称重 ${g(r.scaleGrams)}，比${refZh}（${g(referenceGrams)}）重 ${g(-difference)}。`,
      },
    };
  }
  return {
    ...base,
    differenceGrams: difference,
    toleranceGrams: tolerance,
    verdict: 'within_tolerance',
    supportsMissingItem: false,
    shortfallPercent: percent,
    text: {
      en: `The parcel weighed ${g(r.scaleGrams)} on the buyer's scale against ${g(referenceGrams)} on ${refEn}: within the tolerance of ${g(tolerance)}.`,
      'zh-CN': `买家称重 ${g(r.scaleGrams)}，${refZh} ${g(referenceGrams)}：在允许误差 ${g(tolerance)} 以内。`,
    },
  };
}
