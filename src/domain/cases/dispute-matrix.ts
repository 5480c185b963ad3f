import { REMEDY_WEIGHT, parcelArrived, type DisputeDetail, type DisputeRemedyType, type DisputeType, type EvidenceKind } from './dispute.js';
import type { MatrixRemedy, ResolutionMatrix, Tier } from './dispute-policy.js';

/**
 * The resolution matrix applied to a claim (seed 004 phase 3): the issue type and its detail give the tier, the
 * tier gives the remedies that fit, whether the unboxing video is required, and the largest partial refund. A
 * request for the goods' whole value on an issue whose tier fits only a partial refund or nothing is
 * disproportionate (a full refund for a crushed shoe box), flagged and counted in the buyer's record — for goods that
 * arrived: a buyer who received nothing is never out of proportion in asking for their money.
 */

/** The matrix's key of a claim; a confiscation is split by the parcel's insurance. */
export function matrixKey(type: DisputeType, detail: DisputeDetail, insured: boolean | null): string {
  if (detail === 'customs_confiscated') return `${type}.${insured ? 'insured_confiscation' : 'uninsured_confiscation'}`;
  return `${type}.${detail}`;
}

export interface ClaimForMatrix {
  type: DisputeType;
  detail: DisputeDetail;
  /** The international parcel's insurance, when known. */
  insured: boolean | null;
  requested: { type: DisputeRemedyType; amount?: number };
  /** The affected goods' value, minor units. */
  claimAmount: number;
  /** The kinds of evidence the buyer attached. */
  evidence: readonly EvidenceKind[];
}

export interface Assessment {
  key: string;
  tier: Tier;
  /** Whether the policy's rules named the key, or the fallback tier applied. */
  source: 'rule' | 'fallback';
  remedies: MatrixRemedy[];
  /** The largest partial refund that fits, minor units. */
  maxPartialRefund: number;
  videoRequired: boolean;
  hasVideo: boolean;
  /** A tier that requires the video, a parcel that arrived, and no video attached. */
  needsVideo: boolean;
  /** The request is among the remedies that fit (a partial refund within the tier's share). */
  requestFits: boolean;
  /** The request asks for more than the tier fits. */
  exceedsTier: boolean;
  /** The goods' whole value asked for an issue whose tier fits at most a partial refund. */
  disproportionate: boolean;
}

export function tierOf(matrix: ResolutionMatrix, key: string): { tier: Tier; source: 'rule' | 'fallback' } {
  const t = matrix.rules[key];
  return t ? { tier: t, source: 'rule' } : { tier: matrix.fallbackTier, source: 'fallback' };
}

const maxWeight = (remedies: readonly MatrixRemedy[]) => Math.max(...remedies.map((r) => REMEDY_WEIGHT[r]));

export function assess(matrix: ResolutionMatrix, claim: ClaimForMatrix): Assessment {
  const key = matrixKey(claim.type, claim.detail, claim.insured);
  const { tier, source } = tierOf(matrix, key);
  const t = matrix.tiers[String(tier) as '1' | '2' | '3'];
  const maxPartialRefund = Math.floor((claim.claimAmount * t.maxPartialRefundPercent) / 100);
  const hasVideo = claim.evidence.includes('unboxing_video');
  const videoRequired = t.videoRequired && parcelArrived(claim.type);
  const r = claim.requested;
  const listed = t.remedies.includes(r.type);
  const requestFits = listed && (r.type !== 'partial_refund' || (r.amount ?? 0) <= maxPartialRefund);
  const ceiling = maxWeight(t.remedies);
  const asked = REMEDY_WEIGHT[r.type];
  const overPartial = r.type === 'partial_refund' && (r.amount ?? 0) > maxPartialRefund;
  return {
    key,
    tier,
    source,
    remedies: [...t.remedies],
    maxPartialRefund,
    videoRequired,
    hasVideo,
    needsVideo: videoRequired && !hasVideo,
    requestFits,
    exceedsTier: asked > ceiling || overPartial,
    // A buyer who received nothing asks for nothing out of proportion, even where the matrix fits no remedy.
    disproportionate: parcelArrived(claim.type) && ceiling <= REMEDY_WEIGHT.partial_refund && asked >= REMEDY_WEIGHT.replacement,
  };
}
