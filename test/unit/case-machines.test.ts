import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHINA_CALENDAR } from '../../src/domain/calendar/business-days.js';
import { CASE_TYPE_DEFINITIONS, deadlineAt, expiryEvent, isOpen } from '../../src/domain/cases/index.js';
import {
  QC_FAILURE_DEADLINES,
  QC_FAILURE_EVENTS,
  QC_FAILURE_STATUSES,
  afterReceiptEvent,
  carryOutEvent,
  possibleRemedies,
  qcFailureCase,
  qcFailureMachine,
} from '../../src/domain/cases/qc-failure.js';
import { owedToBuyer, refundAmount, remedyProblem, RemedySchema, sameRemedy } from '../../src/domain/cases/remedies.js';
import { DEFAULT_POLICY, PolicySchema } from '../../src/domain/policy.js';
import { IllegalTransitionError, TransitionNotAllowedError, availableEvents, nextState } from '../../src/domain/state-machine.js';

const FIRERS = ['buyer', 'seller', 'qc_inspector', 'support_agent', 'compliance_officer', 'admin', 'integration', 'system'];
type Row = [from: string, event: string, to: string, by: string[]];

const SUPPORT = ['support_agent', 'admin'];
const WAREHOUSE = ['qc_inspector', 'integration'];

/** The qc_failure table written out by hand, one row per legal move. */
const EXPECTED: Row[] = [
  ['awaiting_buyer', 'choose_remedy', 'awaiting_seller', ['buyer']],
  ['awaiting_buyer', 'accept_as_is', 'agreed', ['buyer']],
  ['counter_offered', 'accept_as_is', 'agreed', ['buyer']],
  ['seller_refused', 'accept_as_is', 'agreed', ['buyer']],
  ['awaiting_buyer', 'request_on_silence', 'awaiting_seller', ['system']],
  ['awaiting_buyer', 'accept_on_silence', 'agreed', ['system']],
  ['awaiting_seller', 'accept_request', 'agreed', ['seller']],
  ['awaiting_seller', 'counter', 'counter_offered', ['seller']],
  ['awaiting_seller', 'refuse', 'seller_refused', ['seller']],
  ['awaiting_seller', 'grant_on_silence', 'agreed', ['system']],
  ['counter_offered', 'accept_counter', 'agreed', ['buyer']],
  ['counter_offered', 'escalate', 'escalated', ['buyer', ...SUPPORT]],
  ['seller_refused', 'escalate', 'escalated', ['buyer', ...SUPPORT]],
  ['awaiting_replacement', 'escalate', 'escalated', ['buyer', ...SUPPORT]],
  ['return_delivered', 'escalate', 'escalated', ['seller', ...SUPPORT]],
  ['counter_offered', 'escalate_on_silence', 'escalated', ['system']],
  ['seller_refused', 'escalate_on_silence', 'escalated', ['system']],
  ['awaiting_replacement', 'escalate_on_silence', 'escalated', ['system']],
  ['escalated', 'decide', 'agreed', SUPPORT],
  ['agreed', 'accept_item', 'resolved', ['system']],
  ['agreed', 'refund_partial', 'resolved', ['system']],
  ['agreed', 'issue_return_label', 'return_approved', ['system']],
  ['return_approved', 'ship_return', 'return_in_transit', WAREHOUSE],
  ['return_in_transit', 'record_return_delivery', 'return_delivered', [...WAREHOUSE, 'admin']],
  ['return_in_transit', 'confirm_receipt', 'return_received', ['seller']],
  ['return_delivered', 'confirm_receipt', 'return_received', ['seller']],
  ['return_delivered', 'assume_receipt', 'return_received', ['system']],
  ['agreed', 'refund_return', 'resolved', ['system']],
  ['return_received', 'refund_return', 'resolved', ['system']],
  ['agreed', 'await_replacement', 'awaiting_replacement', ['system']],
  ['return_received', 'await_replacement', 'awaiting_replacement', ['system']],
  ['awaiting_replacement', 'ship_replacement', 'replacement_in_transit', ['seller']],
  ['awaiting_replacement', 'pass_replacement_qc', 'resolved', ['qc_inspector']],
  ['replacement_in_transit', 'pass_replacement_qc', 'resolved', ['qc_inspector']],
  ['awaiting_replacement', 'fail_replacement_qc', 'awaiting_buyer', ['qc_inspector']],
  ['replacement_in_transit', 'fail_replacement_qc', 'awaiting_buyer', ['qc_inspector']],
  ['resolved', 'close', 'closed', ['system']],
];

