import { api } from './client';

const e = encodeURIComponent;

export interface Bilingual {
  en: string;
  zh: string;
}

export type TrainingStatus = 'draft' | 'published' | 'archived';

interface ModuleBase {
  id: string;
  slug: string;
  status: TrainingStatus;
  version: number;
  position: number;
  title: Bilingual;
  summary: Bilingual;
  passMark: number;
  questionCount: number;
  updatedAt: string;
}

export interface SellerModule extends ModuleBase {
  completed: { version: number; at: string } | null;
  currentVersionCompleted: boolean;
  attempts: number;
  lastAttempt: { id: string; passed: boolean; score: number; at: string } | null;
}

export interface TakerQuestion {
  id: string;
  prompt: Bilingual;
  options: Bilingual[];
  multiple: boolean;
}

export interface TakerModule extends ModuleBase {
  content: Bilingual;
  questions: TakerQuestion[];
}

export interface EditorQuestion {
  id: string;
  prompt: Bilingual;
  options: Bilingual[];
  answers: number[];
}

export interface EditorModule extends ModuleBase {
  content: Bilingual;
  questions: EditorQuestion[];
  createdAt: string;
  actions: ('publish' | 'archive')[];
  sellersCompleted?: number;
}

export interface Attempt {
  id: string;
  moduleId: string;
  moduleVersion: number;
  moduleTitle: Bilingual | null;
  sellerId: string | null;
  userId: string;
  correct: number;
  total: number;
  score: number;
  passed: boolean;
  passMark: number | null;
  completionRecorded?: boolean;
  questions: { id: string; chosen: number[]; correct: boolean; answers: number[] | null }[];
  createdAt: string;
}

export interface ModuleBody {
  slug?: string;
  title: Bilingual;
  summary: Bilingual;
  content: Bilingual;
  questions: EditorQuestion[];
  passMark: number;
  position: number;
}

export const trainingApi = {
  forSeller: (sellerId: string) => api.get<{ sellerId: string; modules: SellerModule[] }>(`/api/v1/sellers/${e(sellerId)}/training`),
  attempts: (sellerId: string, moduleId?: string) =>
    api.get<{ attempts: Attempt[] }>(`/api/v1/sellers/${e(sellerId)}/training/attempts`, { moduleId, limit: 20 }),
  module: (idOrSlug: string) => api.get<TakerModule>(`/api/v1/training/modules/${e(idOrSlug)}`),
  submit: (idOrSlug: string, sellerId: string, answers: Record<string, number[]>) =>
    api.post<Attempt>(`/api/v1/training/modules/${e(idOrSlug)}/attempts`, { sellerId, answers }),
  attempt: (id: string) => api.get<Attempt>(`/api/v1/training/attempts/${e(id)}`),
  // staff
  all: () => api.get<{ modules: EditorModule[] }>('/api/v1/admin/training/modules'),
  editorModule: (id: string) => api.get<EditorModule>(`/api/v1/admin/training/modules/${e(id)}`),
  create: (body: ModuleBody) => api.post<EditorModule>('/api/v1/admin/training/modules', body),
  update: (id: string, body: Partial<ModuleBody>) => api.patch<EditorModule>(`/api/v1/admin/training/modules/${e(id)}`, body),
  transition: (id: string, event: 'publish' | 'archive') => api.post<EditorModule>(`/api/v1/admin/training/modules/${e(id)}/${event}`, {}),
};

/** The side of a bilingual text for the reader's language. */
export function pick(text: Bilingual, language: string): string {
  return language.startsWith('zh') ? text.zh || text.en : text.en || text.zh;
}
