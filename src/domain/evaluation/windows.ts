import { addDays, assertDay, localDay, startOfLocalDay } from '../calendar/zoned-time.js';
import { METRICS, type MetricKey } from './metrics.js';
import type { EvaluationPolicy } from './policy.js';

/**
 * Windows of a scorecard "as of D": a metric with an N-day window counts the units whose window date falls in the N
 * whole days ending with D, in the policy's evaluation time zone — from the start of D − N + 1 (inclusive) to the
 * start of D + 1 (exclusive). Facts recorded after that end (a later dispatch, a later review) are not known as of D.
 */
export interface MetricWindow {
  /** First and last day counted. */
  from: string;
  to: string;
  days: number;
  start: Date;
  end: Date;
}

export function today(now: Date, timeZone: string): string {
  return localDay(now, timeZone);
}

/** The instant an as-of day ends (start of the next day in the zone). */
export function asOfEnd(asOf: string, timeZone: string): Date {
  assertDay(asOf);
  return new Date(startOfLocalDay(addDays(asOf, 1), timeZone));
}

export function windowFor(asOf: string, days: number, timeZone: string): MetricWindow {
  const from = addDays(asOf, 1 - days);
  return { from, to: asOf, days, start: new Date(startOfLocalDay(from, timeZone)), end: asOfEnd(asOf, timeZone) };
}

/** Every metric's window; `windowDays` (the CLI's --window-days) overrides the policy's for all of them. */
export function windowsFor(asOf: string, policy: Pick<EvaluationPolicy, 'metrics' | 'timeZone'>, windowDays?: number): Record<MetricKey, MetricWindow> {
  return Object.fromEntries(
    METRICS.map((m) => [m.key, windowFor(asOf, windowDays ?? policy.metrics[m.policyKey].windowDays, policy.timeZone)]),
  ) as Record<MetricKey, MetricWindow>;
}
