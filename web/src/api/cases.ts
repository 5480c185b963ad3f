import { api, uploadFile, withQuery } from './client';
import type { CarrierCode, CaseAttachment, CaseSummary, CaseView, PostalAddress, QcMedia, QcReport, QcReportInput, QueueEntry, Remedy, SellerResponse } from './types';

export interface ReturnAddress extends PostalAddress {
  sellerId: string;
  source: 'return_address' | 'none';
  updatedAt: string | null;
}

const e = encodeURIComponent;

export interface CaseQuery {
  status?: string;
  sellerId?: string;
  buyerId?: string;
  orderId?: string;
  waitingFor?: 'me';
  open?: boolean;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

const c = (id: string, path = '') => `/api/v1/cases/${e(id)}${path}`;

export const casesApi = {
  list: (query: CaseQuery = {}) =>
    api.get<{ items: CaseSummary[] }>('/api/v1/cases', {
      ...query,
      open: query.open === undefined ? undefined : String(query.open),
      overdue: query.overdue ? 'true' : undefined,
    }),
  queue: (query: { limit?: number; offset?: number } = {}) => api.get<{ items: QueueEntry[] }>('/api/v1/cases/support-queue', query),
  get: (id: string) => api.get<CaseView>(c(id)),
  chooseRemedy: (id: string, remedy: Remedy, note?: string) => api.post<CaseView>(c(id, '/remedy'), { remedy, ...(note ? { note } : {}) }),
  respond: (id: string, response: SellerResponse) => api.post<CaseView>(c(id, '/response'), response),
  acceptCounter: (id: string) => api.post<CaseView>(c(id, '/counter/accept')),
  escalate: (id: string, reason?: string) => api.post<CaseView>(c(id, '/escalate'), reason ? { reason } : {}),
  decide: (id: string, remedy: Remedy, reason: string) => api.post<CaseView>(c(id, '/decision'), { remedy, reason }),
  shipReturn: (id: string, input: { carrier: CarrierCode; trackingNumber: string }) => api.post<CaseView>(c(id, '/return/ship'), input),
  returnEvent: (id: string, input: { eventCode: string; occurredAt: string; description?: string; location?: string }) => api.post<CaseView>(c(id, '/return/events'), input),
  confirmReceipt: (id: string) => api.post<CaseView>(c(id, '/return/confirm-receipt')),
  shipReplacement: (id: string, input: { carrier: CarrierCode; trackingNumber: string }) => api.post<CaseView>(c(id, '/replacement/ship'), input),
  postMessage: (id: string, body: string, attachmentIds: string[]) => api.post<CaseView>(c(id, '/messages'), { body, ...(attachmentIds.length ? { attachmentIds } : {}) }),
  uploadAttachment: (id: string, file: File, onProgress: (f: number) => void) =>
    uploadFile<CaseAttachment>('POST', withQuery(c(id, '/attachments'), { fileName: file.name }), file, onProgress),
  returnLabelUrl: (id: string) => c(id, '/return-label'),
  returnAddress: (sellerId: string) => api.get<ReturnAddress>(`/api/v1/sellers/${e(sellerId)}/return-address`),
  setReturnAddress: (sellerId: string, input: PostalAddress) => api.put<ReturnAddress>(`/api/v1/sellers/${e(sellerId)}/return-address`, input),
};

export const qcApi = {
  reports: (query: { orderId?: string; orderItemId?: string; caseId?: string; result?: 'pass' | 'fail'; limit?: number } = {}) => api.get<{ items: QcReport[] }>('/api/v1/qc-reports', query),
  report: (id: string) => api.get<QcReport>(`/api/v1/qc-reports/${e(id)}`),
  create: (input: QcReportInput) => api.post<QcReport>('/api/v1/qc-reports', input),
  uploadMedia: (orderItemId: string, file: File, onProgress: (f: number) => void, caption?: string) =>
    uploadFile<QcMedia>('POST', withQuery(`/api/v1/order-items/${e(orderItemId)}/qc-media`, { fileName: file.name, caption }), file, onProgress),
};
