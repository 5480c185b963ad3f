import { fileTypeFromBuffer } from 'file-type';

export interface SniffedType {
  mediaType: string;
  extension: string;
}

/** The type a file really is, read from its first bytes — never from its name or the client's header. */
export async function sniffType(head: Buffer): Promise<SniffedType | null> {
  const t = await fileTypeFromBuffer(head);
  return t ? { mediaType: t.mime, extension: t.ext } : null;
}

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm', 'video/x-matroska'] as const;

/** A display-safe file name: no directories, no control characters, bounded length. */
export function safeFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^\.+/, '').trim().slice(0, 120);
  return cleaned || fallback;
}
