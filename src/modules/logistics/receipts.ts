import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import { IMAGE_TYPES, safeFileName, sniffType } from '../../files/file-types.js';
import { formatBytes, type StagedFile } from '../../files/storage.js';
import { orderItemMachine, orderMachine } from '../../domain/orders.js';
import { IllegalTransitionError } from '../../domain/state-machine.js';
import { normalizeTrackingNumber } from '../../domain/tracking/index.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { appendHistory, type Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { canSeeOrder } from '../orders/access.js';
import { iso, lockOrder, moveItems, requireWarehouse } from './shared.js';

/**
 * The warehouse side: a QC inspector scans the seller's parcel in (matched by the seller's tracking number, or
 * by order id), weighs it, photographs it, and passes the items that have no issue. (A failed QC belongs to the
 * QC cases.)
 */

export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
export const MAX_PHOTOS_PER_RECEIPT = 50;

export interface ReceiptPhotoView {
  id: string;
  receiptId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
}

export interface ReceiptView {
  id: string;
  orderId: string;
  orderStatus: string;
  sellerId: string;
  buyerId: string;
  shipmentId: string | null;
  trackingNumber: string | null;
  weightGrams: number;
  notes: string | null;
  receivedBy: string | null;
  receivedAt: string;
  photos: ReceiptPhotoView[];
}

export interface ReceiptInput {
  trackingNumber?: string;
  orderId?: string;
  weightGrams: number;
  notes?: string;
}

/** The order a scanned parcel belongs to: by order id, or by the seller's tracking number. */
async function resolveReceiptTarget(trx: Tx, input: ReceiptInput): Promise<{ orderId: string; shipmentId: string | null; trackingNumber: string | null }> {
  const number = input.trackingNumber !== undefined ? normalizeTrackingNumber(input.trackingNumber) : null;
  if (input.orderId) {
    const shipments = await trx
      .selectFrom('shipments')
      .select(['id', 'tracking_number'])
      .where('order_id', '=', input.orderId)
      .orderBy('dispatched_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    if (number === null) return { orderId: input.orderId, shipmentId: shipments[0]?.id ?? null, trackingNumber: shipments[0]?.tracking_number ?? null };
    const match = shipments.find((s) => s.tracking_number === number);
    if (!match) {
      throw unprocessable('tracking_number_mismatch', 'The scanned tracking number is not one the seller gave for this order.', { field: 'trackingNumber' });
    }
    return { orderId: input.orderId, shipmentId: match.id, trackingNumber: number };
  }
  const candidates = await trx
    .selectFrom('shipments')
    .innerJoin('orders', 'orders.id', 'shipments.order_id')
    .select(['shipments.id', 'shipments.order_id', 'orders.status'])
    .where('shipments.tracking_number', '=', number ?? '')
    .orderBy('shipments.dispatched_at', 'desc')
    .orderBy('shipments.id', 'desc')
    .limit(50)
    .execute();
  if (candidates.length === 0) {
    throw new AppError(404, 'shipment_not_found', 'No dispatched order has this tracking number. Check the label, or receive it by order id.', { field: 'trackingNumber' });
  }
  const waiting = candidates.filter((c) => c.status === 'dispatched');
  if (waiting.length > 1) {
    throw conflict('ambiguous_tracking_number', 'Several dispatched orders share this tracking number; receive each by its order id.', {
      orderIds: waiting.map((w) => w.order_id),
    });
  }
  const chosen = waiting[0] ?? candidates[0];
  return { orderId: chosen.order_id, shipmentId: chosen.id, trackingNumber: number };
}

/**
 * Scans a seller's parcel in at the warehouse: one receipt per order with its weight, and the order and its
 * items move dispatched → received_at_warehouse.
 */
export async function receiveAtWarehouse(ctx: AppContext, actor: Actor, input: ReceiptInput): Promise<ReceiptView> {
  requireWarehouse(actor);
  if (!input.orderId && !input.trackingNumber) throw badRequest('validation_failed', 'Give the trackingNumber on the label, or the orderId.', { errors: [{ field: 'body.trackingNumber', message: 'is required without orderId' }] });
  const at = ctx.clock.now();
  const receiptId = newId('rcv', at.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    const target = await resolveReceiptTarget(trx, input);
    const order = await lockOrder(trx, target.orderId);
    if (!order) throw notFound('Order');
    const existing = await trx.selectFrom('warehouse_receipts').select(['id', 'received_at']).where('order_id', '=', order.id).executeTakeFirst();
    if (existing) {
      throw conflict('already_received', `This order was already received at the warehouse (${existing.id}).`, { receiptId: existing.id, orderId: order.id });
    }
    const notes = input.notes?.trim() || null;
    await applyTransition(trx, {
      machine: orderMachine,
      table: 'orders',
      id: order.id,
      event: 'receive_at_warehouse',
      actor,
      at,
      sellerId: order.seller_id,
      patch: { received_at_warehouse_at: at },
      data: { receiptId, weightGrams: input.weightGrams, trackingNumber: target.trackingNumber, shipmentId: target.shipmentId },
      outbox: {
        type: 'order.received_at_warehouse',
        payload: { sellerId: order.seller_id, externalId: order.external_id, receiptId, weightGrams: input.weightGrams, receivedAt: at.toISOString() },
      },
    });
    await moveItems(trx, order, 'dispatched', 'receive_at_warehouse', actor, at, { receiptId });
    await trx
      .insertInto('warehouse_receipts')
      .values({
        id: receiptId,
        order_id: order.id,
        seller_id: order.seller_id,
        buyer_id: order.buyer_id,
        shipment_id: target.shipmentId,
        tracking_number: target.trackingNumber,
        weight_grams: input.weightGrams,
        notes,
        received_by: actor.id,
        received_at: at,
      })
      .execute();
  });
  return getReceipt(ctx, actor, receiptId);
}

