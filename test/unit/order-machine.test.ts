import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ORDER_EVENTS,
  ORDER_ITEM_EVENTS,
  ORDER_ITEM_STATUSES,
  ORDER_STATUSES,
  isLateDispatch,
  orderItemMachine,
  orderMachine,
  scannedInTime,
  shippingMethodDiffers,
} from '../../src/domain/orders.js';
import { REFUND_EVENTS, REFUND_STATUSES, refundMachine, refundableRemainder } from '../../src/domain/refunds.js';
import { IllegalTransitionError, TransitionNotAllowedError, nextState, type StateMachine } from '../../src/domain/state-machine.js';

const FIRERS = ['buyer', 'seller', 'qc_inspector', 'support_agent', 'compliance_officer', 'admin', 'integration', 'system'];

type Row = [from: string, event: string, to: string, by: string[]];

/**
 * Checks a machine against the table written out by hand: every listed move works for exactly the listed
 * firers (others get 403), and every (state, event) pair not listed is a 409.
 */
function checkMachine(machine: StateMachine<string, string>, states: readonly string[], events: readonly string[], expected: Row[]) {
  for (const from of states) {
    for (const event of events) {
      const row = expected.find(([f, e]) => f === from && e === event);
      for (const firer of FIRERS) {
        const attempt = () => nextState(machine, from, event, [firer]);
        if (!row) {
          assert.throws(attempt, IllegalTransitionError, `${from} --${event}--> should be illegal`);
        } else if (row[3].includes(firer)) {
          assert.equal(attempt(), row[2], `${from} --${event}--> by ${firer}`);
        } else {
          assert.throws(attempt, TransitionNotAllowedError, `${firer} may not ${event} from ${from}`);
        }
      }
    }
  }
  // and the table has nothing the expectation does not list
  for (const t of machine.transitions) {
    for (const from of t.from) {
      assert.ok(
        expected.some(([f, e, to]) => f === from && e === t.event && to === t.to),
        `unexpected transition ${from} --${t.event}--> ${t.to}`,
      );
    }
  }
}

const AFTER_DISPATCH = ['dispatched', 'received_at_warehouse', 'qc_passed', 'qc_failed', 'shipped_international', 'delivered'];
const STAFF_REFUND = ['system', 'support_agent', 'admin'];

