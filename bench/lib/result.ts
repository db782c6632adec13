/**
 * One benchmark figure as bench/results.json stores it: a ratio of two quantities measured side by side in one
 * run (same machine, dev server and database), so a noisy shared machine moves both sides alike.
 */
import { z } from 'zod';

export const TargetSchema = z.strictObject({
  /** `>=`: the ratio must reach the value (throughputs); `<=`: it must stay at or below it (latencies, headroom). */
  op: z.enum(['>=', '<=']),
  value: z.number().finite().positive(),
});
export type Target = z.infer<typeof TargetSchema>;

const ParamValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const BenchResultSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case name'),
  numerator: z.number().finite().nonnegative(),
  denominator: z.number().finite().positive(),
  ratio: z.number().finite().nonnegative(),
  /** null: an informational figure the issue asks for without a target (e.g. p50, state transitions per family). */
  target: TargetSchema.nullable(),
  pass: z.boolean().nullable(),
  /** What numerator and denominator count, e.g. "rows/s (service) / rows/s (COPY)". */
  units: z.string().min(1),
  params: z.record(z.string(), ParamValue),
});
export type BenchResult = z.infer<typeof BenchResultSchema>;
export type BenchParams = BenchResult['params'];

export const BenchResultsFileSchema = z.array(BenchResultSchema);

export function passes(ratio: number, target: Target | null): boolean | null {
  if (target === null) return null;
  return target.op === '>=' ? ratio >= target.value : ratio <= target.value;
}

/** Builds a result from its two sides; the ratio and the verdict are computed here, never written by hand. */
export function benchResult(input: { name: string; numerator: number; denominator: number; target: Target | null; units: string; params: BenchParams }): BenchResult {
  if (!(input.denominator > 0) || !Number.isFinite(input.denominator)) {
    throw new Error(`benchmark ${input.name}: the denominator must be a positive number, got ${input.denominator}`);
  }
  if (!(input.numerator >= 0) || !Number.isFinite(input.numerator)) {
    throw new Error(`benchmark ${input.name}: the numerator must be a non-negative number, got ${input.numerator}`);
  }
  const ratio = input.numerator / input.denominator;
  return BenchResultSchema.parse({ ...input, ratio, pass: passes(ratio, input.target) });
}
