export * from './detectors.js';
export * from './ladder.js';
export * from './points.js';
export * from './policy.js';
export * from './machines.js';
