import { checkS10, parseS10 } from './s10.js';
import { fail, OK, verdictRule } from './types.js';

/**
 * EMS. Internationally an EMS item carries an S10 number whose service indicator starts with E (EA–EZ), e.g.
 * EA123456785CN from China Post, and the S10 check digit and country apply. EMS is a network of the postal
 * operators, so an E-series S10 number from any country is accepted.
 *
 * Domestically China Post's EMS e-waybills are 13 digits. China Post publishes no format or check digit for
 * them; the prefixes below (10, 11, 50, 51, 95–98) are the ones tracking services commonly use to recognise
 * them, so they are checked by shape only.
 */
const DOMESTIC = /^(1[01]|5[01]|9[5-8])\d{11}$/;

export const EMS_FORMAT =
  'EMS numbers are S10 numbers starting with E (e.g. EA123456785CN), or China EMS domestic numbers of 13 digits starting with 10, 11, 50, 51 or 95–98';

export const emsRule = verdictRule((n) => {
  const s10 = parseS10(n);
  if (s10) {
    if (!s10.service.startsWith('E')) return fail(`EMS numbers start with E; ${s10.service} is another postal service`, true);
    return checkS10(n);
  }
  return DOMESTIC.test(n) ? OK : fail(EMS_FORMAT);
});
