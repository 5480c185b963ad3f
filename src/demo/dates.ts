/** Calendar arithmetic on 'YYYY-MM-DD' strings, in UTC. */
const DAY_MS = 86_400_000;

export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

export function addYears(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return dayOf(d);
}

/** The first and last day of the month `n` months before the month of `day`. */
export function monthBefore(day: string, n: number): { first: string; last: string; month: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n + 1, 0));
  return { first: dayOf(first), last: dayOf(last), month: dayOf(first).slice(0, 7) };
}
