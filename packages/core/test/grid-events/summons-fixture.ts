/**
 * Shared pieces of the summons suites (docs/domain.md §7.8). Not a test file.
 */
import type { Actor } from '../../src/access/index.js';
import { createSummonsService, type SummonsService } from '../../src/grid-events/summons-service.js';
import { todayInChina } from '../../src/services/dates.js';
import type { GridDistrict } from './fixture.js';
import { NOW } from './fixture.js';

/** The summons service of the grid district as `actor`, on the clock of `now` (default NOW). */
export function summonsAs(d: GridDistrict, actor: Actor, now: Date = NOW): SummonsService {
  return createSummonsService(d.database, {
    actor,
    today: () => todayInChina(now),
    now: () => now,
  });
}

/** An instant of China time as a Date: `chinaTime('2026-03-04', '18:00')`. */
export function chinaTime(day: string, time: string): Date {
  return new Date(`${day}T${time}:00+08:00`);
}
