import { AppError } from '../shared/errors.js';

/**
 * State machines as data (DESIGN §3): each stateful entity has one table of allowed transitions — from-state,
 * event, to-state, and who may fire it. `nextState` is the only way to compute a new status.
 */
export type Firer = string; // a role, 'system' (scheduler) or 'integration' (API key)

export interface Transition<S extends string, E extends string> {
  from: readonly S[];
  event: E;
  to: S;
  by: readonly Firer[];
}

export interface StateMachine<S extends string, E extends string> {
  entity: string;
  states: readonly S[];
  transitions: readonly Transition<S, E>[];
}

export function defineMachine<S extends string, E extends string>(
  entity: string,
  states: readonly S[],
  transitions: readonly Transition<S, E>[],
): StateMachine<S, E> {
  for (const t of transitions) {
    for (const s of [...t.from, t.to]) {
      if (!states.includes(s)) throw new Error(`${entity}: unknown state ${s} in transition ${t.event}`);
    }
  }
  return { entity, states, transitions };
}

export class IllegalTransitionError extends AppError {
  constructor(entity: string, from: string, event: string) {
    super(409, 'illegal_transition', `A ${entity.replace(/_/g, ' ')} that is ${from.replace(/_/g, ' ')} cannot ${event.replace(/_/g, ' ')}.`, {
      entity,
      from,
      event,
    });
  }
}

export class TransitionNotAllowedError extends AppError {
  constructor(entity: string, event: string) {
    super(403, 'transition_forbidden', `You may not ${event.replace(/_/g, ' ')} this ${entity.replace(/_/g, ' ')}.`, { entity, event });
  }
}

/** The state `event` leads to from `from`, if one of `firers` may fire it; throws a 409 or 403 otherwise. */
export function nextState<S extends string, E extends string>(
  machine: StateMachine<S, E>,
  from: S,
  event: E,
  firers: readonly Firer[],
): S {
  const candidates = machine.transitions.filter((t) => t.event === event && t.from.includes(from));
  if (candidates.length === 0) throw new IllegalTransitionError(machine.entity, from, event);
  const allowed = candidates.find((t) => t.by.some((f) => firers.includes(f)));
  if (!allowed) throw new TransitionNotAllowedError(machine.entity, event);
  return allowed.to;
}

/** Events that may be fired from a state by some firer; the console shows these as buttons. */
export function availableEvents<S extends string, E extends string>(
  machine: StateMachine<S, E>,
  from: S,
  firers: readonly Firer[],
): E[] {
  return machine.transitions.filter((t) => t.from.includes(from) && t.by.some((f) => firers.includes(f))).map((t) => t.event);
}
