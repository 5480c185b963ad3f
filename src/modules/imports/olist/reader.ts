import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { fromZonedTime } from 'date-fns-tz';
import { parseDecimalToMinor } from '../../../domain/money.js';

/**
 * Reads an export in the Olist format (the public Brazilian e-commerce dataset: orders, items, sellers,
 * customers, payments, reviews) into typed rows. Bad rows are kept aside with the reason, never fatal.
 */
export const OLIST_FILES = {
  sellers: 'olist_sellers_dataset.csv',
  customers: 'olist_customers_dataset.csv',
  orders: 'olist_orders_dataset.csv',
  items: 'olist_order_items_dataset.csv',
  payments: 'olist_order_payments_dataset.csv',
  reviews: 'olist_order_reviews_dataset.csv',
} as const;
export type OlistFile = keyof typeof OLIST_FILES;

/** Olist timestamps are Brazil local time without a zone. */
export const OLIST_TIME_ZONE = 'America/Sao_Paulo';
export const OLIST_CURRENCY = 'BRL';

export interface OlistSeller { sellerId: string; zip: string; city: string; state: string }
export interface OlistCustomer { customerId: string; uniqueId: string; zip: string; city: string; state: string }
export interface OlistOrder {
  orderId: string;
  customerId: string;
  status: string;
  purchasedAt: Date;
  approvedAt: Date | null;
  handedToCarrierAt: Date | null;
  deliveredAt: Date | null;
  /** The estimated delivery day (a calendar day, local). */
  estimatedDeliveryDay: string | null;
}
export interface OlistItem {
  orderId: string;
  itemNo: number;
  productId: string;
  sellerId: string;
  shippingLimitAt: Date;
  price: number;
  freight: number;
}
export interface OlistPayment { orderId: string; sequential: number; type: string; installments: number; value: number }
export interface OlistReview {
  reviewId: string;
  orderId: string;
  score: number;
  title: string;
  message: string;
  createdAt: Date;
  answeredAt: Date | null;
}

export interface RejectedRow {
  file: OlistFile;
  line: number;
  reason: string;
}

export interface OlistDataset {
  sellers: OlistSeller[];
  customers: OlistCustomer[];
  orders: OlistOrder[];
  items: OlistItem[];
  payments: OlistPayment[];
  reviews: OlistReview[];
  rejected: RejectedRow[];
}

const STATUSES = new Set(['delivered', 'shipped', 'canceled', 'unavailable', 'invoiced', 'processing', 'created', 'approved']);
const HEX32 = /^[0-9a-f]{32}$/;

class RowError extends Error {}

function id(value: string | undefined, column: string): string {
  const v = (value ?? '').trim();
  if (!HEX32.test(v)) throw new RowError(`${column} "${v.slice(0, 40)}" is not a 32-character hex id`);
  return v;
}

function time(value: string | undefined, column: string, required: true): Date;
function time(value: string | undefined, column: string, required: false): Date | null;
function time(value: string | undefined, column: string, required: boolean): Date | null {
  const v = (value ?? '').trim();
  if (!v) {
    if (required) throw new RowError(`${column} is empty`);
    return null;
  }
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) throw new RowError(`${column} "${v}" is not YYYY-MM-DD HH:MM:SS`);
  const d = fromZonedTime(v.replace(' ', 'T'), OLIST_TIME_ZONE);
  if (Number.isNaN(d.getTime())) throw new RowError(`${column} "${v}" is not a real date`);
  return d;
}

function minor(value: string | undefined, column: string): number {
  const n = parseDecimalToMinor(value ?? '', OLIST_CURRENCY);
  if (n === null) throw new RowError(`${column} "${value}" is not a non-negative amount with at most 2 decimals`);
  return n;
}

function int(value: string | undefined, column: string, min: number, max: number): number {
  const v = (value ?? '').trim();
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new RowError(`${column} "${v}" must be a whole number from ${min} to ${max}`);
  return Number(v);
}

