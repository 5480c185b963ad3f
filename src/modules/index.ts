import type { Module } from '../http/types.js';
import { identityModule } from './identity/index.js';

/** Every area of the product, in the order their routes register. */
export const modules: Module[] = [identityModule];
