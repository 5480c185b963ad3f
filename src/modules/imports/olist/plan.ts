import { createHash } from 'node:crypto';
import { allocate } from '../../../domain/money.js';
import type { OrderItemStatus, OrderStatus } from '../../../domain/orders.js';
import type { OlistDataset, OlistOrder, OlistReview, OlistSeller, RejectedRow } from './reader.js';

/**
 * Turns an Olist export into Arbiter's units. Arbiter's order belongs to one seller, so an Olist order with items
 * from several sellers becomes one order per seller ("one seller's part of one order"), each with its share of
 * the payment in proportion to its items' price and freight. A review of the order counts for every part.
 */
export interface PlannedOrder {
  externalId: string;
  olistOrderId: string;
  sellerExternalId: string;
  buyerExternalId: string;
  status: OrderStatus;
  itemStatus: OrderItemStatus;
  items: { lineNo: number; productId: string; priceMinor: number; freightMinor: number }[];
  itemsTotal: number;
  capturedAmount: number;
  paymentMethod: string;
  paidAt: Date;
  /** The earliest dispatch deadline among the seller's items in the order. */
  dispatchDeadline: Date;
  dispatchedAt: Date | null;
  deliveredAt: Date | null;
  estimatedDeliveryOn: string | null;
  cancelledAt: Date | null;
  cancellationFault: 'seller' | null;
  ingestHash: string;
}

export interface PlannedReview {
  review: OlistReview;
  orderExternalIds: string[];
}

export interface ImportPlan {
  sellers: OlistSeller[];
  buyers: { externalId: string; city: string; state: string }[];
  orders: PlannedOrder[];
  reviews: PlannedReview[];
  rejected: RejectedRow[];
}

export const OLIST_SOURCE = 'olist';

/** Olist's order status → the order's status here (the export is history: delivered orders are over). */
function mapStatus(o: OlistOrder): { status: OrderStatus; itemStatus: OrderItemStatus } {
  switch (o.status) {
    case 'delivered':
      return o.deliveredAt ? { status: 'completed', itemStatus: 'delivered' } : { status: 'shipped_international', itemStatus: 'shipped_international' };
    case 'shipped':
      return { status: 'shipped_international', itemStatus: 'shipped_international' };
    case 'canceled':
    case 'unavailable':
      return { status: 'cancelled', itemStatus: 'cancelled' };
    default:
      // created, approved, invoiced, processing: paid and waiting for the seller
      return o.handedToCarrierAt ? { status: 'dispatched', itemStatus: 'dispatched' } : { status: 'paid', itemStatus: 'paid' };
  }
}

