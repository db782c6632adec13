import { Migration } from '@mikro-orm/migrations';

export class Migration20261204152440_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "campaign" ("id" varchar(255) not null, "name" varchar(255) not null, "status" varchar(32) not null, "phase" varchar(32) not null, "config" jsonb not null, "snapshot_id" varchar(255) null, "created_by" varchar(255) not null, "counts" jsonb not null, "registration_attempts" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, "completed_at" timestamptz null, constraint "campaign_pkey" primary key ("id"));`);

    this.addSql(`create table "family_flag" ("campaign_id" varchar(255) not null, "family_id" varchar(255) not null, "code" varchar(48) not null, "individual_id" varchar(255) not null default '', "severity" smallint not null, "reason" text not null, constraint "family_flag_pkey" primary key ("campaign_id", "family_id", "code", "individual_id"));`);
    this.addSql(`create index "family_flag_campaign_id_code_index" on "family_flag" ("campaign_id", "code");`);

    this.addSql(`create table "p3ke_family" ("campaign_id" varchar(255) not null, "id_keluarga_p3ke" varchar(255) not null, "source_position" int not null, "provinsi" text not null, "kabupaten_kota" text not null, "kecamatan" text not null, "desa_kelurahan" text not null, "kode_kemendagri" varchar(16) not null, "desil_kesejahteraan" smallint not null, "alamat" text not null, "kepala_keluarga" text not null, "nik" text not null, "padan_dukcapil" boolean not null, "jenis_kelamin" varchar(1) not null, "tanggal_lahir" date not null, "pekerjaan" varchar(32) not null, "pendidikan" varchar(32) not null, "kepemilikan_rumah" varchar(32) not null, "memiliki_simpanan" boolean not null, "jenis_atap" varchar(32) not null, "jenis_dinding" varchar(32) not null, "jenis_lantai" varchar(32) not null, "sumber_penerangan" varchar(32) not null, "bahan_bakar_memasak" varchar(32) not null, "sumber_air_minum" varchar(32) not null, "fasilitas_bab" varchar(32) not null, "penerima_bpnt" boolean not null, "penerima_bpum" boolean not null, "penerima_bst" boolean not null, "penerima_pkh" boolean not null, "penerima_sembako" boolean not null, "resiko_stunting" boolean not null, "priority" int not null default 0, constraint "p3ke_family_pkey" primary key ("campaign_id", "id_keluarga_p3ke"));`);
    this.addSql(`create index "p3ke_family_campaign_id_kode_kemendagri_index" on "p3ke_family" ("campaign_id", "kode_kemendagri");`);

    this.addSql(`create table "p3ke_individual" ("campaign_id" varchar(255) not null, "id_individu" varchar(255) not null, "source_position" int not null, "id_keluarga_p3ke" varchar(255) not null, "nama" text not null, "nik" text not null, "padan_dukcapil" boolean not null, "jenis_kelamin" varchar(1) not null, "hubungan_dengan_kepala_keluarga" varchar(32) not null, "tanggal_lahir" date not null, "status_kawin" varchar(32) not null, "pekerjaan" varchar(32) not null, "pendidikan" varchar(32) not null, "hamil" boolean not null, "penerima_bpnt" boolean not null, "penerima_bpum" boolean not null, "penerima_bst" boolean not null, "penerima_pkh" boolean not null, "penerima_sembako" boolean not null, "resiko_stunting" boolean not null, "kode_kemendagri" varchar(16) not null, "desil_kesejahteraan" smallint not null, constraint "p3ke_individual_pkey" primary key ("campaign_id", "id_individu"));`);
    this.addSql(`create index "p3ke_individual_campaign_id_id_keluarga_p3ke_index" on "p3ke_individual" ("campaign_id", "id_keluarga_p3ke");`);
    this.addSql(`create index "p3ke_individual_campaign_id_nik_index" on "p3ke_individual" ("campaign_id", "nik");`);

    this.addSql(`create table "quarantined_record" ("campaign_id" varchar(255) not null, "kind" varchar(16) not null, "source_position" int not null, "source_id" varchar(255) null, "reason_code" varchar(48) not null, "reason" text not null, "raw" jsonb not null, "quarantined_at" timestamptz not null, constraint "quarantined_record_pkey" primary key ("campaign_id", "kind", "source_position"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "campaign" cascade;`);

    this.addSql(`drop table if exists "family_flag" cascade;`);

    this.addSql(`drop table if exists "p3ke_family" cascade;`);

    this.addSql(`drop table if exists "p3ke_individual" cascade;`);

    this.addSql(`drop table if exists "quarantined_record" cascade;`);
  }

}
