import { defineMachine } from './state-machine.js';

/**
 * Orders and their items (DESIGN §1 "Orders, fulfilment and logistics"). The order is paid when it arrives from
 * the platform; the seller dispatches it to the agent's warehouse, where it is received and inspected; it then
 * ships internationally to the buyer. Before dispatch the buyer may ask to cancel; the seller accepts (full
 * refund) or refuses and must dispatch by the deadline; silence until the deadline cancels (policy).
 *
 *   paid ──request_cancellation──▶ cancellation_requested ──refuse_cancellation──▶ paid
 *                                                          ──accept_cancellation / cancel_on_silence──▶ cancelled
 *                                                          ──expire_cancellation_request──▶ paid (policy: keep_order)
 *   paid ──dispatch──▶ dispatched ──receive_at_warehouse──▶ received_at_warehouse ──pass_qc──▶ qc_passed
 *                                                                                  ──fail_qc──▶ qc_failed (QC cases)
 *   qc_failed ──resolve_qc──▶ qc_passed (the QC case ended with the item kept: accepted, partly refunded, replaced)
 *   qc_passed ──ship_international──▶ shipped_international ──deliver──▶ delivered ──complete──▶ completed
 *   dispatched … delivered ──refund──▶ refunded (a full refund after dispatch, decided by a QC or dispute case)
 *
 * Dispatch is not possible while a cancellation request is open: the seller answers it first. That makes a
 * cancellation request and a dispatch racing each other exclusive — whichever locks the order first wins.
 */
