import { randomBytes } from 'node:crypto';
import type { SellerStatus } from '../../src/db/tables/sellers.js';
import { newId } from '../../src/shared/ids.js';
import type { HttpClient } from './http.js';
import type { TestServer } from './server.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}${randomBytes(2).toString('hex')}`;

/**
 * A seller written straight into the database, with the status a test needs. (The sellers' own API — applying
 * and being verified — is tested in its own suite; orders only need a seller in a given state.)
 */
export async function createSeller(
  server: TestServer,
  opts: { status?: SellerStatus; country?: string; externalId?: string; shopName?: string } = {},
): Promise<{ id: string; externalId: string }> {
  const now = server.clock.now();
  const id = newId('sel', now.getTime());
  const externalId = opts.externalId ?? `ext-seller-${unique()}`;
  await server.arbiter.ctx.db
    .insertInto('sellers')
    .values({
      id,
      external_id: externalId,
      legal_name: 'Shenzhen Test Trading Co., Ltd.',
      shop_name: opts.shopName ?? `Shop ${externalId}`,
      country: opts.country ?? 'CN',
      region: 'Guangdong',
      business_type: 'company',
      contact_name: 'Li Wei',
      contact_email: `${externalId}@seller.example.test`,
      contact_phone: null,
      storefronts: JSON.stringify([]),
      status: opts.status ?? 'active',
      verified_at: (opts.status ?? 'active') === 'active' ? now : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, externalId };
}

/** A signed-in user with the seller role who is a member of the seller. */
export async function signInSellerMember(server: TestServer, sellerId: string, memberRole: 'owner' | 'staff' = 'staff') {
  const client = await server.signIn(['seller']);
  await server.arbiter.ctx.db
    .insertInto('seller_members')
    .values({ seller_id: sellerId, user_id: client.userId, member_role: memberRole, created_at: server.clock.now() })
    .execute();
  return client;
}

/** A client authenticated with a fresh API key of the given roles (created by an admin through the API). */
export async function apiKeyClient(server: TestServer, roles: string[] = ['integration']): Promise<HttpClient> {
  const admin = await server.signIn(['admin']);
  const res = await admin.post('/api/v1/admin/api-keys', { name: `key ${unique()}`, roles });
  if (res.status !== 201) throw new Error(`API key not created: ${res.status} ${JSON.stringify(res.body)}`);
  return server.anonymous().withApiKey(res.body.secret);
}

export interface OrderPayload {
  externalId: string;
  buyer: { externalId: string; email?: string; name?: string };
  sellerId?: string;
  sellerExternalId?: string;
  items: { productId: string; name: string; sku?: string; quantity: number; unitPrice: number }[];
  currency: string;
  shippingMethod: { carrier: string; service: string };
  payment: { amount: number; method: string; reference: string };
  paidAt: string;
  source?: string;
}

/** An order as the platform sends it: two items, 2 × 1500 + 1 × 2500 = 5500 minor units captured. */
export function orderPayload(sellerId: string, overrides: Partial<OrderPayload> = {}): OrderPayload {
  const id = unique();
  return {
    externalId: `PO-${id}`,
    buyer: { externalId: `buyer-${id}`, name: 'Alex Buyer' },
    sellerId,
    items: [
      { productId: 'prod-1', name: 'Canvas sneakers', sku: 'SNK-42', quantity: 2, unitPrice: 1500 },
      { productId: 'prod-2', name: 'Hoodie', quantity: 1, unitPrice: 2500 },
    ],
    currency: 'USD',
    shippingMethod: { carrier: 'sf', service: 'standard' },
    payment: { amount: 5500, method: 'card', reference: `pay_${id}` },
    paidAt: '2026-03-02T01:00:00.000Z',
    ...overrides,
  };
}

/** Sends one order through the API and returns the stored order. */
export async function ingestOrder(integration: HttpClient, payload: OrderPayload) {
  const res = await integration.post('/api/v1/orders', payload);
  if (res.status !== 201 && res.status !== 200) throw new Error(`order not ingested: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A buyer account that can sign in, linked to the platform's buyer id the way ingest links new buyers. */
export async function signInBuyerFor(server: TestServer, orderBody: { buyerId: string }) {
  // Ingest created the buyer without a password; give the account one so the test can sign in as that buyer.
  const { hashPassword } = await import('../../src/modules/identity/passwords.js');
  const { TEST_PASSWORD } = await import('./server.js');
  const user = await server.arbiter.ctx.db.selectFrom('users').select(['email']).where('id', '=', orderBody.buyerId).executeTakeFirstOrThrow();
  await server.arbiter.ctx.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', '=', orderBody.buyerId).execute();
  const client = server.anonymous() as HttpClient & { userId: string };
  await client.login(user.email, TEST_PASSWORD);
  client.userId = orderBody.buyerId;
  return client;
}

/** Valid tracking numbers (published formats) per carrier, for dispatch tests. */
export const TRACKING = {
  // UPU S10 with a correct check digit: RA123456785CN
  s10: 'RA123456785CN',
};