const PARSERS = {
  sellers: (r: Record<string, string>): OlistSeller => ({
    sellerId: id(r.seller_id, 'seller_id'),
    zip: (r.seller_zip_code_prefix ?? '').trim(),
    city: (r.seller_city ?? '').trim(),
    state: (r.seller_state ?? '').trim().toUpperCase(),
  }),
  customers: (r: Record<string, string>): OlistCustomer => ({
    customerId: id(r.customer_id, 'customer_id'),
    uniqueId: id(r.customer_unique_id, 'customer_unique_id'),
    zip: (r.customer_zip_code_prefix ?? '').trim(),
    city: (r.customer_city ?? '').trim(),
    state: (r.customer_state ?? '').trim().toUpperCase(),
  }),
  orders: (r: Record<string, string>): OlistOrder => {
    const status = (r.order_status ?? '').trim();
    if (!STATUSES.has(status)) throw new RowError(`order_status "${status}" is not an Olist status`);
    const estimated = time(r.order_estimated_delivery_date, 'order_estimated_delivery_date', false);
    return {
      orderId: id(r.order_id, 'order_id'),
      customerId: id(r.customer_id, 'customer_id'),
      status,
      purchasedAt: time(r.order_purchase_timestamp, 'order_purchase_timestamp', true),
      approvedAt: time(r.order_approved_at, 'order_approved_at', false),
      handedToCarrierAt: time(r.order_delivered_carrier_date, 'order_delivered_carrier_date', false),
      deliveredAt: time(r.order_delivered_customer_date, 'order_delivered_customer_date', false),
      estimatedDeliveryDay: estimated ? (r.order_estimated_delivery_date ?? '').trim().slice(0, 10) : null,
    };
  },
  items: (r: Record<string, string>): OlistItem => ({
    orderId: id(r.order_id, 'order_id'),
    itemNo: int(r.order_item_id, 'order_item_id', 1, 1000),
    productId: id(r.product_id, 'product_id'),
    sellerId: id(r.seller_id, 'seller_id'),
    shippingLimitAt: time(r.shipping_limit_date, 'shipping_limit_date', true),
    price: minor(r.price, 'price'),
    freight: minor(r.freight_value, 'freight_value'),
  }),
  payments: (r: Record<string, string>): OlistPayment => ({
    orderId: id(r.order_id, 'order_id'),
    sequential: int(r.payment_sequential, 'payment_sequential', 1, 1000),
    type: (r.payment_type ?? '').trim() || 'unknown',
    installments: int(r.payment_installments, 'payment_installments', 0, 100),
    value: minor(r.payment_value, 'payment_value'),
  }),
  reviews: (r: Record<string, string>): OlistReview => ({
    reviewId: id(r.review_id, 'review_id'),
    orderId: id(r.order_id, 'order_id'),
    score: int(r.review_score, 'review_score', 1, 5),
    title: (r.review_comment_title ?? '').trim(),
    message: (r.review_comment_message ?? '').replace(/\r\n?/g, '\n').trim(),
    createdAt: time(r.review_creation_date, 'review_creation_date', true),
    answeredAt: time(r.review_answer_timestamp, 'review_answer_timestamp', false),
  }),
} satisfies Record<OlistFile, (r: Record<string, string>) => unknown>;

/** Reads one file row by row (streaming; quoted fields may hold newlines). */
async function readFile<K extends OlistFile>(
  dir: string,
  file: K,
  rejected: RejectedRow[],
  onRow: () => void,
): Promise<ReturnType<(typeof PARSERS)[K]>[]> {
  const filePath = path.join(dir, OLIST_FILES[file]);
  if (!fs.existsSync(filePath)) {
    rejected.push({ file, line: 0, reason: `${OLIST_FILES[file]} is missing` });
    return [];
  }
  const out: ReturnType<(typeof PARSERS)[K]>[] = [];
  const parser = fs.createReadStream(filePath).pipe(
    parse({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      onRow();
      try {
        out.push(PARSERS[file](record) as ReturnType<(typeof PARSERS)[K]>);
      } catch (err) {
        if (!(err instanceof RowError)) throw err;
        rejected.push({ file, line: info.lines, reason: err.message });
      }
    }
  } catch (err) {
    // A broken CSV structure stops this file only; what was read stays.
    rejected.push({ file, line: 0, reason: `could not read the rest of the file: ${(err as Error).message}` });
  }
  return out;
}

export async function countLines(dir: string): Promise<number> {
  let total = 0;
  for (const f of Object.values(OLIST_FILES)) {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) continue;
    const buf = await fs.promises.readFile(p);
    for (let i = 0; i < buf.length; i++) if (buf[i] === 10) total++;
  }
  return total;
}

export async function readOlist(dir: string, onRow: () => void = () => {}): Promise<OlistDataset> {
  const rejected: RejectedRow[] = [];
  return {
    sellers: await readFile(dir, 'sellers', rejected, onRow),
    customers: await readFile(dir, 'customers', rejected, onRow),
    orders: await readFile(dir, 'orders', rejected, onRow),
    items: await readFile(dir, 'items', rejected, onRow),
    payments: await readFile(dir, 'payments', rejected, onRow),
    reviews: await readFile(dir, 'reviews', rejected, onRow),
    rejected,
  };
}
