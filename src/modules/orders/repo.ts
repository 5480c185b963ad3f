import type { Tx } from '../../platform/history.js';
import type { CanonicalOrder } from './input.js';

/** Stored orders in their canonical form, to name the fields a conflicting re-send differs in. */
export async function loadCanonicalOrders(trx: Tx, orderIds: string[]): Promise<Map<string, CanonicalOrder>> {
  const out = new Map<string, CanonicalOrder>();
  if (orderIds.length === 0) return out;
  const orders = await trx
    .selectFrom('orders')
    .innerJoin('order_payments', 'order_payments.order_id', 'orders.id')
    .select([
      'orders.id',
      'orders.source',
      'orders.external_id',
      'orders.buyer_external_id',
      'orders.seller_id',
      'orders.currency',
      'orders.shipping_carrier',
      'orders.shipping_service',
      'orders.paid_at',
      'order_payments.captured_amount',
      'order_payments.method',
      'order_payments.reference',
    ])
    .where('orders.id', 'in', orderIds)
    .execute();
  const items = await trx.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line_no').execute();
  for (const o of orders) {
    out.set(o.id, {
      source: o.source,
      externalId: o.external_id,
      buyerExternalId: o.buyer_external_id ?? '',
      sellerId: o.seller_id,
      currency: o.currency,
      shippingCarrier: o.shipping_carrier,
      shippingService: o.shipping_service,
      paidAt: o.paid_at.toISOString(),
      paymentAmount: o.captured_amount,
      paymentMethod: o.method,
      paymentReference: o.reference,
      items: [],
    });
  }
  for (const i of items) {
    out.get(i.order_id)?.items.push({ productId: i.product_id, name: i.name, sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price });
  }
  return out;
}

/** A column of a bulk insert and its PostgreSQL type. */
