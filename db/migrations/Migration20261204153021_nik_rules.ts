import { Migration } from '@mikro-orm/migrations';
import { loadNationalRegions } from '../../domain/regions';

/**
 * NIK rules in SQL, so pre-verification checks run set-based over a whole campaign: the kecamatan reference table
 * and functions that read the sex and birth date a NIK implies. They mirror domain/nik.ts (rules nik-2026.1),
 * and a test compares the two on the same NIKs.
 */
export class Migration20261204153021_nik_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "ref_kecamatan" ("code" varchar(6) not null, "name" text not null, constraint "ref_kecamatan_pkey" primary key ("code"));`);
    const rows = loadNationalRegions().kecamatanRows;
    this.addSql(
      `insert into ref_kecamatan (code, name) select code, name from json_populate_recordset(null::ref_kecamatan, '${JSON.stringify(rows).replace(/'/g, "''")}'::json)`,
    );

    // Sex implied by the day part: 01-31 men, 41-71 women (+40); null when the NIK is not 16 digits or DD is neither.
    this.addSql(`
      create or replace function verivali_nik_sex(nik text) returns text
      language sql immutable parallel safe as $$
        select case
          when nik !~ '^[0-9]{16}$' then null
          when substr(nik, 7, 2)::int between 1 and 31 then 'L'
          when substr(nik, 7, 2)::int between 41 and 71 then 'P'
        end
      $$;`);

    // Birth date implied by DDMMYY; the century is the latest one not after the reference date (domain/nik.ts).
    this.addSql(`
      create or replace function verivali_nik_birth_date(nik text, reference date) returns date
      language plpgsql immutable parallel safe as $$
      declare
        dd int; mm int; yy int; yr int;
      begin
        if nik !~ '^[0-9]{16}$' then return null; end if;
        dd := substr(nik, 7, 2)::int; mm := substr(nik, 9, 2)::int; yy := substr(nik, 11, 2)::int;
        if dd > 40 then dd := dd - 40; end if;
        if dd < 1 or dd > 31 or mm < 1 or mm > 12 then return null; end if;
        if (2000 + yy, mm, dd) <= (extract(year from reference)::int, extract(month from reference)::int, extract(day from reference)::int)
          then yr := 2000 + yy; else yr := 1900 + yy; end if;
        return make_date(yr, mm, dd);
      exception when others then
        return null; -- not a calendar date (e.g. 30 February)
      end
      $$;`);

    // The first structural problem of a NIK, with the codes of domain/nik.ts; null when the structure is sound.
    this.addSql(`
      create or replace function verivali_nik_problem(nik text, reference date) returns text
      language sql immutable parallel safe as $$
        select case
          when nik !~ '^[0-9]{16}$' then 'not_16_digits'
          when substr(nik, 1, 2) = '00' or substr(nik, 3, 2) = '00' or substr(nik, 5, 2) = '00' then 'region_part_zero'
          when verivali_nik_sex(nik) is null then 'day_out_of_range'
          when substr(nik, 9, 2)::int not between 1 and 12 then 'month_out_of_range'
          when verivali_nik_birth_date(nik, reference) is null then 'not_a_calendar_date'
          when substr(nik, 13, 4) = '0000' then 'serial_zero'
        end
      $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists verivali_nik_problem(text, date);');
    this.addSql('drop function if exists verivali_nik_birth_date(text, date);');
    this.addSql('drop function if exists verivali_nik_sex(text);');
    this.addSql('drop table if exists "ref_kecamatan" cascade;');
  }
}
