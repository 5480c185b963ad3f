import { api } from './client';

/** The policy document is a tree of sections, numbers, switches, choices and lists (src/domain/policy.ts). */
export type PolicyValue = string | number | boolean | null | PolicyValue[] | { [key: string]: PolicyValue };
export type PolicyDocument = { [section: string]: PolicyValue };

export interface PolicyVersionSummary {
  version: number;
  status: 'draft' | 'active' | 'retired';
  note: string;
  createdBy: string | null;
  createdAt: string;
  activatedBy: string | null;
  activatedAt: string | null;
  retiredAt: string | null;
}

export interface PolicyVersion extends PolicyVersionSummary {
  document: PolicyDocument;
}

export interface SellerChange {
  sellerId: string;
  shopName: string;
  points: { before: number; after: number };
  sanctions: { before: string[]; after: string[]; added: string[]; removed: string[] };
  status: { before: string; after: string };
  tier: { before: string; after: string } | null;
}

export interface PolicyDiff {
  version: number;
  activeVersion: number;
  replayDays: number;
  asOf: string;
  summary: {
    sellers: number;
    sellersChanged: number;
    gainPoints: number;
    losePoints: number;
    sanctioned: Record<string, number>;
    sanctionsLifted: Record<string, number>;
    statusChanges: Record<string, number>;
    tierChanges: Record<string, number>;
    violationsProposed: number;
    autoConfirmed: number;
    rescored: number;
  };
  changes: SellerChange[];
}

export const policyApi = {
  active: () => api.get<PolicyVersion>('/api/v1/policy/active'),
  versions: () => api.get<{ items: PolicyVersionSummary[] }>('/api/v1/admin/policy/versions'),
  version: (version: number) => api.get<PolicyVersion>(`/api/v1/admin/policy/versions/${version}`),
  createDraft: (body: { note?: string; fromVersion?: number } = {}) => api.post<PolicyVersion>('/api/v1/admin/policy/drafts', body),
  patchDraft: (version: number, body: { document?: PolicyDocument; note?: string }) => api.patch<PolicyVersion>(`/api/v1/admin/policy/drafts/${version}`, body),
  dryRun: (version: number) => api.post<PolicyDiff>(`/api/v1/admin/policy/drafts/${version}/dry-run`),
  activate: (version: number) => api.post<PolicyDiff>(`/api/v1/admin/policy/drafts/${version}/activate`),
};
