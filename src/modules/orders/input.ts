import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normalizeCarrier } from '../../domain/orders.js';

/** ISO 4217 codes the runtime knows (Intl), the only currencies an order may be in. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const MinorUnits = z.number().int('must be a whole number of minor units').min(0).max(Number.MAX_SAFE_INTEGER);
const Text = (max: number) => z.string().trim().min(1).max(max);

export const DEFAULT_SOURCE = 'platform';

/** One order as the platform sends it. */
export const OrderInputSchema = z
  .object({
    /** The platform system the order comes from; external ids are unique per source. */
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'must be 1–40 lower-case letters, digits, "_", "." or "-"')
      .optional(),
    externalId: Text(100),
    buyer: z.object({ externalId: Text(100), email: z.email().max(254).optional(), name: Text(120).optional() }),
    sellerId: Text(64).optional(),
    sellerExternalId: Text(100).optional(),
    items: z
      .array(
        z.object({
          productId: Text(100),
          name: Text(300),
          sku: Text(100).optional(),
          quantity: z.number().int().min(1).max(1_000_000),
          unitPrice: MinorUnits,
        }),
      )
      .min(1)
      .max(500),
    currency: z.string().refine((c) => CURRENCIES.has(c), 'must be an ISO 4217 currency code, e.g. "USD"'),
    shippingMethod: z.object({ carrier: Text(40), service: Text(80) }),
    payment: z.object({ amount: MinorUnits, method: Text(40), reference: Text(120) }),
    paidAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((o, ctx) => {
    if (!o.sellerId === !o.sellerExternalId) {
      ctx.addIssue({ code: 'custom', path: ['sellerId'], message: 'give exactly one of sellerId or sellerExternalId' });
    }
    if (o.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0) > Number.MAX_SAFE_INTEGER) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'the items add up to more than can be counted exactly' });
    }
  });
export type OrderInput = z.infer<typeof OrderInputSchema>;

/**
 * The order in the form it is stored and compared in: a re-send is the same order when its canonical form is
 * equal. Buyer e-mail and name are details of the buyer, not of the order, and are not compared.
 */
export interface CanonicalOrder {
  source: string;
  externalId: string;
  buyerExternalId: string;
  sellerId: string;
  currency: string;
  shippingCarrier: string;
  shippingService: string;
  paidAt: string;
  paymentAmount: number;
  paymentMethod: string;
  paymentReference: string;
  items: { productId: string; name: string; sku: string | null; quantity: number; unitPrice: number }[];
}

export function canonicalize(input: OrderInput, sellerId: string): CanonicalOrder {
  return {
    source: input.source ?? DEFAULT_SOURCE,
    externalId: input.externalId,
    buyerExternalId: input.buyer.externalId,
    sellerId,
    currency: input.currency,
    shippingCarrier: normalizeCarrier(input.shippingMethod.carrier),
    shippingService: input.shippingMethod.service,
    paidAt: new Date(input.paidAt).toISOString(),
    paymentAmount: input.payment.amount,
    paymentMethod: input.payment.method,
    paymentReference: input.payment.reference,
    items: input.items.map((i) => ({ productId: i.productId, name: i.name, sku: i.sku ?? null, quantity: i.quantity, unitPrice: i.unitPrice })),
  };
}

export function canonicalHash(c: CanonicalOrder): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex');
}

/** The request fields in which two versions of an order differ, named as the client sends them. */
export function differingFields(stored: CanonicalOrder, sent: CanonicalOrder): string[] {
  const fields: string[] = [];
  const cmp = (name: string, a: unknown, b: unknown) => {
    if (a !== b) fields.push(name);
  };
  cmp('sellerId', stored.sellerId, sent.sellerId);
  cmp('buyer.externalId', stored.buyerExternalId, sent.buyerExternalId);
  cmp('currency', stored.currency, sent.currency);
  cmp('shippingMethod.carrier', stored.shippingCarrier, sent.shippingCarrier);
  cmp('shippingMethod.service', stored.shippingService, sent.shippingService);
  cmp('paidAt', stored.paidAt, sent.paidAt);
  cmp('payment.amount', stored.paymentAmount, sent.paymentAmount);
  cmp('payment.method', stored.paymentMethod, sent.paymentMethod);
  cmp('payment.reference', stored.paymentReference, sent.paymentReference);
  if (stored.items.length !== sent.items.length) {
    fields.push('items');
  } else {
    stored.items.forEach((a, i) => {
      const b = sent.items[i];
      cmp(`items.${i}.productId`, a.productId, b.productId);
      cmp(`items.${i}.name`, a.name, b.name);
      cmp(`items.${i}.sku`, a.sku, b.sku);
      cmp(`items.${i}.quantity`, a.quantity, b.quantity);
      cmp(`items.${i}.unitPrice`, a.unitPrice, b.unitPrice);
    });
  }
  return fields;
}

/** Zod's issues as field problems ('items.0.quantity'), for per-row batch results. */
export function zodFieldProblems(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(row)', message: i.message }));
}
