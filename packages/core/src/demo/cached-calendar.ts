import type { WorkingCalendar } from '../grid-events/working-days.js';

/**
 * A working calendar that remembers its answers. A demo district's year of events asks the same
 * few hundred days again and again (every dispatch counts its deadlines, every round picks its
 * days); the answers of a calendar never change, so each is counted once.
 */
export function cachedCalendar(calendar: WorkingCalendar): WorkingCalendar {
  const working = new Map<string, boolean>();
  const added = new Map<string, { day: string; provisional: boolean }>();
  const between = new Map<string, number>();
  return {
    isWorkingDay(day) {
      let answer = working.get(day);
      if (answer === undefined) {
        answer = calendar.isWorkingDay(day);
        working.set(day, answer);
      }
      return answer;
    },
    entryOf: (day) => calendar.entryOf(day),
    knowsYear: (year) => calendar.knowsYear(year),
    addWorkingDays(start, workingDays) {
      const key = `${start}+${workingDays}`;
      let answer = added.get(key);
      if (answer === undefined) {
        answer = calendar.addWorkingDays(start, workingDays);
        added.set(key, answer);
      }
      return answer;
    },
    workingDaysBetween(from, to) {
      const key = `${from}/${to}`;
      let answer = between.get(key);
      if (answer === undefined) {
        answer = calendar.workingDaysBetween(from, to);
        between.set(key, answer);
      }
      return answer;
    },
  };
}
