/**
 * The desil proxy (domain/desil-proxy.ts) as a SQL expression, generated from the same parameters so that the
 * set-based check and the TypeScript rule cannot drift apart. A test compares them on the same rows.
 */
import {
  DEFAULT_DESIL_PROXY_PARAMS,
  HOUSING_INDICATORS,
  type DesilProxyParams,
  type HousingIndicator,
} from '../../domain/desil-proxy';

const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The rung (0–100) of one indicator for the row aliased `alias`, or NULL when the value is unknown. */
function rungExpression(name: HousingIndicator, alias: string, params: DesilProxyParams): string {
  const ladder = params.ladders[name] as Record<string, number>;
  const column = name === 'memiliki_simpanan' ? `${alias}.${name}::text` : `${alias}.${name}`;
  const whens = Object.entries(ladder).map(([value, rung]) => `when ${quote(value)} then ${rung}`);
  return `(case ${column} ${whens.join(' ')} else null end)`;
}

/**
 * SQL for the implied desil of row `alias` (NULL when fewer than minKnownIndicators are known), rounding like
 * Math.round on a non-negative number.
 */
export function impliedDesilSql(alias: string, params: DesilProxyParams = DEFAULT_DESIL_PROXY_PARAMS): string {
  const rungs = HOUSING_INDICATORS.map((name) => ({ rung: rungExpression(name, alias, params), weight: params.weights[name] }));
  const weighted = rungs.map((r) => `coalesce(${r.rung} * ${r.weight}, 0)`).join(' + ');
  const totalWeight = rungs.map((r) => `(case when ${r.rung} is null then 0 else ${r.weight} end)`).join(' + ');
  const known = rungs.map((r) => `(case when ${r.rung} is null then 0 else 1 end)`).join(' + ');
  const score = `floor((${weighted})::numeric / nullif(${totalWeight}, 0) + 0.5)`;
  const desil = `least(10, 1 + ${params.desilCutoffs.map((c) => `(case when ${score} >= ${c} then 1 else 0 end)`).join(' + ')})`;
  return `(case when (${known}) < ${params.minKnownIndicators} then null else ${desil} end)`;
}