function photoView(p: {
  id: string;
  receipt_id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Date;
}): ReceiptPhotoView {
  return {
    id: p.id,
    receiptId: p.receipt_id,
    fileName: p.file_name,
    mediaType: p.media_type,
    sizeBytes: Number(p.size_bytes),
    sha256: p.sha256,
    uploadedBy: p.uploaded_by,
    uploadedAt: p.uploaded_at.toISOString(),
  };
}

/** A receipt with its photos, for staff, the order's buyer and the seller's members. */
export async function getReceipt(ctx: AppContext, actor: Actor, receiptId: string): Promise<ReceiptView> {
  const r = await ctx.db
    .selectFrom('warehouse_receipts')
    .innerJoin('orders', 'orders.id', 'warehouse_receipts.order_id')
    .selectAll('warehouse_receipts')
    .select('orders.status as order_status')
    .where('warehouse_receipts.id', '=', receiptId)
    .executeTakeFirst();
  if (!r || !canSeeOrder(actor, r)) throw notFound('Receipt');
  const photos = await ctx.db.selectFrom('warehouse_receipt_photos').selectAll().where('receipt_id', '=', receiptId).orderBy('uploaded_at').orderBy('id').execute();
  return {
    id: r.id,
    orderId: r.order_id,
    orderStatus: r.order_status,
    sellerId: r.seller_id,
    buyerId: r.buyer_id,
    shipmentId: r.shipment_id,
    trackingNumber: r.tracking_number,
    weightGrams: r.weight_grams,
    notes: r.notes,
    receivedBy: r.received_by,
    receivedAt: r.received_at.toISOString(),
    photos: photos.map(photoView),
  };
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The shown name of a photo: no directories or control characters, and the extension of its real type. */
function photoFileName(raw: string | undefined, mediaType: string): string {
  const ext = EXTENSIONS[mediaType] ?? 'bin';
  const name = safeFileName(raw, `photo.${ext}`);
  const m = /^(.*)\.([A-Za-z0-9]{1,5})$/.exec(name);
  const stem = (m ? m[1] : name).slice(0, 110) || 'photo';
  return m && (m[2].toLowerCase() === ext || (ext === 'jpg' && m[2].toLowerCase() === 'jpeg')) ? name : `${stem}.${ext}`;
}

export interface PhotoUpload {
  receiptId: string;
  fileName?: string;
  body: Readable;
  contentLength?: number;
}

/**
 * A photo of the received parcel, as the raw request body: JPEG, PNG or WebP (sniffed from the content, never
 * the name or header), up to 15 MB, stored content-addressed with the uploader and the time.
 */
export async function addReceiptPhoto(ctx: AppContext, actor: Actor, input: PhotoUpload): Promise<ReceiptPhotoView> {
  let staged: StagedFile | null = null;
  try {
    requireWarehouse(actor);
    const receipt = await ctx.db.selectFrom('warehouse_receipts').select(['id', 'order_id', 'seller_id']).where('id', '=', input.receiptId).executeTakeFirst();
    if (!receipt) throw notFound('Receipt');
    if (input.contentLength !== undefined && input.contentLength > MAX_PHOTO_BYTES) {
      throw new AppError(413, 'file_too_large', `The file is larger than the limit of ${formatBytes(MAX_PHOTO_BYTES)}.`, { limitBytes: MAX_PHOTO_BYTES });
    }
    staged = await ctx.storage.stage(input.body, MAX_PHOTO_BYTES);
    if (staged.sizeBytes === 0) throw badRequest('empty_file', 'The file is empty.');
    const sniffed = await sniffType(staged.head);
    if (!sniffed || !(IMAGE_TYPES as readonly string[]).includes(sniffed.mediaType)) {
      const detected = sniffed?.mediaType ?? 'unknown';
      throw new AppError(415, 'unsupported_file_type', `The file is ${detected === 'unknown' ? 'of an unknown type' : detected}; upload a JPEG, PNG or WebP photo.`, {
        detected,
        accepted: [...IMAGE_TYPES],
      });
    }
    const file = staged;
    const now = ctx.clock.now();
    const photoId = newId('upl', now.getTime());
    const fileName = photoFileName(input.fileName, sniffed.mediaType);
    await ctx.db.transaction().execute(async (trx) => {
      await trx.selectFrom('warehouse_receipts').select('id').where('id', '=', receipt.id).forUpdate().executeTakeFirstOrThrow();
      const count = await trx.selectFrom('warehouse_receipt_photos').select((eb) => eb.fn.countAll<number>().as('n')).where('receipt_id', '=', receipt.id).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_PHOTOS_PER_RECEIPT) {
        throw conflict('too_many_photos', `A receipt holds at most ${MAX_PHOTOS_PER_RECEIPT} photos.`, { limit: MAX_PHOTOS_PER_RECEIPT });
      }
      await trx
        .insertInto('blobs')
        .values({ sha256: file.sha256, size_bytes: file.sizeBytes, media_type: sniffed.mediaType, created_at: now })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      await trx
        .insertInto('warehouse_receipt_photos')
        .values({
          id: photoId,
          receipt_id: receipt.id,
          order_id: receipt.order_id,
          seller_id: receipt.seller_id,
          sha256: file.sha256,
          file_name: fileName,
          media_type: sniffed.mediaType,
          size_bytes: file.sizeBytes,
          uploaded_by: actor.id,
          uploaded_at: now,
        })
        .execute();
      await appendHistory(trx, {
        entityType: 'warehouse_receipt',
        entityId: receipt.id,
        event: 'add_photo',
        from: 'received',
        to: 'received',
        actor,
        data: { photoId, orderId: receipt.order_id, fileName, mediaType: sniffed.mediaType, sizeBytes: file.sizeBytes, sha256: file.sha256 },
        sellerId: receipt.seller_id,
        at: now,
      });
      // Last, so a failed write above leaves no file behind.
      await file.commit();
    });
    staged = null;
    const row = await ctx.db.selectFrom('warehouse_receipt_photos').selectAll().where('id', '=', photoId).executeTakeFirstOrThrow();
    return photoView(row);
  } catch (err) {
    if (staged) await staged.discard().catch(() => {});
    throw err;
  }
}

