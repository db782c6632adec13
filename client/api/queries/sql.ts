/** Parameterised SQL only: values always travel as bindings (`?`), never inside the statement text (db/bound-sql.ts). */
import { boundRows } from '../../../db/bound-sql';

export const sql = boundRows;

/** PostgreSQL returns bigint and numeric aggregates as strings. */
export const num = (value: string | number | null | undefined): number => Number(value ?? 0);

export const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/** A list parameter for `x in (select json_array_elements_text(?::json))`. */
export const jsonList = (values: readonly string[]): string => JSON.stringify(values);
