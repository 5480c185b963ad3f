import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applicationMachine,
  daysUntil,
  documentMachine,
  expiryDueAt,
  expiryWarningDueAt,
  isCalendarDate,
  kindsMissingForSubmission,
  kindsNotApproved,
  maySell,
  requiredKinds,
  sellerMachine,
  uploadableKinds,
  type CurrentDocument,
} from '../../src/domain/sellers.js';
import { availableEvents, IllegalTransitionError, nextState, TransitionNotAllowedError, type StateMachine } from '../../src/domain/state-machine.js';

/**
 * The tables, written out a second time as the specification: every (state, event, firer) combination not
 * listed here must be refused — 409 when the event does not apply to the state, 403 when someone else may fire it.
 */
const FIRERS = ['buyer', 'seller', 'qc_inspector', 'support_agent', 'compliance_officer', 'admin', 'integration', 'system'];
const OFFICERS = ['compliance_officer', 'admin'];
// enforcement moves the account on its own when points expire or an auto-confirmed violation reaches a rung
const ENFORCERS = [...OFFICERS, 'system'];

type Spec = [from: string, event: string, to: string, by: string[]][];

const APPLICATION: Spec = [
  ['draft', 'submit', 'submitted', ['seller']],
  ['submitted', 'start_review', 'under_review', OFFICERS],
  ['under_review', 'request_revision', 'revision_requested', OFFICERS],
  ['revision_requested', 'resubmit', 'under_review', ['seller']],
  ['under_review', 'approve', 'verified', OFFICERS],
  ['under_review', 'reject', 'rejected', OFFICERS],
  ['revision_requested', 'reject', 'rejected', OFFICERS],
  ['submitted', 'document_expired', 'revision_requested', ['system']],
  ['under_review', 'document_expired', 'revision_requested', ['system']],
  ['verified', 'document_expired', 'revision_requested', ['system']],
  ['rejected', 'reapply', 'draft', ['seller']],
];

const DOCUMENT: Spec = [
  ['pending_review', 'approve', 'approved', OFFICERS],
  ['rejected', 'approve', 'approved', OFFICERS],
  ['pending_review', 'reject', 'rejected', OFFICERS],
  ['approved', 'reject', 'rejected', OFFICERS],
  ['pending_review', 'request_revision', 'revision_requested', OFFICERS],
  ['approved', 'request_revision', 'revision_requested', OFFICERS],
  ['rejected', 'request_revision', 'revision_requested', OFFICERS],
  ['pending_review', 'supersede', 'superseded', ['seller']],
  ['revision_requested', 'supersede', 'superseded', ['seller']],
  ['expired', 'supersede', 'superseded', ['seller']],
  ['approved', 'expire', 'expired', ['system']],
  ['pending_review', 'archive', 'superseded', ['seller']],
  ['approved', 'archive', 'superseded', ['seller']],
  ['rejected', 'archive', 'superseded', ['seller']],
  ['revision_requested', 'archive', 'superseded', ['seller']],
  ['expired', 'archive', 'superseded', ['seller']],
];

const SELLER: Spec = [
  ['pending_verification', 'verify', 'active', OFFICERS],
  ['reverification', 'verify', 'active', OFFICERS],
  ['active', 'require_reverification', 'reverification', ['system']],
  ['restricted', 'require_reverification', 'reverification', ['system']],
  ['active', 'restrict', 'restricted', ENFORCERS],
  ['suspended', 'restrict', 'restricted', ENFORCERS],
  ['active', 'suspend', 'suspended', ENFORCERS],
  ['restricted', 'suspend', 'suspended', ENFORCERS],
  ['restricted', 'reinstate', 'active', ENFORCERS],
  ['suspended', 'reinstate', 'active', ENFORCERS],
  ['active', 'ban', 'banned', ENFORCERS],
  ['restricted', 'ban', 'banned', ENFORCERS],
  ['suspended', 'ban', 'banned', ENFORCERS],
  ['reverification', 'ban', 'banned', ENFORCERS],
  ['banned', 'lift_ban', 'active', OFFICERS],
];

function checkEveryMove(machine: StateMachine<string, string>, spec: Spec) {
  const events = [...new Set(machine.transitions.map((t) => t.event))];
  assert.deepEqual(new Set(events), new Set(spec.map((s) => s[1])), 'the table has exactly the specified events');
  let legal = 0;
  let forbidden = 0;
  let illegal = 0;
  for (const from of machine.states) {
    for (const event of events) {
      const row = spec.find(([f, e]) => f === from && e === event);
      for (const firer of FIRERS) {
        const attempt = () => nextState(machine, from, event, [firer]);
        if (!row) {
          assert.throws(attempt, (err: unknown) => err instanceof IllegalTransitionError && err.status === 409 && err.code === 'illegal_transition', `${from} --${event}--> must be illegal`);
          illegal++;
        } else if (row[3].includes(firer)) {
          assert.equal(attempt(), row[2], `${firer}: ${from} --${event}--> ${row[2]}`);
          legal++;
        } else {
          assert.throws(attempt, (err: unknown) => err instanceof TransitionNotAllowedError && err.status === 403 && err.code === 'transition_forbidden', `${firer} may not ${event} from ${from}`);
          forbidden++;
        }
      }
    }
  }
  assert.ok(legal > 0 && forbidden > 0 && illegal > 0);
}

