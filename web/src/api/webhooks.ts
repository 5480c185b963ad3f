import { api } from './client';
import type { DeliveryStatus, EventTypeInfo, Page, WebhookDelivery, WebhookEndpoint } from './types';

const e = encodeURIComponent;

export const webhooksApi = {
  list: () => api.get<Page<WebhookEndpoint>>('/api/v1/admin/webhooks'),
  get: (id: string) => api.get<WebhookEndpoint>(`/api/v1/admin/webhooks/${e(id)}`),
  create: (input: { url: string; description?: string; eventTypes: string[] }) =>
    api.post<WebhookEndpoint & { secret: string }>('/api/v1/admin/webhooks', input),
  update: (id: string, patch: { url?: string; description?: string; eventTypes?: string[]; enabled?: boolean }) =>
    api.patch<WebhookEndpoint>(`/api/v1/admin/webhooks/${e(id)}`, patch),
  rotateSecret: (id: string) => api.post<WebhookEndpoint & { secret: string }>(`/api/v1/admin/webhooks/${e(id)}/rotate-secret`),
  deliveries: (id: string, query: { status?: DeliveryStatus; limit?: number; offset?: number } = {}) =>
    api.get<Page<WebhookDelivery>>(`/api/v1/admin/webhooks/${e(id)}/deliveries`, query),
  retry: (deliveryId: string) => api.post<WebhookDelivery>(`/api/v1/admin/webhook-deliveries/${e(deliveryId)}/retry`),
  test: (id: string) => api.post<{ outboxId: string; delivery: WebhookDelivery }>(`/api/v1/admin/webhooks/${e(id)}/test`),
  eventTypes: () => api.get<Page<EventTypeInfo>>('/api/v1/admin/webhook-event-types'),
};
