import { abusiveMessages } from './abusive-messages.js';
import { duplicateEvidence, serialClaims } from './buyers.js';
import { cannotSupply } from './cannot-supply.js';
import { lateShipmentRate } from './late-shipment-rate.js';
import { priceBelowMedian, prohibitedItems, shippingOvercharge } from './listings.js';
import { protectionExpiryDisputes } from './protection-expiry-disputes.js';
import { ratingManipulation } from './rating-manipulation.js';
import { repeatedDelays } from './repeated-delays.js';
import { sellerCancellationRate } from './seller-cancellation-rate.js';
import { shippingRefusal } from './shipping-refusal.js';
import { fictitiousDispatch, methodMismatch } from './signals.js';
import type { Detector } from './types.js';

export type { Detector, DetectorEnv, Proposal } from './types.js';

/** Every detector, one per rule (a rule's detector is skipped while the policy disables the rule). */
export const DETECTORS: readonly Detector[] = [
  lateShipmentRate,
  sellerCancellationRate,
  shippingRefusal,
  repeatedDelays,
  fictitiousDispatch,
  methodMismatch,
  abusiveMessages,
  ratingManipulation,
  priceBelowMedian,
  shippingOvercharge,
  cannotSupply,
  prohibitedItems,
  protectionExpiryDisputes,
  serialClaims,
  duplicateEvidence,
];
