import { Migration } from '@mikro-orm/migrations';

export class Migration20261204154718_lifecycle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null, "actor" varchar(255) not null, "actor_role" varchar(32) not null, "action" varchar(64) not null, "entity" varchar(48) not null, "entity_id" varchar(255) not null, "campaign_id" varchar(255) null, "before" jsonb null, "after" jsonb null);`);
    this.addSql(`create index "audit_log_campaign_id_index" on "audit_log" ("campaign_id");`);

    this.addSql(`create table "escalation_case" ("campaign_id" varchar(255) not null, "family_id" varchar(255) not null, "package_id" varchar(255) not null, "kecamatan_code" varchar(6) not null, "desa_code" varchar(10) not null, "field_result_version" int not null, "mismatch_types" jsonb not null, "severity_sum" int not null, "level" varchar(32) not null, "status" varchar(16) not null, "decision" varchar(16) null, "decided_by" varchar(255) null, "decided_role" varchar(255) null, "reason" text null, "opened_at" timestamptz not null, "escalated_at" timestamptz null, "decided_at" timestamptz null, constraint "escalation_case_pkey" primary key ("campaign_id", "family_id"));`);
    this.addSql(`create index "escalation_case_kecamatan_code_index" on "escalation_case" ("kecamatan_code");`);

    this.addSql(`create table "field_result" ("campaign_id" varchar(255) not null, "family_id" varchar(255) not null, "version" int not null, "submission_id" varchar(255) not null, "package_id" varchar(255) not null, "officer_id" varchar(255) not null, "outcome" varchar(16) not null, "payload" jsonb not null, "rules_version" varchar(32) not null, "submitted_at" timestamptz not null, constraint "field_result_pkey" primary key ("campaign_id", "family_id", "version"));`);
    this.addSql(`alter table "field_result" add constraint "field_result_submission_id_unique" unique ("submission_id");`);

    this.addSql(`create table "intervention_item" ("plan_id" varchar(255) not null, "family_id" varchar(255) not null, "programme" varchar(32) not null, "desa_code" varchar(10) not null, "quantity" int not null, "unit_cost_rupiah" bigint not null, "cost_rupiah" bigint not null, "priority" int not null, "rank" int not null, "status" varchar(16) not null, "approved" boolean not null default false, "reasons" jsonb not null, constraint "intervention_item_pkey" primary key ("plan_id", "family_id", "programme"));`);

    this.addSql(`create table "intervention_plan" ("id" varchar(255) not null, "campaign_id" varchar(255) not null, "status" varchar(24) not null, "rules_version" varchar(32) not null, "proposed_by" varchar(255) not null, "budget_rupiah" bigint not null, "funded_rupiah" bigint not null, "deferred_rupiah" bigint not null, "approved_rupiah" bigint not null default 0, "approved_programmes" jsonb null, "decided_by" varchar(255) null, "reason" text null, "proposed_at" timestamptz not null, "decided_at" timestamptz null, constraint "intervention_plan_pkey" primary key ("id"));`);
    this.addSql(`create index "intervention_plan_campaign_id_index" on "intervention_plan" ("campaign_id");`);

    this.addSql(`create table "mismatch" ("campaign_id" varchar(255) not null, "family_id" varchar(255) not null, "version" int not null, "type" varchar(48) not null, "severity" smallint not null, "detail" jsonb not null, "desa_code" varchar(10) not null, constraint "mismatch_pkey" primary key ("campaign_id", "family_id", "version", "type"));`);
    this.addSql(`create index "mismatch_campaign_id_type_index" on "mismatch" ("campaign_id", "type");`);

    this.addSql(`create table "officer" ("id" varchar(255) not null, "name" text not null, "role" varchar(32) not null, "kecamatan_code" varchar(6) not null, "desa_coverage" jsonb not null, "daily_capacity" int not null, "available" boolean not null default true, "updated_at" timestamptz not null, constraint "officer_pkey" primary key ("id"));`);

    this.addSql(`create table "package_family" ("package_id" varchar(255) not null, "family_id" varchar(255) not null, "campaign_id" varchar(255) not null, "priority" int not null, "status" varchar(16) not null, "latest_version" int not null default 0, constraint "package_family_pkey" primary key ("package_id", "family_id"));`);
    this.addSql(`create index "package_family_campaign_id_family_id_index" on "package_family" ("campaign_id", "family_id");`);

    this.addSql(`create table "work_package" ("id" varchar(255) not null, "campaign_id" varchar(255) not null, "desa_code" varchar(10) not null, "kecamatan_code" varchar(6) not null, "seq" int not null, "round" int not null, "officer_id" varchar(255) not null, "status" varchar(16) not null, "family_count" int not null, "reassignments" int not null default 0, "deadline_at" timestamptz null, "created_at" timestamptz not null, "closed_at" timestamptz null, constraint "work_package_pkey" primary key ("id"));`);
    this.addSql(`create index "work_package_campaign_id_index" on "work_package" ("campaign_id");`);
    this.addSql(`create index "work_package_officer_id_index" on "work_package" ("officer_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`drop table if exists "escalation_case" cascade;`);

    this.addSql(`drop table if exists "field_result" cascade;`);

    this.addSql(`drop table if exists "intervention_item" cascade;`);

    this.addSql(`drop table if exists "intervention_plan" cascade;`);

    this.addSql(`drop table if exists "mismatch" cascade;`);

    this.addSql(`drop table if exists "officer" cascade;`);

    this.addSql(`drop table if exists "package_family" cascade;`);

    this.addSql(`drop table if exists "work_package" cascade;`);
  }

}
