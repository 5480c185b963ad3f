export * from './beta.js';
export * from './metrics.js';
export * from './policy.js';
export * from './priors.js';
export * from './scoring.js';
export * from './labels.js';
export * from './windows.js';
