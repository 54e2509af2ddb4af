/**
 * Instants of the demo's grid history, written as the services store what their clock says: an
 * ISO instant at China time (UTC+8), `YYYY-MM-DDTHH:MM:00+08:00`. With one offset throughout,
 * two instants compare as strings, and the first ten characters are the China day.
 */

/** The instant `minute` minutes after midnight of a China day (at most 23:59). */
export function instantOf(day: string, minute: number): string {
  const clamped = Math.min(Math.max(0, Math.floor(minute)), 23 * 60 + 59);
  const hours = String(Math.floor(clamped / 60)).padStart(2, '0');
  const minutes = String(clamped % 60).padStart(2, '0');
  return `${day}T${hours}:${minutes}:00+08:00`;
}

/** The China day of an instant written by {@link instantOf}. */
export function dayOf(instant: string): string {
  return instant.slice(0, 10);
}

/** The minutes after midnight of an instant written by {@link instantOf}. */
export function minuteOf(instant: string): number {
  return Number(instant.slice(11, 13)) * 60 + Number(instant.slice(14, 16));
}