describe('qc_failure transition table', () => {
  it('allows exactly the listed moves, each by exactly the listed firers; every other (state, event) is a 409', () => {
    let legal = 0;
    let illegal = 0;
    for (const from of QC_FAILURE_STATUSES) {
      for (const event of QC_FAILURE_EVENTS) {
        const row = EXPECTED.find(([f, e]) => f === from && e === event);
        for (const firer of FIRERS) {
          const attempt = () => nextState(qcFailureMachine, from, event, [firer]);
          if (!row) {
            assert.throws(attempt, IllegalTransitionError, `${from} --${event}--> must be illegal`);
            illegal++;
          } else if (row[3].includes(firer)) {
            assert.equal(attempt(), row[2], `${from} --${event}--> by ${firer}`);
            legal++;
          } else {
            assert.throws(attempt, TransitionNotAllowedError, `${firer} may not ${event} from ${from}`);
          }
        }
      }
    }
    assert.ok(legal > 40 && illegal > 2000, `${legal} legal, ${illegal} illegal`);
    for (const t of qcFailureMachine.transitions) {
      for (const from of t.from) {
        assert.ok(
          EXPECTED.some(([f, e, to]) => f === from && e === t.event && to === t.to),
          `unexpected transition ${from} --${t.event}--> ${t.to}`,
        );
      }
    }
  });

  it('an illegal move is a 409 with a stable code naming the state and the event', () => {
    try {
      nextState(qcFailureMachine, 'closed', 'choose_remedy', ['buyer']);
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof IllegalTransitionError);
      assert.equal(err.status, 409);
      assert.equal(err.code, 'illegal_transition');
      assert.deepEqual(err.extra, { entity: 'qc_failure_case', from: 'closed', event: 'choose_remedy' });
    }
    assert.throws(() => nextState(qcFailureMachine, 'awaiting_seller', 'accept_request', ['buyer']), (e: unknown) => e instanceof TransitionNotAllowedError && e.status === 403);
  });

  it('closed is the only final state, and every other state can be left', () => {
    for (const s of QC_FAILURE_STATUSES) {
      const out = qcFailureMachine.transitions.filter((t) => t.from.includes(s));
      if (s === 'closed') assert.equal(out.length, 0);
      else assert.ok(out.length > 0, `${s} has no way out`);
    }
    assert.equal(isOpen(qcFailureCase, 'awaiting_seller'), true);
    assert.equal(isOpen(qcFailureCase, 'resolved'), false);
    assert.equal(isOpen(qcFailureCase, 'closed'), false);
  });

  it('every state a person must act in has a deadline whose expiry is a legal system move from it', () => {
    const waiting = ['awaiting_buyer', 'awaiting_seller', 'counter_offered', 'seller_refused', 'return_delivered', 'awaiting_replacement'];
    assert.deepEqual(Object.keys(QC_FAILURE_DEADLINES).sort(), [...waiting].sort());
    for (const [state, rule] of Object.entries(QC_FAILURE_DEADLINES)) {
      const events = typeof rule!.onExpiry === 'string' ? [rule!.onExpiry] : Object.values(rule!.onExpiry.events);
      for (const e of events) assert.ok(nextState(qcFailureMachine, state as never, e, ['system']), `${state} expiry ${e}`);
    }
    // the support queue and the warehouse's steps have no clock that fires anything
    for (const s of ['escalated', 'return_approved', 'return_in_transit', 'replacement_in_transit']) assert.equal(QC_FAILURE_DEADLINES[s as never], undefined);
  });

  it('the buyer’s silence follows the policy', () => {
    const rule = QC_FAILURE_DEADLINES.awaiting_buyer!;
    assert.equal(expiryEvent(rule, DEFAULT_POLICY), 'request_on_silence');
    const acceptPolicy = PolicySchema.parse({ cases: { buyerQcSilence: 'accept_as_is' } });
    assert.equal(expiryEvent(rule, acceptPolicy), 'accept_on_silence');
  });

  it('the seller’s deadline counts business days on the Chinese calendar; the buyer’s counts calendar days', () => {
    // Thursday 12 February 2026 (Shanghai): Friday 13 and the make-up Saturday 14 count, then the Spring Festival
    // holiday (15–23 February), then Tuesday 24.
    const opened = new Date('2026-02-12T04:00:00Z');
    assert.equal(deadlineAt(QC_FAILURE_DEADLINES.awaiting_seller!, DEFAULT_POLICY, opened, CHINA_CALENDAR).toISOString(), '2026-02-24T15:59:59.999Z');
    // Tuesday 29 September 2026: Wednesday 30, then Golden Week (1–7 October), then 8 and 9 October.
    assert.equal(deadlineAt(QC_FAILURE_DEADLINES.awaiting_seller!, DEFAULT_POLICY, new Date('2026-09-29T04:00:00Z'), CHINA_CALENDAR).toISOString(), '2026-10-09T15:59:59.999Z');
    assert.equal(deadlineAt(QC_FAILURE_DEADLINES.awaiting_buyer!, DEFAULT_POLICY, opened, CHINA_CALENDAR).toISOString(), '2026-02-17T04:00:00.000Z');
    const five = PolicySchema.parse({ cases: { sellerResponseBusinessDays: 5 } });
    assert.equal(deadlineAt(QC_FAILURE_DEADLINES.awaiting_seller!, five, new Date('2026-03-02T02:00:00Z'), CHINA_CALENDAR).toISOString(), '2026-03-09T15:59:59.999Z');
  });

  it('the available events are what the console shows as each party’s buttons', () => {
    assert.deepEqual(availableEvents(qcFailureMachine, 'awaiting_buyer', ['buyer']).sort(), ['accept_as_is', 'choose_remedy']);
    assert.deepEqual(availableEvents(qcFailureMachine, 'awaiting_seller', ['seller']).sort(), ['accept_request', 'counter', 'refuse']);
    assert.deepEqual(availableEvents(qcFailureMachine, 'counter_offered', ['buyer']).sort(), ['accept_as_is', 'accept_counter', 'escalate']);
    assert.deepEqual(availableEvents(qcFailureMachine, 'escalated', ['support_agent']), ['decide']);
    assert.deepEqual(availableEvents(qcFailureMachine, 'escalated', ['buyer']), []);
  });

  it('is registered as the engine’s qc_failure type', () => {
    assert.equal(CASE_TYPE_DEFINITIONS.qc_failure.machine, qcFailureMachine as never);
    assert.equal(CASE_TYPE_DEFINITIONS.qc_failure.initial, 'awaiting_buyer');
  });
});

