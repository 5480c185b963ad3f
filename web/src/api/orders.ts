import { api, request } from './client';
import type { CarrierCode, OrderDetail, OrderStatus, OrderSummary, OrderTracking, Protection, RefundLedger, TrackingValidation } from './types';

const e = encodeURIComponent;

/** The seller's or staff's last refusal of the buyer's extension request (cleared when the buyer asks again). */
export interface ExtensionDeclined {
  days: number;
  reason: string;
  declinedAt: string;
}

/** The protection period as the server sends it, with the last declined request. */
export type ProtectionWithDecline = Protection & { extensionDeclined?: ExtensionDeclined | null };

export interface OrderQuery {
  status?: OrderStatus;
  sellerId?: string;
  buyerId?: string;
  externalId?: string;
  needsDispatch?: boolean;
  limit?: number;
  offset?: number;
}

export const ordersApi = {
  list: (query: OrderQuery = {}) => api.get<{ items: OrderSummary[] }>('/api/v1/orders', { ...query, needsDispatch: query.needsDispatch ? 'true' : undefined }),
  get: (id: string) => api.get<OrderDetail>(`/api/v1/orders/${e(id)}`),
  tracking: (id: string) => api.get<OrderTracking>(`/api/v1/orders/${e(id)}/tracking`),
  refunds: (id: string) => api.get<RefundLedger>(`/api/v1/orders/${e(id)}/refunds`),
  dispatch: (id: string, input: { carrier: CarrierCode; trackingNumber: string; service?: string }) => api.post<OrderDetail>(`/api/v1/orders/${e(id)}/dispatch`, input),
  requestCancellation: (id: string, reason: string) => api.post<OrderDetail>(`/api/v1/orders/${e(id)}/cancellation-request`, { reason }),
  acceptCancellation: (id: string) => api.post<OrderDetail>(`/api/v1/orders/${e(id)}/cancellation/accept`),
  refuseCancellation: (id: string, reason: string) => api.post<OrderDetail>(`/api/v1/orders/${e(id)}/cancellation/refuse`, { reason }),
  confirmDelivery: (id: string) => api.post<Protection>(`/api/v1/orders/${e(id)}/confirm-delivery`),
  protection: (id: string) => api.get<Protection>(`/api/v1/orders/${e(id)}/protection`),
  requestExtension: (id: string, input: { days: number; reason: string }) => api.post<Protection>(`/api/v1/orders/${e(id)}/protection/extension-request`, input),
  extendProtection: (id: string, input: { days: number; reason: string }) => api.post<Protection>(`/api/v1/orders/${e(id)}/protection/extend`, input),
  declineExtension: (id: string, reason: string) => api.post<ProtectionWithDecline>(`/api/v1/orders/${e(id)}/protection/extension-request/decline`, { reason }),
};

export const trackingApi = {
  validate: (number: string, carrier?: CarrierCode, signal?: AbortSignal) =>
    request<TrackingValidation>('POST', '/api/v1/tracking-numbers/validate', { json: { number, ...(carrier ? { carrier } : {}) }, signal }),
};
