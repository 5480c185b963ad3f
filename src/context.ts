import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { DatabaseHandle, DB } from './db/database.js';
import type { BlobStorage } from './files/storage.js';
import type { Clock } from './shared/clock.js';
import type { Tx } from './platform/history.js';

/** A due task handed to its handler inside the transaction that will mark it done. */
export interface DueTask {
  id: string;
  kind: string;
  entityType: string;
  entityId: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export type TaskHandler = (ctx: AppContext, trx: Tx, task: DueTask) => Promise<void>;

/** Everything a use-case needs from the outside world, passed in rather than imported. */
export interface AppContext {
  config: Config;
  handle: DatabaseHandle;
  db: DB;
  clock: Clock;
  storage: BlobStorage;
  log: Logger;
  taskHandlers: Map<string, TaskHandler>;
  /** Outgoing HTTP for webhooks; replaceable so tests can point it anywhere real. */
  fetch: typeof fetch;
}
