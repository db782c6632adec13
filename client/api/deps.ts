/** What every route plugin gets: built once by buildApi, never a module-level singleton. */
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';

export interface ApiDeps {
  orm: MikroORM;
  /** A Temporal client with the encrypting data converter (client/codec/data-converter.ts). */
  client: Client;
  /** Where campaign workflows are started. */
  taskQueue: string;
  /** The API's clock: the receipt time field results are judged against. */
  now: () => Date;
  /** VERIVALI_DATA_DIR of the worker that writes feedback files and reports (shared volume in production). */
  dataDir: string;
}
