import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { DocumentKind } from '../db/tables/sellers.js';
import type { DocumentDecision } from '../domain/sellers.js';
import { decideDocument, uploadDocument } from '../modules/sellers/documents.js';
import { approveApplication, createSeller, getApplication, rejectApplication, startReview, submitApplication } from '../modules/sellers/service.js';
import type { Actor } from '../platform/actor.js';
import type { SellerSpec } from './catalogue.js';
import { addDays, dayOf } from './dates.js';
import { identityPaper, licencePaper, proofOfAddressPaper, type Paper } from './paperwork.js';

/**
 * Each seller's path through verification as a list of dated steps, all through the sellers use-cases so
 * the history, outbox and scheduled expiries are the ones real use would leave.
 */

export interface Step {
  at: number;
  label: string;
  run: () => Promise<void>;
}

export interface Cast {
  officer: Actor;
  admin: Actor;
}

const DAY_MS = 86_400_000;

const REASONS = {
  oldBill:
    'The electricity bill is more than three months old. Please upload a bill issued within the last three months. 电费单已超过三个月，请上传最近三个月内的账单。',
  blurredId:
    'The ID number cannot be read on this photo. Please upload a sharp photo of the whole card. 照片中的证件号码无法辨认，请上传清晰的完整证件照片。',
  wrongLicence:
    'The licence is issued to 东莞市乐趣玩具有限公司, not to the applicant 东莞市乐趣玩具制造有限公司. 营业执照上的企业名称与申请主体不一致。',
  rejected:
    'The business licence does not belong to the applying company. Contact support if this is a mistake. 营业执照与申请企业不符；如有疑问请联系客服。',
};

export function stepsFor(ctx: AppContext, s: SellerSpec, ownerAccount: Actor, cast: Cast, now: Date): Step[] {
  const today = dayOf(now);
  const registeredOn = dayOf(new Date(now.getTime() - s.daysAgo * DAY_MS));
  let owner = ownerAccount;
  let sellerId = '';
  const steps: Step[] = [];
  /** A step `offset` days after the seller registered. */
  const at = (offset: number, label: string, run: () => Promise<void>) =>
    steps.push({ at: now.getTime() - (s.daysAgo - offset) * DAY_MS, label: `seller${s.n} ${label}`, run });

  const upload = async (kind: DocumentKind, paper: Paper | Promise<Paper>) => {
    const p = await paper;
    await uploadDocument(ctx, owner, { sellerId, kind, fileName: p.fileName, expiresOn: p.expiresOn, body: Readable.from([p.bytes]) });
  };
  const decide = async (kind: DocumentKind, decision: DocumentDecision, reason: string | null = null) => {
    const view = await getApplication(ctx, cast.officer, sellerId);
    const doc = view.documents.find((d) => d.kind === kind)!;
    await decideDocument(ctx, cast.officer, doc.id, decision, reason);
  };
  const kinds: DocumentKind[] = s.businessType === 'company' ? ['identity', 'business_licence', 'proof_of_address'] : ['identity', 'proof_of_address'];

  at(0, 'registers', async () => {
    const view = await createSeller(ctx, owner, {
      legalName: s.legalNameZh,
      shopName: s.shopName,
      country: 'CN',
      region: s.region,
      businessType: s.businessType,
      contactName: s.owner.nameZh,
      contactEmail: s.contactEmail,
      contactPhone: s.contactPhone,
      storefronts: s.storefronts,
    });
    sellerId = view.seller.id;
    owner = { ...owner, memberships: [{ sellerId, memberRole: 'owner' }] };
  });

  const identityValidUntil = s.story === 'reverification' ? addDays(today, -3) : undefined;
  at(0.01, 'uploads the identity card', () => upload('identity', identityPaper(s, registeredOn, { validUntil: identityValidUntil })));
  if (s.story === 'draft_partial') return steps;

  const billMonthsBack = s.story === 'revision_requested' ? 8 : 1;
  at(0.015, 'uploads a utility bill', () => upload('proof_of_address', proofOfAddressPaper(s, registeredOn, billMonthsBack)));
  if (s.businessType === 'company') {
    const licence = {
      validUntil: s.story === 'expiring' ? addDays(today, 18) : undefined,
      issuedTo: s.story === 'rejected' ? { zh: '东莞市乐趣玩具有限公司', en: 'Dongguan Lequ Toys Co., Ltd.' } : undefined,
    };
    at(0.02, 'uploads the business licence', () => upload('business_licence', licencePaper(s, registeredOn, licence)));
  }
  if (s.story === 'draft_complete') return steps;

  at(0.05, 'submits', async () => void (await submitApplication(ctx, owner, sellerId)));
  if (s.story === 'submitted') return steps;

  // Officers pick applications up a day later (two for the one that turns out wrong).
  const review = s.story === 'under_review' ? s.daysAgo - 1 : s.story === 'rejected' ? 2 : 1;
  at(review, 'is taken into review', async () => void (await startReview(ctx, cast.officer, sellerId)));

  switch (s.story) {
    case 'under_review':
      at(review + 0.01, 'has the identity card approved', () => decide('identity', 'approve'));
      break;
    case 'revision_requested':
      at(review + 0.01, 'has the identity card approved', () => decide('identity', 'approve'));
      at(review + 0.02, 'has the licence approved', () => decide('business_licence', 'approve'));
      at(review + 0.03, 'is asked for a recent bill', () => decide('proof_of_address', 'request_revision', REASONS.oldBill));
      break;
    case 'resubmitted':
      at(review + 0.01, 'has the licence approved', () => decide('business_licence', 'approve'));
      at(review + 0.02, 'has the bill approved', () => decide('proof_of_address', 'approve'));
      at(review + 0.03, 'is asked for a sharper identity photo', () => decide('identity', 'request_revision', REASONS.blurredId));
      at(review + 1, 'uploads a sharper photo', () => upload('identity', identityPaper(s, registeredOn, { version: 2 })));
      at(review + 1.01, 'resubmits', async () => void (await submitApplication(ctx, owner, sellerId)));
      break;
    case 'rejected':
      at(review + 0.01, 'has the identity card approved', () => decide('identity', 'approve'));
      at(review + 0.02, 'has the bill approved', () => decide('proof_of_address', 'approve'));
      at(review + 0.03, 'has the licence rejected', () => decide('business_licence', 'reject', REASONS.wrongLicence));
      at(review + 0.04, 'is rejected', async () => void (await rejectApplication(ctx, cast.officer, sellerId, REASONS.rejected)));
      break;
    default: // verified, expiring, reverification: approved; the scheduler does the rest
      kinds.forEach((kind, i) => at(review + 0.01 * (i + 1), `has the ${kind} approved`, () => decide(kind, 'approve')));
      at(review + 0.05, 'is verified', async () => void (await approveApplication(ctx, cast.officer, sellerId)));
  }
  return steps;
}