describe('carrying out a remedy', () => {
  it('depends on the remedy and where the goods are', () => {
    assert.equal(carryOutEvent({ type: 'accept_as_is' }, 'warehouse'), 'accept_item');
    assert.equal(carryOutEvent({ type: 'partial_refund', amount: 100 }, 'warehouse'), 'refund_partial');
    assert.equal(carryOutEvent({ type: 'return_for_refund' }, 'warehouse'), 'issue_return_label');
    assert.equal(carryOutEvent({ type: 'exchange' }, 'warehouse'), 'issue_return_label');
    assert.equal(carryOutEvent({ type: 'return_for_refund' }, 'seller'), 'refund_return');
    assert.equal(carryOutEvent({ type: 'exchange' }, 'seller'), 'await_replacement');
    assert.equal(afterReceiptEvent({ type: 'exchange' }), 'await_replacement');
    assert.equal(afterReceiptEvent({ type: 'return_for_refund' }), 'refund_return');
    assert.deepEqual(possibleRemedies('seller'), ['return_for_refund', 'exchange']);
    assert.equal(possibleRemedies('warehouse').length, 4);
    // each carry-out is a legal system move from `agreed`
    for (const r of [{ type: 'accept_as_is' }, { type: 'partial_refund', amount: 1 }, { type: 'return_for_refund' }, { type: 'exchange' }] as const) {
      for (const loc of ['warehouse', 'seller'] as const) {
        if (!possibleRemedies(loc).includes(r.type)) continue;
        assert.ok(nextState(qcFailureMachine, 'agreed', carryOutEvent(r, loc), ['system']));
      }
    }
  });

  it('refunds what the remedy owes, less what the case refunded, within what the order has left', () => {
    assert.equal(owedToBuyer({ type: 'return_for_refund' }, 3000), 3000);
    assert.equal(owedToBuyer({ type: 'partial_refund', amount: 700 }, 3000), 700);
    assert.equal(owedToBuyer({ type: 'accept_as_is' }, 3000), 0);
    assert.equal(owedToBuyer({ type: 'exchange', priceDifference: { amount: 400, owedBy: 'seller' } }, 3000), 400);
    assert.equal(owedToBuyer({ type: 'exchange', priceDifference: { amount: 400, owedBy: 'buyer' } }, 3000), 0);
    assert.equal(refundAmount(3000, 0, 5500), 3000);
    assert.equal(refundAmount(3000, 400, 5500), 2600);
    assert.equal(refundAmount(3000, 0, 1200), 1200);
    assert.equal(refundAmount(3000, 3500, 5500), 0);
  });

  it('validates remedies against the item’s price', () => {
    assert.equal(remedyProblem({ type: 'partial_refund', amount: 3000 }, 3000), null);
    assert.equal(remedyProblem({ type: 'partial_refund', amount: 3001 }, 3000)?.code, 'amount_exceeds_item');
    assert.equal(remedyProblem({ type: 'exchange', priceDifference: { amount: 3001, owedBy: 'seller' } }, 3000)?.code, 'amount_exceeds_item');
    assert.equal(remedyProblem({ type: 'exchange', priceDifference: { amount: 9999, owedBy: 'buyer' } }, 3000), null);
    assert.equal(RemedySchema.safeParse({ type: 'partial_refund', amount: 10.5 }).success, false);
    assert.equal(RemedySchema.safeParse({ type: 'partial_refund', amount: 0 }).success, false);
    assert.equal(RemedySchema.safeParse({ type: 'refund_everything' }).success, false);
    assert.ok(sameRemedy({ type: 'exchange', size: 'L' }, { type: 'exchange', size: 'L', colour: null, priceDifference: null }));
    assert.ok(!sameRemedy({ type: 'partial_refund', amount: 1 }, { type: 'partial_refund', amount: 2 }));
  });
});