/** A receipt photo's file, for those who may see the receipt. */
export async function openReceiptPhoto(ctx: AppContext, actor: Actor, receiptId: string, photoId: string) {
  const receipt = await getReceipt(ctx, actor, receiptId);
  const photo = receipt.photos.find((p) => p.id === photoId);
  if (!photo) throw notFound('Photo');
  if (!(await ctx.storage.has(photo.sha256))) {
    ctx.log.error({ receiptId, photoId, sha256: photo.sha256 }, 'stored file missing');
    throw notFound('File');
  }
  return { stream: ctx.storage.open(photo.sha256), mediaType: photo.mediaType, sizeBytes: photo.sizeBytes, fileName: photo.fileName, sha256: photo.sha256 };
}

export interface QcPassView {
  orderId: string;
  status: string;
  qcDecidedAt: string | null;
  passedItemIds: string[];
  items: { id: string; lineNo: number; name: string; status: string }[];
}

/**
 * A QC inspector passes the items that have no issue (all the order's received items, or the ones named). The
 * order passes QC once every item that is still part of it has passed.
 */
export async function passQc(ctx: AppContext, actor: Actor, orderId: string, input: { itemIds?: string[]; notes?: string }): Promise<QcPassView> {
  if (!hasRole(actor, 'qc_inspector')) throw forbidden('Only a QC inspector may pass QC.');
  const at = ctx.clock.now();
  const notes = input.notes?.trim() || null;
  const passed: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, orderId);
    if (!order) throw notFound('Order');
    if (order.status !== 'received_at_warehouse') throw new IllegalTransitionError('order', order.status, 'pass_qc');
    const items = await trx.selectFrom('order_items').select(['id', 'status']).where('order_id', '=', order.id).orderBy('line_no').execute();
    let targets: string[];
    if (input.itemIds && input.itemIds.length > 0) {
      const known = new Set(items.map((i) => i.id));
      const unknown = input.itemIds.filter((id) => !known.has(id));
      if (unknown.length) throw unprocessable('unknown_items', 'Some items are not part of this order.', { field: 'itemIds', itemIds: unknown });
      targets = [...new Set(input.itemIds)];
    } else {
      targets = items.filter((i) => i.status === 'received_at_warehouse').map((i) => i.id);
    }
    if (targets.length === 0) throw conflict('nothing_to_pass', 'No item of this order is waiting for QC.');
    for (const id of targets) {
      await applyTransition(trx, { machine: orderItemMachine, table: 'order_items', id, event: 'pass_qc', actor, at, sellerId: order.seller_id, reason: notes, data: { notes } });
      passed.push(id);
    }
    const after = await trx.selectFrom('order_items').select('status').where('order_id', '=', order.id).execute();
    const remaining = after.filter((i) => i.status !== 'cancelled' && i.status !== 'refunded');
    if (remaining.length > 0 && remaining.every((i) => i.status === 'qc_passed')) {
      await applyTransition(trx, {
        machine: orderMachine,
        table: 'orders',
        id: order.id,
        event: 'pass_qc',
        actor,
        at,
        sellerId: order.seller_id,
        reason: notes,
        patch: { qc_decided_at: at },
        data: { notes, itemCount: remaining.length },
        outbox: { type: 'order.qc_passed', payload: { sellerId: order.seller_id, externalId: order.external_id, decidedAt: at.toISOString() } },
      });
    }
  });
  const order = await ctx.db.selectFrom('orders').select(['id', 'status', 'qc_decided_at']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const items = await ctx.db.selectFrom('order_items').select(['id', 'line_no', 'name', 'status']).where('order_id', '=', orderId).orderBy('line_no').execute();
  return {
    orderId: order.id,
    status: order.status,
    qcDecidedAt: iso(order.qc_decided_at),
    passedItemIds: passed,
    items: items.map((i) => ({ id: i.id, lineNo: i.line_no, name: i.name, status: i.status })),
  };
}
