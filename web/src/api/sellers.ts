import { api, uploadFile, withQuery } from './client';
import type {
  ApplicationStatus,
  ApplicationView,
  DocumentDecision,
  DocumentKind,
  Page,
  QueueItem,
  SellerDocument,
  SellerInput,
  SellerListItem,
  SellerProfile,
  SellerStatus,
  TimelineEntry,
} from './types';

const e = encodeURIComponent;

export const sellersApi = {
  create: (input: SellerInput) => api.post<ApplicationView>('/api/v1/sellers', input),
  update: (sellerId: string, patch: Partial<SellerInput>) => api.patch<ApplicationView>(`/api/v1/sellers/${e(sellerId)}`, patch),
  profile: (sellerId: string) => api.get<SellerProfile>(`/api/v1/sellers/${e(sellerId)}`),
  list: (query: { status?: SellerStatus | ''; q?: string; limit?: number; offset?: number }) => api.get<Page<SellerListItem>>('/api/v1/sellers', query),
  application: (sellerId: string) => api.get<ApplicationView>(`/api/v1/sellers/${e(sellerId)}/application`),
  timeline: (sellerId: string, query: { limit?: number; offset?: number } = { limit: 200 }) =>
    api.get<Page<TimelineEntry>>(`/api/v1/sellers/${e(sellerId)}/timeline`, query),
  upload: (sellerId: string, kind: DocumentKind, file: File, expiresOn: string | null, onProgress: (f: number) => void) =>
    uploadFile<SellerDocument>(
      'PUT',
      withQuery(`/api/v1/sellers/${e(sellerId)}/documents/${e(kind)}`, { fileName: file.name, expiresOn: expiresOn || undefined }),
      file,
      onProgress,
    ),
  documentUrl: (documentId: string) => `/api/v1/documents/${e(documentId)}/file`,
  submit: (sellerId: string) => api.post<ApplicationView>(`/api/v1/sellers/${e(sellerId)}/application/submit`),
  queue: (query: { status?: 'submitted' | 'under_review'; limit?: number; offset?: number } = {}) => api.get<Page<QueueItem>>('/api/v1/review-queue', query),
  startReview: (sellerId: string) => api.post<ApplicationView>(`/api/v1/sellers/${e(sellerId)}/application/start-review`),
  decideDocument: (documentId: string, decision: DocumentDecision, reason: string) =>
    api.post<SellerDocument & { applicationStatus: ApplicationStatus }>(`/api/v1/documents/${e(documentId)}/decision`, {
      decision,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    }),
  approve: (sellerId: string, reason?: string) =>
    api.post<ApplicationView>(`/api/v1/sellers/${e(sellerId)}/application/approve`, reason?.trim() ? { reason: reason.trim() } : {}),
  reject: (sellerId: string, reason: string) => api.post<ApplicationView>(`/api/v1/sellers/${e(sellerId)}/application/reject`, { reason: reason.trim() }),
};
