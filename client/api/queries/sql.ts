/** Parameterised SQL only: values always travel as bindings (`?`), never inside the statement text. */
import type { EntityManager } from '@mikro-orm/postgresql';

export const sql = <T>(em: EntityManager, text: string, params: readonly unknown[] = []): Promise<T[]> =>
  em.getConnection().execute<T[]>(text, [...params], 'all', em.getTransactionContext());

/** PostgreSQL returns bigint and numeric aggregates as strings. */
export const num = (value: string | number | null | undefined): number => Number(value ?? 0);

export const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/** A list parameter for `x in (select json_array_elements_text(?::json))`. */
export const jsonList = (values: readonly string[]): string => JSON.stringify(values);
