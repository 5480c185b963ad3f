import { api } from './client';
import type { ApiKey, ApiKeyRole, CreatedApiKey, Locale, Page, User, UserRole } from './types';

export const adminApi = {
  users: (query: { q?: string; role?: UserRole; limit?: number; offset?: number }) => api.get<Page<User>>('/api/v1/admin/users', query),
  createUser: (input: { email: string; name: string; password: string; roles: UserRole[]; locale?: Locale }) =>
    api.post<User>('/api/v1/admin/users', input),
  updateUser: (id: string, patch: { roles?: UserRole[]; status?: 'active' | 'disabled'; name?: string }) =>
    api.patch<User>(`/api/v1/admin/users/${encodeURIComponent(id)}`, patch),
  apiKeys: () => api.get<Page<ApiKey>>('/api/v1/admin/api-keys'),
  createApiKey: (input: { name: string; roles: ApiKeyRole[] }) => api.post<CreatedApiKey>('/api/v1/admin/api-keys', input),
  revokeApiKey: (id: string) => api.post<void>(`/api/v1/admin/api-keys/${encodeURIComponent(id)}/revoke`),
};
