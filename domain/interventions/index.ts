/** Intervention rules: catalogue, parameters, per-family proposals, budget plan. Pure; safe to import from workflows. */
export * from './catalogue';
export * from './params';
export * from './propose';
export * from './plan';
