import { patternRule } from './types.js';

/**
 * Cross-border consolidators that carry Chinese sellers' parcels abroad. They publish no check digit; only
 * the shape of their own numbers is checked. When they hand a parcel to a postal operator it gets an S10
 * number as well, which validates as 'upu-s10'.
 */

/** Cainiao (菜鸟, AliExpress logistics): LP + 14 digits (e.g. LP00123456789012); some services use 12 or 13 digits. */
export const cainiaoRule = patternRule([/^LP\d{12,14}$/], 'Cainiao numbers are LP followed by 12 to 14 digits');

/** YunExpress (云途): YT + 16 digits, e.g. YT2203621272033099. (YT + 12 or 13 digits is YTO Express.) */
export const yunExpressRule = patternRule([/^YT\d{16}$/], 'YunExpress numbers are YT followed by 16 digits');

/** 4PX (递四方): 4PX + 13 digits + CN, e.g. 4PX3000123456789CN. */
export const fourPxRule = patternRule([/^4PX\d{13}CN$/], '4PX numbers are 4PX, 13 digits and CN, e.g. 4PX3000123456789CN');
