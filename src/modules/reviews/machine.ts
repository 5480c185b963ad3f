import { defineMachine } from '../../domain/state-machine.js';

export type ReviewStatus = 'published' | 'held' | 'removed';
export type ReviewEvent = 'publish' | 'remove';

const MODERATORS = ['support_agent', 'compliance_officer', 'admin'] as const;

/** A review shows once published; abusive text is held until a moderator publishes or removes it. */
export const reviewMachine = defineMachine<ReviewStatus, ReviewEvent>('review', ['published', 'held', 'removed'], [
  { from: ['held'], event: 'publish', to: 'published', by: MODERATORS },
  { from: ['held', 'published'], event: 'remove', to: 'removed', by: MODERATORS },
]);
