/**
 * The events Arbiter publishes through the outbox, with one line each for the console and the docs.
 * A module that emits a new event type adds it here (or calls `registerEventTypes` from its own code) so
 * that admins can subscribe to it by name; deliveries themselves never depend on this list.
 */
const registry = new Map<string, string>();

export function registerEventTypes(types: Record<string, string>): void {
  for (const [type, description] of Object.entries(types)) {
    if (!EVENT_TYPE_PATTERN.test(type)) throw new Error(`Invalid event type name ${type}`);
    registry.set(type, description);
  }
}

/** `family.name` in lower snake case, e.g. `seller.verified`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export const TEST_EVENT_TYPE = 'webhook.test';

registerEventTypes({
  // sellers: registration and verification
  'seller.application_submitted': 'A seller submitted its verification application (or a re-submission) for review.',
  'seller.document_reviewed': "Compliance approved or rejected one of a seller's documents.",
  'seller.revision_requested': 'Compliance asked the seller to re-upload a document; the reason is included.',
  'seller.verified': "A seller's application was approved; the seller may sell.",
  'seller.rejected': "A seller's application was rejected; the reason is included.",
  'seller.reverification_required': "A seller's document expired and the seller must be verified again.",
  'seller.document_expiring': "A seller's document expires within 30 days.",
  'seller.status_changed': "A seller account's status changed (active, restricted, suspended, banned).",
  // orders and logistics
  'order.created': 'An order was imported or created.',
  'order.dispatched': 'The seller dispatched an order with a tracking number.',
  'order.delivered': 'An order was confirmed delivered (by the buyer, a carrier event or automatically).',
  'order.cancelled': 'An order was cancelled.',
  // refunds
  'refund.requested': 'A refund instruction for the payment system: order, amount in minor units, currency and reason.',
  // disputes
  'case.opened': 'A buyer opened a case about an order.',
  'case.updated': 'A case moved to a new step (evidence requested, seller answered, escalated).',
  'case.resolved': 'A case was resolved; the outcome and any refund are included.',
  // the console's check of an endpoint
  [TEST_EVENT_TYPE]: 'A test event sent from the console to check that an endpoint receives and verifies webhooks.',
});

export interface EventTypeInfo {
  type: string;
  description: string;
}

export function listEventTypes(): EventTypeInfo[] {
  return [...registry.entries()].map(([type, description]) => ({ type, description })).sort((a, b) => a.type.localeCompare(b.type));
}

export function isKnownEventType(type: string): boolean {
  return registry.has(type);
}

/**
 * Whether a subscription entry is acceptable: `*`, a known type, or `family.*` (any prefix ending in `.*`)
 * that covers at least one known type.
 */
export function isValidSubscription(entry: string): boolean {
  if (entry === '*') return true;
  if (entry.endsWith('.*')) {
    const prefix = entry.slice(0, -1); // keeps the dot: 'seller.'
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.$/.test(prefix)) return false;
    return [...registry.keys()].some((t) => t.startsWith(prefix));
  }
  return registry.has(entry);
}

/** Whether an endpoint subscribed to `patterns` receives an event of `type`. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}
