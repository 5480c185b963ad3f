/**
 * Use-cases of the logistics area, one file per part of the journey:
 *   receipts.ts   — the warehouse scans a seller's parcel in, weighs and photographs it, passes QC
 *   parcels.ts    — one buyer's orders consolidated into an international parcel; shipping; carrier events
 *   protection.ts — the buyer's protection period: confirmation, extension, its end; disputes near its end
 *   timeline.ts   — the buyer-facing tracking of an order
 */
export { addReceiptPhoto, getReceipt, openReceiptPhoto, passQc, receiveAtWarehouse, MAX_PHOTO_BYTES } from './receipts.js';
export type { ReceiptInput, ReceiptView, ReceiptPhotoView, QcPassView } from './receipts.js';
export { cancelParcel, createParcel, getParcel, listParcels, recordParcelEvents, shipParcel } from './parcels.js';
export type { ParcelInput, ParcelView, ParcelEventInput } from './parcels.js';
export {
  TASK_PROTECTION_END,
  confirmDelivery,
  declineProtectionExtension,
  extendProtection,
  getProtection,
  recordDisputeClosed,
  recordDisputeOpened,
  requestProtectionExtension,
  runProtectionEnd,
} from './protection.js';
export type { DisputeOpeningRecord, ProtectionView } from './protection.js';
export { getOrderTracking } from './timeline.js';
export type { OrderTracking, TrackingEvent } from './timeline.js';
export { NEAR_PROTECTION_EXPIRY_DAYS } from './rules.js';
