import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('tracking-number validation endpoint', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  const PATH = '/api/v1/tracking-numbers/validate';

  it('needs a signed-in user or an API key', async () => {
    const res = await server.anonymous().post(PATH, { number: 'RR123456785CN' });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'unauthenticated');
  });

  it('recognises the carrier as the seller types', async () => {
    const seller = await server.signIn(['seller']);
    const res = await seller.post(PATH, { number: ' rr 123-456-785 cn ' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { valid: true, carriers: ['upu-s10'], reason: null, normalized: 'RR123456785CN' });

    const ems = await seller.post(PATH, { number: 'EA123456785CN', carrier: 'ems' });
    assert.deepEqual(ems.body, { valid: true, carriers: ['upu-s10', 'ems'], reason: null, normalized: 'EA123456785CN' });

    const ups = await seller.post(PATH, { number: '1Z5R89390357567127', carrier: 'ups' });
    assert.equal(ups.body.valid, true);
  });

  it('says why a number is refused', async () => {
    const seller = await server.signIn(['seller']);
    const digit = await seller.post(PATH, { number: 'RR123456786CN', carrier: 'upu-s10' });
    assert.equal(digit.status, 200);
    assert.deepEqual(digit.body, { valid: false, carriers: [], reason: 'check digit is 6, expected 5', normalized: 'RR123456786CN' });

    const country = await seller.post(PATH, { number: 'RR123456785XX' });
    assert.equal(country.body.valid, false);
    assert.equal(country.body.reason, 'UPU S10: country code XX is not an ISO country');

    const sf = await seller.post(PATH, { number: 'SF12345', carrier: 'sf' });
    assert.equal(sf.body.valid, false);
    assert.equal(sf.body.reason, 'SF Express numbers are SF followed by 12 or 13 digits');

    const wrongCarrier = await seller.post(PATH, { number: 'YT8962646785389', carrier: 'yunexpress' });
    assert.equal(wrongCarrier.body.valid, false);
    assert.deepEqual(wrongCarrier.body.carriers, ['yto']);
    assert.match(wrongCarrier.body.reason, /YunExpress numbers are YT followed by 16 digits \(it matches the format of YTO Express\)/);
  });

  it('works with an integration API key', async () => {
    const admin = await server.signIn(['admin']);
    const key = await admin.post('/api/v1/admin/api-keys', { name: 'seller ERP', roles: ['integration'] });
    const erp = server.anonymous().withApiKey(key.body.secret);
    const res = await erp.post(PATH, { number: 'JDX024407261700' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.carriers, ['jd']);
  });

  it('names the bad field and never fails with a 5xx', async () => {
    const seller = await server.signIn(['seller']);
    const carrier = await seller.post(PATH, { number: 'RR123456785CN', carrier: 'royal-mail' });
    assert.equal(carrier.status, 400);
    assert.ok(carrier.body.errors.some((e: { field: string }) => e.field === 'body.carrier'));
    const missing = await seller.post(PATH, { carrier: 'sf' });
    assert.equal(missing.status, 400);
    assert.ok(missing.body.errors.some((e: { field: string }) => e.field === 'body.number'));
    const long = await seller.post(PATH, { number: 'X'.repeat(101) });
    assert.equal(long.status, 400);
    for (const number of ['', '   ', '💥💥', '<script>', '1'.repeat(100), 'RR12345678\u0000CN']) {
      const res = await seller.post(PATH, { number });
      assert.equal(res.status, 200, number);
      assert.equal(res.body.valid, false);
      assert.equal(typeof res.body.reason, 'string');
    }
  });

  it('is documented in the OpenAPI description', async () => {
    const spec = await server.anonymous().get('/openapi.json');
    assert.ok(spec.body.paths[PATH]?.post);
  });
});
