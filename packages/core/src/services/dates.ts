/** Today's date as YYYY-MM-DD in China Standard Time, the calendar the records are kept in. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Calendar arithmetic on YYYY-MM-DD dates, the way registries count: "valid 3 years from
 * 2024-03-15" ends on 2027-03-14; a month added to 01-31 lands on the month's last day.
 */
export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** Whether two inclusive periods overlap; a null end is open. */
export function periodsOverlap(
  a: { from: string; until: string | null },
  b: { from: string; until: string | null },
): boolean {
  return (a.until === null || a.until >= b.from) && (b.until === null || b.until >= a.from);
}
