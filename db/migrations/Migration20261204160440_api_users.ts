import { Migration } from '@mikro-orm/migrations';

export class Migration20261204160440_api_users extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_user" ("id" varchar(255) not null, "name" text not null, "role" varchar(32) not null, "all_areas" boolean not null default false, "kecamatan_codes" jsonb not null, "desa_codes" jsonb not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "disabled" boolean not null default false, constraint "api_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_user" add constraint "api_user_token_hash_unique" unique ("token_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_user" cascade;`);
  }

}