export function planOlistImport(data: OlistDataset): ImportPlan {
  const rejected: RejectedRow[] = [...data.rejected];
  const sellerIds = new Set(data.sellers.map((s) => s.sellerId));
  const customers = new Map(data.customers.map((c) => [c.customerId, c]));
  const ordersById = new Map<string, OlistOrder>();
  for (const o of data.orders) {
    if (ordersById.has(o.orderId)) rejected.push({ file: 'orders', line: 0, reason: `order ${o.orderId} appears twice; the first is kept` });
    else ordersById.set(o.orderId, o);
  }

  const itemsByOrder = new Map<string, typeof data.items>();
  data.items.forEach((item, index) => {
    const line = index + 2;
    if (!ordersById.has(item.orderId)) return void rejected.push({ file: 'items', line, reason: `order ${item.orderId} is not in the orders file` });
    if (!sellerIds.has(item.sellerId)) return void rejected.push({ file: 'items', line, reason: `seller ${item.sellerId} is not in the sellers file` });
    const list = itemsByOrder.get(item.orderId) ?? [];
    list.push(item);
    itemsByOrder.set(item.orderId, list);
  });

  const paymentsByOrder = new Map<string, typeof data.payments>();
  data.payments.forEach((p, index) => {
    if (!ordersById.has(p.orderId)) return void rejected.push({ file: 'payments', line: index + 2, reason: `order ${p.orderId} is not in the orders file` });
    const list = paymentsByOrder.get(p.orderId) ?? [];
    list.push(p);
    paymentsByOrder.set(p.orderId, list);
  });

  const planned: PlannedOrder[] = [];
  const partsByOlistOrder = new Map<string, string[]>();
  const buyers = new Map<string, { externalId: string; city: string; state: string }>();
  for (const o of ordersById.values()) {
    const customer = customers.get(o.customerId);
    if (!customer) {
      rejected.push({ file: 'orders', line: 0, reason: `order ${o.orderId}: customer ${o.customerId} is not in the customers file` });
      continue;
    }
    const items = itemsByOrder.get(o.orderId);
    if (!items?.length) {
      // Without items an order has no seller to attribute it to.
      rejected.push({ file: 'orders', line: 0, reason: `order ${o.orderId} has no items, so no seller` });
      continue;
    }
    buyers.set(customer.uniqueId, { externalId: customer.uniqueId, city: customer.city, state: customer.state });
    const payments = paymentsByOrder.get(o.orderId) ?? [];
    const paid = payments.reduce((sum, p) => sum + p.value, 0);
    const method = [...new Set(payments.map((p) => p.type))].join('+') || 'unknown';

    const bySeller = new Map<string, typeof items>();
    for (const it of items) bySeller.set(it.sellerId, [...(bySeller.get(it.sellerId) ?? []), it]);
    const sellers = [...bySeller.keys()].sort();
    const weights = sellers.map((s) => bySeller.get(s)!.reduce((sum, it) => sum + it.price + it.freight, 0));
    const shares = allocate(paid, weights);
    const { status, itemStatus } = mapStatus(o);

    sellers.forEach((sellerId, i) => {
      const own = bySeller.get(sellerId)!.sort((a, b) => a.itemNo - b.itemNo);
      const externalId = sellers.length === 1 ? o.orderId : `${o.orderId}/${sellerId}`;
      const dispatchDeadline = new Date(Math.min(...own.map((it) => it.shippingLimitAt.getTime())));
      const plannedOrder: PlannedOrder = {
        externalId,
        olistOrderId: o.orderId,
        sellerExternalId: sellerId,
        buyerExternalId: customer.uniqueId,
        status,
        itemStatus,
        items: own.map((it) => ({ lineNo: it.itemNo, productId: it.productId, priceMinor: it.price, freightMinor: it.freight })),
        itemsTotal: own.reduce((sum, it) => sum + it.price, 0),
        capturedAmount: shares[i],
        paymentMethod: method,
        paidAt: o.approvedAt ?? o.purchasedAt,
        dispatchDeadline,
        dispatchedAt: o.handedToCarrierAt,
        deliveredAt: o.deliveredAt,
        estimatedDeliveryOn: o.estimatedDeliveryDay,
        cancelledAt: status === 'cancelled' ? (o.approvedAt ?? o.purchasedAt) : null,
        // "unavailable" means the seller could not supply the goods
        cancellationFault: o.status === 'unavailable' ? 'seller' : null,
        ingestHash: '',
      };
      plannedOrder.ingestHash = createHash('sha256').update(JSON.stringify({ ...plannedOrder, ingestHash: undefined })).digest('hex');
      planned.push(plannedOrder);
      partsByOlistOrder.set(o.orderId, [...(partsByOlistOrder.get(o.orderId) ?? []), externalId]);
    });
  }

  const reviews: PlannedReview[] = [];
  const reviewedOrders = new Set<string>();
  data.reviews.forEach((r, index) => {
    const parts = partsByOlistOrder.get(r.orderId);
    if (!parts) return void rejected.push({ file: 'reviews', line: index + 2, reason: `order ${r.orderId} was not imported (missing or rejected)` });
    // An order is reviewed once here; Olist has a few orders with two reviews: the latest counts.
    if (reviewedOrders.has(r.orderId)) {
      const i = reviews.findIndex((x) => x.review.orderId === r.orderId);
      if (reviews[i].review.createdAt < r.createdAt) {
        rejected.push({ file: 'reviews', line: 0, reason: `review ${reviews[i].review.reviewId} replaced by the later review ${r.reviewId} of the same order` });
        reviews[i] = { review: r, orderExternalIds: parts };
      } else {
        rejected.push({ file: 'reviews', line: index + 2, reason: `order ${r.orderId} already has a later review` });
      }
      return;
    }
    reviewedOrders.add(r.orderId);
    reviews.push({ review: r, orderExternalIds: parts });
  });

  return { sellers: data.sellers, buyers: [...buyers.values()], orders: planned, reviews, rejected };
}
