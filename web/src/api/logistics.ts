import { api, uploadFile, withQuery } from './client';
import type { CalendarStatus, CarrierCode, Parcel, ParcelStatus, QcPassResult, ReceiptPhoto, WarehouseReceipt } from './types';

const e = encodeURIComponent;

export interface ParcelInput {
  orderIds: string[];
  declaredWeightGrams: number;
  declaredValue: { amount: number; currency: string };
  carrier: CarrierCode;
  trackingNumber: string;
  insured: boolean;
}

export const warehouseApi = {
  receive: (input: { trackingNumber?: string; orderId?: string; weightGrams: number; notes?: string }) => api.post<WarehouseReceipt>('/api/v1/warehouse/receipts', input),
  receipt: (id: string) => api.get<WarehouseReceipt>(`/api/v1/warehouse/receipts/${e(id)}`),
  uploadPhoto: (receiptId: string, file: File, onProgress: (f: number) => void) =>
    uploadFile<ReceiptPhoto>('PUT', withQuery(`/api/v1/warehouse/receipts/${e(receiptId)}/photos`, { fileName: file.name }), file, onProgress),
  photoUrl: (receiptId: string, photoId: string) => `/api/v1/warehouse/receipts/${e(receiptId)}/photos/${e(photoId)}/file`,
  passQc: (orderId: string, input: { itemIds?: string[]; notes?: string } = {}) => api.post<QcPassResult>(`/api/v1/warehouse/orders/${e(orderId)}/qc-pass`, input),
};

export const parcelsApi = {
  list: (query: { status?: ParcelStatus; limit?: number; offset?: number } = {}) => api.get<{ items: Parcel[] }>('/api/v1/parcels', query),
  get: (id: string) => api.get<Parcel>(`/api/v1/parcels/${e(id)}`),
  create: (input: ParcelInput) => api.post<Parcel>('/api/v1/parcels', input),
  ship: (id: string) => api.post<Parcel>(`/api/v1/parcels/${e(id)}/ship`),
  cancel: (id: string, reason: string) => api.post<Parcel>(`/api/v1/parcels/${e(id)}/cancel`, { reason }),
};

export const calendarApi = {
  status: () => api.get<CalendarStatus>('/api/v1/calendar/status'),
};
