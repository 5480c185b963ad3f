import type { Selectable } from 'kysely';
import type { DB } from '../../db/database.js';
import type { CaseTables, QcMediaKind, QcResult, QcSubject } from '../../db/tables/cases.js';
import type { QcIssueType, QcSeverity } from '../../domain/cases/qc-failure.js';
import { renderIssueType, renderMeasurement, renderQcFindings, type Bilingual, type Measurement } from '../../domain/cases/render.js';
import type { Tx } from '../../platform/history.js';

type ReportRow = Selectable<CaseTables['qc_reports']>;
type MediaRow = Selectable<CaseTables['qc_media']>;

export interface QcMediaView {
  id: string;
  reportId: string | null;
  orderItemId: string;
  kind: QcMediaKind;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  fileName: string;
  caption: string | null;
  uploadedBy: string | null;
  uploadedAt: string;
  url: string;
}

export interface QcReportView {
  id: string;
  orderId: string;
  orderItemId: string;
  sellerId: string;
  buyerId: string;
  subject: QcSubject;
  caseId: string | null;
  result: QcResult;
  severity: QcSeverity | null;
  issues: { type: QcIssueType; description: string | null; label: Bilingual }[];
  measurements: (Measurement & { text: Bilingual })[];
  notes: string | null;
  /** The verdict in one sentence, in English and Chinese. */
  summary: Bilingual;
  inspectorId: string | null;
  createdAt: string;
  item: { name: string; sku: string | null; quantity: number; unitPrice: number; lineNo: number } | null;
  media: QcMediaView[];
}

export function mediaView(m: MediaRow): QcMediaView {
  return {
    id: m.id,
    reportId: m.report_id,
    orderItemId: m.order_item_id,
    kind: m.kind,
    mediaType: m.media_type,
    sizeBytes: m.size_bytes,
    sha256: m.sha256,
    fileName: m.file_name,
    caption: m.caption,
    uploadedBy: m.uploaded_by,
    uploadedAt: m.uploaded_at.toISOString(),
    url: `/api/v1/qc-media/${m.id}`,
  };
}

type ItemFacts = { id: string; name: string; sku: string | null; quantity: number; unit_price: number; line_no: number };

/** One report with its media (already attached to it) and its item. */
export function reportView(r: ReportRow, media: MediaRow[], item: ItemFacts | undefined): QcReportView {
  return {
    id: r.id,
    orderId: r.order_id,
    orderItemId: r.order_item_id,
    sellerId: r.seller_id,
    buyerId: r.buyer_id,
    subject: r.subject,
    caseId: r.case_id,
    result: r.result,
    severity: r.severity,
    issues: r.issues.map((i) => ({ type: i.type, description: i.description ?? null, label: renderIssueType(i.type) })),
    measurements: r.measurements.map((m) => ({ name: m.name, expected: m.expected ?? null, actual: m.actual, unit: m.unit ?? null, text: renderMeasurement(m) })),
    notes: r.notes,
    summary: renderQcFindings({ result: r.result, severity: r.severity, issues: r.issues, measurements: r.measurements }),
    inspectorId: r.inspector_id,
    createdAt: r.created_at.toISOString(),
    item: item ? { name: item.name, sku: item.sku, quantity: item.quantity, unitPrice: item.unit_price, lineNo: item.line_no } : null,
    media: media.filter((m) => m.report_id === r.id).map(mediaView),
  };
}

/** Reports with their item and media, in the order given. */
export async function reportViews(db: DB | Tx, rows: ReportRow[]): Promise<QcReportView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const itemIds = [...new Set(rows.map((r) => r.order_item_id))];
  const [media, items] = await Promise.all([
    db.selectFrom('qc_media').selectAll().where('report_id', 'in', ids).orderBy('uploaded_at').orderBy('id').execute(),
    db.selectFrom('order_items').select(['id', 'name', 'sku', 'quantity', 'unit_price', 'line_no']).where('id', 'in', itemIds).execute(),
  ]);
  return rows.map((r) => reportView(r, media, items.find((i) => i.id === r.order_item_id)));
}