describe('seller verification transition tables', () => {
  it('application: every legal and illegal move, and who may make it', () => checkEveryMove(applicationMachine, APPLICATION));
  it('document: every legal and illegal move, and who may make it', () => checkEveryMove(documentMachine, DOCUMENT));
  it('seller account: every legal and illegal move, and who may make it', () => checkEveryMove(sellerMachine, SELLER));

  it('terminal states have no way out', () => {
    // a rejected application only starts again, as a new revision, by the seller
    assert.deepEqual(availableEvents(applicationMachine, 'rejected', FIRERS), ['reapply']);
    assert.deepEqual(availableEvents(documentMachine, 'superseded', FIRERS), []);
    // only an officer lifts a ban (an upheld appeal or an undone bulk action)
    assert.deepEqual(availableEvents(sellerMachine, 'banned', FIRERS), ['lift_ban']);
  });

  it('lists the buttons each firer sees', () => {
    assert.deepEqual(availableEvents(applicationMachine, 'draft', ['seller']), ['submit']);
    assert.deepEqual(availableEvents(applicationMachine, 'draft', ['compliance_officer']), []);
    assert.deepEqual(availableEvents(applicationMachine, 'under_review', ['admin']).sort(), ['approve', 'reject', 'request_revision']);
    assert.deepEqual(availableEvents(applicationMachine, 'verified', ['system']), ['document_expired']);
    assert.deepEqual(availableEvents(documentMachine, 'pending_review', ['compliance_officer']).sort(), ['approve', 'reject', 'request_revision']);
  });
});

describe('seller verification rules', () => {
  const doc = (kind: CurrentDocument['kind'], status: CurrentDocument['status'], expiresOn: string | null = null): CurrentDocument => ({ kind, status, expiresOn });

  it('requires a business licence from companies only', () => {
    assert.deepEqual(requiredKinds('individual'), ['identity', 'proof_of_address']);
    assert.deepEqual(requiredKinds('company'), ['identity', 'business_licence', 'proof_of_address']);
  });

  it('names the documents missing for a submission', () => {
    assert.deepEqual(kindsMissingForSubmission('company', []), ['identity', 'business_licence', 'proof_of_address']);
    assert.deepEqual(kindsMissingForSubmission('individual', [doc('identity', 'pending_review'), doc('proof_of_address', 'pending_review')]), []);
    // sent back or expired means a new upload is needed; a rejected one stays for the officer to reconsider
    assert.deepEqual(
      kindsMissingForSubmission('company', [doc('identity', 'revision_requested'), doc('business_licence', 'rejected'), doc('proof_of_address', 'expired')]),
      ['identity', 'proof_of_address'],
    );
  });

  it('blocks approval until every required document is approved and in date', () => {
    const today = '2026-03-02';
    assert.deepEqual(kindsNotApproved('individual', [doc('identity', 'approved', '2030-01-01'), doc('proof_of_address', 'approved')], today), []);
    assert.deepEqual(kindsNotApproved('individual', [doc('identity', 'rejected', '2030-01-01'), doc('proof_of_address', 'approved')], today), ['identity']);
    assert.deepEqual(kindsNotApproved('individual', [doc('identity', 'approved', '2026-03-01'), doc('proof_of_address', 'approved')], today), ['identity']);
    assert.deepEqual(kindsNotApproved('company', [doc('identity', 'approved', '2030-01-01'), doc('proof_of_address', 'approved')], today), ['business_licence']);
  });

  it('lets the seller upload anything in a draft and only what was sent back afterwards', () => {
    assert.deepEqual(uploadableKinds('draft', 'individual', []), ['identity', 'business_licence', 'proof_of_address']);
    const docs = [doc('identity', 'revision_requested'), doc('proof_of_address', 'approved')];
    assert.deepEqual(uploadableKinds('revision_requested', 'individual', docs), ['identity']);
    // became a company during the revision: the licence it never had is now due
    assert.deepEqual(uploadableKinds('revision_requested', 'company', docs), ['identity', 'business_licence']);
    for (const s of ['submitted', 'under_review', 'verified', 'rejected'] as const) assert.deepEqual(uploadableKinds(s, 'company', docs), []);
  });

  it('computes the expiry moments', () => {
    assert.equal(expiryDueAt('2026-06-30').toISOString(), '2026-07-01T00:00:00.000Z');
    const now = new Date('2026-03-02T02:00:00Z');
    assert.equal(expiryWarningDueAt('2026-06-30', now).toISOString(), '2026-05-31T00:00:00.000Z');
    // the warning moment already passed: due now
    assert.equal(expiryWarningDueAt('2026-03-20', now).toISOString(), now.toISOString());
    assert.equal(daysUntil('2026-03-31', '2026-03-01'), 30);
  });

  it('accepts only real calendar dates', () => {
    assert.ok(isCalendarDate('2028-02-29'));
    assert.ok(!isCalendarDate('2027-02-29'));
    assert.ok(!isCalendarDate('2026-13-01'));
    assert.ok(!isCalendarDate('2026-1-01'));
  });

  it('lets only active and restricted sellers sell', () => {
    assert.deepEqual(
      (['pending_verification', 'active', 'reverification', 'restricted', 'suspended', 'banned'] as const).filter(maySell),
      ['active', 'restricted'],
    );
  });
});
