import type { Timestamp } from './platform.js';

export type UserRole = 'buyer' | 'seller' | 'qc_inspector' | 'support_agent' | 'compliance_officer' | 'admin';
/** Users hold user roles; API keys may also hold `integration`, the platform's own systems. */
export type Role = UserRole | 'integration';
export const USER_ROLES = ['buyer', 'seller', 'qc_inspector', 'support_agent', 'compliance_officer', 'admin'] as const;
export const API_KEY_ROLES = [...USER_ROLES, 'integration'] as const;
export type Locale = 'en' | 'zh-CN';

export interface IdentityTables {
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string;
    roles: UserRole[];
    locale: Locale;
    status: 'active' | 'disabled';
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  sessions: {
    token_hash: string;
    id: string;
    user_id: string;
    csrf_token: string;
    created_at: Timestamp;
    expires_at: Timestamp;
    revoked_at: Timestamp | null;
  };
  login_failures: { email: string; at: Timestamp };
  api_keys: {
    id: string;
    name: string;
    prefix: string;
    secret_hash: string;
    roles: Role[];
    created_by: string;
    created_at: Timestamp;
    last_used_at: Timestamp | null;
    revoked_at: Timestamp | null;
  };
}
