import { api } from '../../api/client';
import type { ApplicationView, Locale } from '../../api/types';

/** The team endpoints: members, invitations, accepting a link, and starting a rejected application again. */

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  email: string;
  status: InvitationStatus;
  invitedBy: { id: string; name: string | null };
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  memberRole: 'owner' | 'staff';
  since: string;
}

export interface Team {
  sellerId: string;
  shopName: string;
  members: TeamMember[];
  invitations: Invitation[];
}

export interface InvitationPreview {
  shopName: string;
  email: string;
  status: InvitationStatus;
  expiresAt: string;
  accountExists: boolean;
  locale: Locale;
}

export interface Accepted {
  sellerId: string;
  shopName: string;
  memberRole: 'staff';
  userId: string;
  email: string;
  newAccount: boolean;
}

export interface Revisions {
  revision: number;
  status: string;
  cooldownDays: number;
  reapply: { allowed: boolean; availableAt: string | null; blockedBy: 'not_rejected' | 'owner_only' | 'seller_banned' | 'cooldown' | null };
  previous: {
    revision: number;
    status: string;
    submittedAt: string | null;
    decidedAt: string | null;
    decisionReason: string | null;
    reopenedAt: string;
    documents: { id: string; kind: string; status: string; version: number; fileName: string; expiresOn: string | null; reviewReason: string | null }[];
  }[];
}

const e = encodeURIComponent;

export const teamApi = {
  team: (sellerId: string) => api.get<Team>(`/api/v1/sellers/${e(sellerId)}/team`),
  invite: (sellerId: string, email: string, locale: Locale) => api.post<Invitation>(`/api/v1/sellers/${e(sellerId)}/invitations`, { email, locale }),
  revoke: (sellerId: string, invitationId: string) => api.post<Invitation>(`/api/v1/sellers/${e(sellerId)}/invitations/${e(invitationId)}/revoke`),
  remove: (sellerId: string, userId: string) => api.del<void>(`/api/v1/sellers/${e(sellerId)}/members/${e(userId)}`),
  preview: (token: string) => api.post<InvitationPreview>('/api/v1/invitations/preview', { token }),
  accept: (token: string, account?: { name: string; password: string }) => api.post<Accepted>('/api/v1/invitations/accept', { token, ...account }),
  revisions: (sellerId: string) => api.get<Revisions>(`/api/v1/sellers/${e(sellerId)}/application/revisions`),
  reapply: (sellerId: string) => api.post<ApplicationView>(`/api/v1/sellers/${e(sellerId)}/application/reapply`),
};
