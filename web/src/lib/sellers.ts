import type { DocumentKind, DocumentStatus, Membership, User } from '../api/types';

export const DOCUMENT_KINDS: DocumentKind[] = ['identity', 'business_licence', 'proof_of_address'];

/** Identity documents and business licences carry an expiry date; a proof of address does not. */
export function expiryRequired(kind: DocumentKind): boolean {
  return kind === 'identity' || kind === 'business_licence';
}

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
export const ACCEPT_ATTR = '.pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp';

export function acceptedFile(file: File): boolean {
  if (ACCEPTED_TYPES.includes(file.type)) return true;
  return /\.(pdf|jpe?g|png|webp)$/i.test(file.name);
}

/** Document statuses that ask the seller for a new upload. */
export const NEEDS_UPLOAD: DocumentStatus[] = ['revision_requested', 'rejected', 'expired'];

export const STOREFRONT_PLATFORMS = ['taobao', 'tmall', 'jd', 'pinduoduo', '1688', 'weidian', 'douyin', 'xianyu', 'aliexpress', 'shopee', 'amazon', 'own_site', 'other'];

export const COUNTRIES = ['CN', 'HK', 'MO', 'TW', 'SG', 'MY', 'TH', 'VN', 'ID', 'PH', 'KR', 'JP', 'IN', 'AE', 'TR', 'US', 'CA', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'AU', 'NZ', 'BR', 'MX'];

/** The seller organisation the console acts for: the one the user owns, else the first they belong to. */
export function currentMembership(user: User): Membership | null {
  const list = user.sellers ?? [];
  return list.find((m) => m.memberRole === 'owner') ?? list[0] ?? null;
}
