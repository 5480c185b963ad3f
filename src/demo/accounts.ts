import type { AppContext } from '../context.js';
import type { Locale, UserRole } from '../db/tables/identity.js';
import { createUser } from '../modules/identity/service.js';
import { systemActor, type Actor } from '../platform/actor.js';

/** The demo's people: one account per staff role, a few buyers; sellers are in the catalogue. */

export const DEMO_PASSWORD = 'arbiter-demo';
export const DEMO_DOMAIN = 'demo.arbiter.test';

export interface AccountSpec {
  email: string;
  name: string;
  roles: UserRole[];
  locale?: Locale;
}

export const STAFF: AccountSpec[] = [
  { email: `admin@${DEMO_DOMAIN}`, name: 'Alex Morgan', roles: ['admin'] },
  { email: `officer@${DEMO_DOMAIN}`, name: 'Zhang Min', roles: ['compliance_officer'] },
  { email: `support@${DEMO_DOMAIN}`, name: 'Priya Shah', roles: ['support_agent'] },
  { email: `qc@${DEMO_DOMAIN}`, name: 'Wang Lei', roles: ['qc_inspector'] },
];

export const BUYERS: AccountSpec[] = [
  { email: `buyer1@${DEMO_DOMAIN}`, name: 'Emma Johnson', roles: ['buyer'] },
  { email: `buyer2@${DEMO_DOMAIN}`, name: 'Lucas Martin', roles: ['buyer'] },
  { email: `buyer3@${DEMO_DOMAIN}`, name: 'Sofia Rossi', roles: ['buyer'] },
];

export const sellerEmail = (n: number) => `seller${n}@${DEMO_DOMAIN}`;

const seeder: Actor = { ...systemActor, roles: ['admin'] };

/** Creates the account through the identity use-case and returns it as the actor it will act as. */
export async function createAccount(ctx: AppContext, spec: AccountSpec): Promise<Actor> {
  const user = await createUser(ctx, seeder, { email: spec.email, name: spec.name, password: DEMO_PASSWORD, roles: spec.roles, locale: spec.locale });
  return { kind: 'user', id: user.id, name: user.name, roles: user.roles, memberships: [], locale: user.locale };
}