export const ORDER_STATUSES = [
  'paid',
  'cancellation_requested',
  'cancelled',
  'dispatched',
  'received_at_warehouse',
  'qc_passed',
  'qc_failed',
  'shipped_international',
  'delivered',
  'completed',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = [
  'request_cancellation',
  'refuse_cancellation',
  'accept_cancellation',
  'cancel_on_silence',
  'expire_cancellation_request',
  'cancel_by_platform',
  'dispatch',
  'receive_at_warehouse',
  'pass_qc',
  'fail_qc',
  'resolve_qc',
  'ship_international',
  'deliver',
  'complete',
  'refund',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

/** States after the seller handed the goods to a carrier and before the order ended. */
const AFTER_DISPATCH: OrderStatus[] = ['dispatched', 'received_at_warehouse', 'qc_passed', 'qc_failed', 'shipped_international', 'delivered'];

export const orderMachine = defineMachine<OrderStatus, OrderEvent>('order', ORDER_STATUSES, [
  { from: ['paid'], event: 'request_cancellation', to: 'cancellation_requested', by: ['buyer'] },
  { from: ['cancellation_requested'], event: 'refuse_cancellation', to: 'paid', by: ['seller'] },
  { from: ['cancellation_requested'], event: 'accept_cancellation', to: 'cancelled', by: ['seller'] },
  { from: ['cancellation_requested'], event: 'cancel_on_silence', to: 'cancelled', by: ['system'] },
  // when the policy says the seller's silence keeps the order, the request lapses and the seller must dispatch
  { from: ['cancellation_requested'], event: 'expire_cancellation_request', to: 'paid', by: ['system'] },
  // enforcement: a banned seller's orders that were never dispatched are cancelled and refunded in full
  { from: ['paid', 'cancellation_requested'], event: 'cancel_by_platform', to: 'cancelled', by: ['system', 'compliance_officer', 'admin'] },
  { from: ['paid'], event: 'dispatch', to: 'dispatched', by: ['seller', 'integration'] },
  { from: ['dispatched'], event: 'receive_at_warehouse', to: 'received_at_warehouse', by: ['qc_inspector', 'integration'] },
  { from: ['received_at_warehouse'], event: 'pass_qc', to: 'qc_passed', by: ['qc_inspector'] },
  { from: ['received_at_warehouse'], event: 'fail_qc', to: 'qc_failed', by: ['qc_inspector'] },
  { from: ['qc_failed'], event: 'resolve_qc', to: 'qc_passed', by: ['system'] },
  { from: ['qc_passed'], event: 'ship_international', to: 'shipped_international', by: ['qc_inspector', 'integration'] },
  { from: ['shipped_international'], event: 'deliver', to: 'delivered', by: ['buyer', 'integration', 'system'] },
  { from: ['delivered'], event: 'complete', to: 'completed', by: ['system'] },
  { from: AFTER_DISPATCH, event: 'refund', to: 'refunded', by: ['system', 'support_agent', 'admin'] },
]);

/** States the seller still has to act on before the dispatch deadline. */
export const AWAITING_DISPATCH: readonly OrderStatus[] = ['paid'];
/** States in which the order is over. */
export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ['cancelled', 'completed', 'refunded'];

/**
 * Items follow their order, except from the warehouse on, where each item is received and inspected on its
 * own (one item of an order can fail QC while the others pass).
 */
export const ORDER_ITEM_STATUSES = [
  'paid',
  'cancelled',
  'dispatched',
  'received_at_warehouse',
  'qc_passed',
  'qc_failed',
  'shipped_international',
  'delivered',
  'refunded',
] as const;
export type OrderItemStatus = (typeof ORDER_ITEM_STATUSES)[number];

export const ORDER_ITEM_EVENTS = ['cancel', 'dispatch', 'receive_at_warehouse', 'pass_qc', 'fail_qc', 'resolve_qc', 'ship_international', 'deliver', 'refund'] as const;
export type OrderItemEvent = (typeof ORDER_ITEM_EVENTS)[number];

export const orderItemMachine = defineMachine<OrderItemStatus, OrderItemEvent>('order_item', ORDER_ITEM_STATUSES, [
  { from: ['paid'], event: 'cancel', to: 'cancelled', by: ['seller', 'system'] },
  { from: ['paid'], event: 'dispatch', to: 'dispatched', by: ['seller', 'integration'] },
  { from: ['dispatched'], event: 'receive_at_warehouse', to: 'received_at_warehouse', by: ['qc_inspector', 'integration'] },
  { from: ['received_at_warehouse'], event: 'pass_qc', to: 'qc_passed', by: ['qc_inspector'] },
  { from: ['received_at_warehouse'], event: 'fail_qc', to: 'qc_failed', by: ['qc_inspector'] },
  { from: ['qc_failed'], event: 'resolve_qc', to: 'qc_passed', by: ['system'] },
  { from: ['qc_passed'], event: 'ship_international', to: 'shipped_international', by: ['qc_inspector', 'integration'] },
  { from: ['shipped_international'], event: 'deliver', to: 'delivered', by: ['buyer', 'integration', 'system'] },
  {
    from: ['dispatched', 'received_at_warehouse', 'qc_passed', 'qc_failed', 'shipped_international', 'delivered'],
    event: 'refund',
    to: 'refunded',
    by: ['system', 'support_agent', 'admin'],
  },
]);

/** Signals stored for the enforcement issue, with their evidence. */
export const SIGNAL_TYPES = ['method_mismatch', 'tracking_reused', 'fictitious_dispatch_suspected'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** Carrier codes and service names are compared without case or surrounding space. */
export function normalizeCarrier(carrier: string): string {
  return carrier.trim().toLowerCase();
}

/**
 * Whether the seller shipped with the method the buyer chose. A service the seller did not name is not
 * counted as a difference; a different carrier always is.
 */
export function shippingMethodDiffers(
  chosen: { carrier: string; service: string },
  used: { carrier: string; service?: string | null },
): { carrier: boolean; service: boolean } {
  const carrier = normalizeCarrier(chosen.carrier) !== normalizeCarrier(used.carrier);
  const service = used.service != null && used.service.trim() !== '' && normalizeCarrier(chosen.service) !== normalizeCarrier(used.service);
  return { carrier, service };
}

/** A dispatch is late when it is recorded after the deadline (to the millisecond). */
export function isLateDispatch(dispatchedAt: Date, deadline: Date): boolean {
  return dispatchedAt.getTime() > deadline.getTime();
}

/** Whether a shipment's tracking got its first carrier scan within the policy's window after dispatch. */
export function scannedInTime(dispatchedAt: Date, firstScanAt: Date | null, noScanDays: number): boolean {
  if (!firstScanAt) return false;
  return firstScanAt.getTime() <= dispatchedAt.getTime() + noScanDays * 86_400_000;
}
