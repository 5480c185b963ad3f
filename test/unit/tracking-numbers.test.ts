import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import trackingNumbers from 'ts-tracking-number';
import { CARRIER_CODES, s10CheckDigit, validateTrackingNumber, type CarrierCode } from '../../src/domain/tracking/index.js';

const check = (number: string, carrier?: CarrierCode) => validateTrackingNumber(number, carrier);

function accepts(carrier: CarrierCode, numbers: string[]) {
  for (const n of numbers) {
    const r = check(n, carrier);
    assert.equal(r.valid, true, `${carrier} should accept ${n}: ${r.reason}`);
    assert.equal(r.reason, null);
    assert.ok(r.carriers.includes(carrier), `${n} lists ${carrier}`);
    assert.ok(check(n).carriers.includes(carrier), `${n} is recognised as ${carrier} without naming it`);
  }
}

function rejects(carrier: CarrierCode, numbers: string[], reason?: RegExp) {
  for (const n of numbers) {
    const r = check(n, carrier);
    assert.equal(r.valid, false, `${carrier} should reject ${n}`);
    assert.ok(r.reason && r.reason.length > 0);
    if (reason) assert.match(r.reason!, reason, n);
    assert.ok(!r.carriers.includes(carrier));
  }
}

describe('tracking numbers', () => {
  describe('UPU S10', () => {
    it('computes the check digit with weights 8 6 4 2 3 5 9 7, mapping 10 to 0 and 11 to 5', () => {
      // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5
      assert.equal(s10CheckDigit('12345678'), 5);
      // the example of the S10 article: 47312482 → sum 200, 200 mod 11 = 2, 11 − 2 = 9
      assert.equal(s10CheckDigit('47312482'), 9);
      // sum 231 ≡ 0 (mod 11): 11 → 5 (RR287043775IN is India Post's label in the same article)
      assert.equal(s10CheckDigit('28704377'), 5);
      // sum 56 ≡ 1 (mod 11): 10 → 0
      assert.equal(s10CheckDigit('00000008'), 0);
    });

    it('accepts well-formed numbers from any ISO country', () => {
      accepts('upu-s10', ['RR123456785CN', 'RB123456785GB', 'RR287043775IN', 'EE473124829US', 'CP000000080DE', 'LZ123456785MO', 'UA123456785TW', 'rr 123 456 785 cn']);
    });

    it('says which part is wrong', () => {
      assert.equal(check('RR123456786CN', 'upu-s10').reason, 'check digit is 6, expected 5');
      assert.equal(check('RR123456785XX', 'upu-s10').reason, 'country code XX is not an ISO country');
      assert.match(check('RR123456785UK', 'upu-s10').reason!, /UK is not an ISO country \(the United Kingdom is GB\)/);
      assert.match(check('JJ123456785CN', 'upu-s10').reason!, /service indicator JJ is not one the UPU S10 standard assigns/);
      rejects('upu-s10', ['RR12345678CN', 'R1123456785CN', 'RR1234567855CN'], /UPU S10 numbers are 2 letters, 8 digits/);
      // Without a carrier the S10 reason is still the one given.
      assert.equal(check('RR123456786CN').reason, 'UPU S10: check digit is 6, expected 5');
      assert.equal(check('RR123456786CN').valid, false);
    });

    it('agrees with ts-tracking-number wherever the library knows the country (property)', () => {
      const libraryCountries = ['CN', 'US', 'GB', 'DE', 'FR', 'JP', 'BR', 'RU', 'IN', 'AU'];
      fc.assert(
        fc.property(
          fc.constantFrom('RR', 'EA', 'EE', 'CP', 'LZ', 'UA', 'VV', 'RB'),
          fc.stringMatching(/^\d{8}$/),
          fc.integer({ min: 0, max: 9 }),
          fc.constantFrom(...libraryCountries),
          (service, serial, digit, country) => {
            const n = `${service}${serial}${digit}${country}`;
            const ours = check(n, 'upu-s10').valid;
            const theirs = trackingNumbers.getTracking(n, [trackingNumbers.s10]) !== undefined;
            assert.equal(ours, theirs, n);
            assert.equal(ours, digit === s10CheckDigit(serial), n);
          },
        ),
        { numRuns: 500 },
      );
    });
  });

  describe('international carriers (ts-tracking-number)', () => {
    it('UPS', () => {
      accepts('ups', ['1Z5R89390357567127', '1Z879E930346834440', '1Z410E7W0392751591', '1Z8V92A70367203024', '1ZXX3150YW44070023', ' 1Z 8V9 2A7 036 720 302 4 ', 'K1506235620']);
      assert.equal(check('1Z5R89390357567128', 'ups').reason, 'check digit is 8, expected 7');
      rejects('ups', ['2Z5R89390357567127', '1Z5R8939035756712'], /UPS numbers are 1Z followed by 16/);
    });

    it('FedEx', () => {
      accepts('fedex', ['986578788855', '477179081230', '799531274483', '790535312317', '0414 4176 0228 964', '1001921334250001000300779017972697', '9611020987654312345672']);
      assert.equal(check('996578788855', 'fedex').reason, 'check digit is 5, expected 6');
      rejects('fedex', ['98657878885', 'FX986578788855'], /FedEx numbers are/);
    });

    it('USPS', () => {
      accepts('usps', ['9400 1112 0108 0805 4830 16', '7112 3456 7891 2345 6787', '420 22153 9101026837331000039521', '9505 5110 6960 5048 6006 24', 'EA123456785US']);
      assert.match(check('9400 1112 0108 0805 4830 17', 'usps').reason!, /^check digit is 7, expected 6/);
      assert.equal(check('EA123456784US', 'usps').reason, 'check digit is 4, expected 5');
      rejects('usps', ['EA123456785CN', '12345'], /USPS numbers are/);
    });

    it('DHL', () => {
      accepts('dhl', ['3318810025', '73891051146', '8487135506', '1099255990', 'GM2951173225174494', 'JJD0099999999']);
      assert.equal(check('3318810010', 'dhl').reason, 'check digit is 0, expected 4');
      rejects('dhl', ['GS295117494011169041'], /DHL Express waybills are 10 or 11 digits/);
    });
  });

  describe('Chinese carriers', () => {
    it('SF Express', () => {
      accepts('sf', ['SF1385628716739', 'SF138562871673', 'sf 1385 6287 1673 9']);
      rejects('sf', ['SF13856287167391', '1385628716739', 'SF12345'], /^SF Express numbers are SF followed by 12 or 13 digits/);
    });

    it('EMS: E-series S10 numbers and China EMS domestic numbers', () => {
      accepts('ems', ['EA123456785CN', 'EE473124829US', '1100123456789', '9712345678901']);
      assert.equal(check('EA123456786CN', 'ems').reason, 'check digit is 6, expected 5');
      assert.match(check('RR123456785CN', 'ems').reason!, /EMS numbers start with E; RR is another postal service/);
      rejects('ems', ['1207119765021', '110012345678', 'EMS123'], /EMS numbers are S10 numbers starting with E/);
    });

    it('YTO Express', () => {
      accepts('yto', ['YT8962646785389', 'YT896264678538']);
      rejects('yto', ['YT89626467853', 'YT2203621272033099', '8962646785389'], /YTO Express numbers are YT followed by 12 or 13 digits/);
      assert.match(check('YT2203621272033099', 'yto').reason!, /matches the format of YunExpress/);
    });

    it('ZTO Express', () => {
      accepts('zto', ['73610555582883', '75761365043766', '78912345678901', '755308483428']);
      rejects('zto', ['63610555582883', '7361055558', '773277027280336'], /ZTO Express numbers are 12 to 15 digits starting with 7/);
    });

    it('STO Express', () => {
      accepts('sto', ['773277027280336', '776329123456']);
      rejects('sto', ['783277027280336', '7732770272803361', 'STO773277027'], /STO Express numbers are 12 to 15 digits starting with 77/);
      assert.match(check('73610555582883', 'sto').reason!, /matches the format of .*ZTO Express/);
    });

    it('Yunda', () => {
      accepts('yunda', ['463431409940372', '312345678901234', '4312345678901', '5012345678901']);
      rejects('yunda', ['663431409940372', '46343140994037', '2312345678901'], /Yunda numbers are 13 digits/);
    });

    it('JD Logistics', () => {
      accepts('jd', ['JDX024407261700', 'JDVA12345678901', 'JD0012345678901']);
      rejects('jd', ['JD12345', 'JDVA1234567890', 'JDVA123456789012', 'JX0012345678901'], /JD Logistics numbers are JD followed by/);
    });

    it('Cainiao', () => {
      accepts('cainiao', ['LP00123456789012', 'LP00492755414105']);
      rejects('cainiao', ['LP0012345', 'LX00123456789012', 'LP001234567890123'], /Cainiao numbers are LP followed by 12 to 14 digits/);
    });

    it('YunExpress', () => {
      accepts('yunexpress', ['YT2203621272033099', 'YT2133821236040818']);
      rejects('yunexpress', ['YT22036212720330', 'YT8962646785389'], /YunExpress numbers are YT followed by 16 digits/);
    });

    it('4PX', () => {
      accepts('4px', ['4PX3000123456789CN', '4px 3000 1234 5678 9cn']);
      rejects('4px', ['4PX3000123456789US', '4PX300012345678CN', '4PX30001234567890CN'], /4PX numbers are 4PX, 13 digits and CN/);
    });
  });

  describe('normalisation and detection', () => {
    it('trims, removes spaces and dashes, and upper-cases', () => {
      const r = check('  ea 123-456-785 cn ');
      assert.equal(r.normalized, 'EA123456785CN');
      assert.deepEqual(r.carriers, ['upu-s10', 'ems']);
      assert.equal(r.valid, true);
    });

    it('lists every carrier whose format matches, in a stable order', () => {
      assert.deepEqual(check('EE473124829US').carriers, ['upu-s10', 'usps', 'ems']);
      assert.deepEqual(check('SF1385628716739').carriers, ['sf']);
      // STO's current waybills also pass FedEx Ground's check digit by chance: both are listed.
      assert.ok(check('773277027280336').carriers.includes('sto'));
      // With a carrier named, the other matches are still listed.
      const asUps = check('SF1385628716739', 'ups');
      assert.equal(asUps.valid, false);
      assert.deepEqual(asUps.carriers, ['sf']);
      assert.match(asUps.reason!, /UPS numbers are .*\(it matches the format of SF Express\)$/);
    });

    it('explains input that cannot be a tracking number', () => {
      assert.equal(check('').reason, 'the tracking number is empty');
      assert.equal(check('   ').reason, 'the tracking number is empty');
      assert.match(check('RR123456785CN!').reason!, /only letters and digits; remove "!"/);
      assert.match(check('1'.repeat(41)).reason!, /longer than any carrier's tracking number/);
      assert.equal(check('HELLO').reason, 'the number does not match the format of any supported carrier');
      assert.equal(check('HELLO').valid, false);
      assert.match(check('RR123456785CN', 'nope' as CarrierCode).reason!, /unknown carrier nope/);
    });

    it('never throws, whatever the input (property)', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), fc.option(fc.constantFrom(...CARRIER_CODES), { nil: undefined }), (s, carrier) => {
          const r = check(s, carrier);
          assert.equal(typeof r.valid, 'boolean');
          assert.equal(r.valid, r.reason === null);
          if (carrier && r.valid) assert.ok(r.carriers.includes(carrier));
        }),
        { numRuns: 1000 },
      );
    });
  });
});
