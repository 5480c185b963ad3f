import { registerEventTypes } from '../webhooks/event-types.js';

/** The events the case engine and QC publish through the outbox (webhook subscribers pick them by name). */
registerEventTypes({
  'qc.report_created': 'A QC inspector recorded a report on an order item: pass, or fail with issues, severity and media.',
  'order.qc_failed': 'An item of the order failed quality control; a QC case is open for it.',
  'order.qc_passed': 'Every item of the order passed quality control (or its QC case ended with the item kept).',
  'order.refunded': 'Every item of the order was refunded; the order left the flow.',
  'case.opened': 'A case was opened (QC failure: by the warehouse’s failed report), with its type, order, item and first deadline.',
  'case.remedy_chosen': 'The buyer chose a remedy (or the policy chose one on the buyer’s silence).',
  'case.seller_responded': 'The seller accepted, countered with a structured proposal, or refused with a reason.',
  'case.seller_silence': 'The seller did not answer by the deadline: the buyer’s request was granted and the silence recorded.',
  'case.counter_accepted': 'The buyer accepted the seller’s counter-offer.',
  'case.agreed': 'A remedy was agreed (by acceptance, silence or mediation); carrying it out follows.',
  'case.price_difference_due': 'An agreed exchange costs more: the buyer owes the price difference, which the platform collects.',
  'case.escalated': 'The case went to the support queue (escalated by a party, or on silence after a counter-offer or refusal).',
  'case.decided': 'Support decided the case with a written reason.',
  'return_label.issued': 'A return shipping label was issued for an approved return or exchange.',
  'case.return_shipped': 'The warehouse shipped the return to the seller with a tracking number.',
  'case.return_delivered': 'The carrier reported the return delivered to the seller.',
  'case.return_received': 'The seller confirmed receipt of the return, or receipt was assumed after the policy’s days.',
  'case.replacement_requested': 'The seller must ship an exchange’s replacement to the warehouse.',
  'case.replacement_shipped': 'The seller shipped the replacement to the warehouse.',
  'case.replacement_failed_qc': 'The replacement failed quality control again; the buyer chooses a remedy again.',
  'case.resolved': 'The case’s remedy was carried out; any refund is instructed (refund.requested) and may still be settling.',
  'case.closed': 'The case is over: every refund it instructed has settled.',
});
