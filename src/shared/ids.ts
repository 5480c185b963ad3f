import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** Every entity id prefix. Opaque, sortable by creation time, readable by staff (`sel_01J…`). */
export type IdPrefix =
  | 'usr' | 'ses' | 'key' | 'sel' | 'app' | 'doc' | 'evt' | 'obx' | 'whk' | 'dlv' | 'tsk'
  | 'ord' | 'itm' | 'shp' | 'scn' | 'pcl' | 'ref' | 'sig' | 'rcv' | 'case' | 'msg' | 'qc'
  | 'rev' | 'vio' | 'snc' | 'apl' | 'aud' | 'pol' | 'ntf' | 'upl' | 'byr' | 'cal' | 'imp' | 'trn'
  | 'qcm' | 'prp' | 'att' | 'lbl' | 'csh' | 'inv';

export function newId(prefix: IdPrefix, now?: number): string {
  return `${prefix}_${ulid(now).toLowerCase()}`;
}