describe('order transition table', () => {
  it('allows exactly the documented moves, by exactly the documented roles', () => {
    checkMachine(orderMachine, ORDER_STATUSES, ORDER_EVENTS, [
      ['paid', 'request_cancellation', 'cancellation_requested', ['buyer']],
      ['cancellation_requested', 'refuse_cancellation', 'paid', ['seller']],
      ['cancellation_requested', 'accept_cancellation', 'cancelled', ['seller']],
      ['cancellation_requested', 'cancel_on_silence', 'cancelled', ['system']],
      ['cancellation_requested', 'expire_cancellation_request', 'paid', ['system']],
      ['paid', 'cancel_by_platform', 'cancelled', ['system', 'compliance_officer', 'admin']],
      ['cancellation_requested', 'cancel_by_platform', 'cancelled', ['system', 'compliance_officer', 'admin']],
      ['paid', 'dispatch', 'dispatched', ['seller', 'integration']],
      ['dispatched', 'receive_at_warehouse', 'received_at_warehouse', ['qc_inspector', 'integration']],
      ['received_at_warehouse', 'pass_qc', 'qc_passed', ['qc_inspector']],
      ['received_at_warehouse', 'fail_qc', 'qc_failed', ['qc_inspector']],
      ['qc_failed', 'resolve_qc', 'qc_passed', ['system']],
      ['qc_passed', 'ship_international', 'shipped_international', ['qc_inspector', 'integration']],
      ['shipped_international', 'deliver', 'delivered', ['buyer', 'integration', 'system']],
      ['delivered', 'complete', 'completed', ['system']],
      ...AFTER_DISPATCH.map((s): Row => [s, 'refund', 'refunded', STAFF_REFUND]),
    ]);
  });

  it('cannot dispatch while a cancellation request is open, nor cancel once dispatched', () => {
    assert.throws(() => nextState(orderMachine, 'cancellation_requested', 'dispatch', ['seller']), IllegalTransitionError);
    assert.throws(() => nextState(orderMachine, 'dispatched', 'request_cancellation', ['buyer']), IllegalTransitionError);
    assert.throws(() => nextState(orderMachine, 'paid', 'accept_cancellation', ['seller']), IllegalTransitionError);
  });

  it('ends in cancelled, completed and refunded', () => {
    for (const end of ['cancelled', 'completed', 'refunded'] as const) {
      assert.equal(orderMachine.transitions.filter((t) => t.from.includes(end)).length, 0, end);
    }
  });

  it('items follow their order and are inspected one by one', () => {
    checkMachine(orderItemMachine, ORDER_ITEM_STATUSES, ORDER_ITEM_EVENTS, [
      ['paid', 'cancel', 'cancelled', ['seller', 'system']],
      ['paid', 'dispatch', 'dispatched', ['seller', 'integration']],
      ['dispatched', 'receive_at_warehouse', 'received_at_warehouse', ['qc_inspector', 'integration']],
      ['received_at_warehouse', 'pass_qc', 'qc_passed', ['qc_inspector']],
      ['received_at_warehouse', 'fail_qc', 'qc_failed', ['qc_inspector']],
      ['qc_failed', 'resolve_qc', 'qc_passed', ['system']],
      ['qc_passed', 'ship_international', 'shipped_international', ['qc_inspector', 'integration']],
      ['shipped_international', 'deliver', 'delivered', ['buyer', 'integration', 'system']],
      ...AFTER_DISPATCH.map((s): Row => [s, 'refund', 'refunded', STAFF_REFUND]),
    ]);
  });
});

describe('refund transition table', () => {
  it('pending → sent → settled | failed, confirmed by the integration only', () => {
    checkMachine(refundMachine, REFUND_STATUSES, REFUND_EVENTS, [
      ['pending', 'mark_sent', 'sent', ['integration']],
      ['pending', 'settle', 'settled', ['integration']],
      ['sent', 'settle', 'settled', ['integration']],
      ['pending', 'fail', 'failed', ['integration']],
      ['sent', 'fail', 'failed', ['integration']],
    ]);
  });

  it('counts every refund but failed ones against the captured amount', () => {
    assert.equal(
      refundableRemainder(1000, [
        { amount: 100, status: 'pending' },
        { amount: 200, status: 'sent' },
        { amount: 300, status: 'settled' },
        { amount: 400, status: 'failed' },
      ]),
      400,
    );
  });
});

describe('dispatch rules', () => {
  it('late is strictly after the deadline, to the millisecond', () => {
    const deadline = new Date('2026-03-05T15:59:59.999Z');
    assert.equal(isLateDispatch(new Date('2026-03-05T15:59:59.999Z'), deadline), false);
    assert.equal(isLateDispatch(new Date('2026-03-05T16:00:00.000Z'), deadline), true);
  });

  it('compares the shipping method without case; an unnamed service is no difference', () => {
    const chosen = { carrier: 'sf', service: 'Standard' };
    assert.deepEqual(shippingMethodDiffers(chosen, { carrier: 'SF', service: 'standard' }), { carrier: false, service: false });
    assert.deepEqual(shippingMethodDiffers(chosen, { carrier: 'sf' }), { carrier: false, service: false });
    assert.deepEqual(shippingMethodDiffers(chosen, { carrier: 'yto', service: 'economy' }), { carrier: true, service: true });
  });

  it('a first scan within the window counts; none, or a later one, does not', () => {
    const dispatched = new Date('2026-03-02T00:00:00Z');
    assert.equal(scannedInTime(dispatched, null, 5), false);
    assert.equal(scannedInTime(dispatched, new Date('2026-03-07T00:00:00Z'), 5), true);
    assert.equal(scannedInTime(dispatched, new Date('2026-03-07T00:00:00.001Z'), 5), false);
  });
});
