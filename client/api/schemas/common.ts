/** Request and response pieces shared by several routes. Every response schema is zod, so it is also documentation. */
import { z } from 'zod';
import { campaignIdSchema } from '../../../domain/contracts/campaign-config.schema';
import { errorBodySchema } from '../errors';

export const isoDateTime = z.string().describe('ISO 8601 date-time (UTC)');

export const campaignParams = z.strictObject({ id: campaignIdSchema });

/** Every route answers these besides its success; listed per route so the OpenAPI document shows them. */
export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  413: errorBodySchema,
  503: errorBodySchema,
} as const;

export const bearerSecurity = [{ bearerAuth: [] }];

export const limitQuery = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** A submission or decision id chosen by the client: the Temporal update id, so a resend is applied once. */
export const requestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/, 'an id of 8–128 letters, digits and . _ : - (a UUID is fine)');
