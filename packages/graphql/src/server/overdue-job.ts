import { type DistrictDatabase, escalateOverdueEvents } from '@sanshe/core';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './metrics.js';
import { describeError, stackFrames } from './safe-logger.js';

/**
 * The overdue check of grid events (docs/domain.md §7.6: "each gateway process runs a job that
 * finds events past their deadline not yet closed, raises each one level at most once per day,
 * writes the step and tells the department"). It runs `escalateOverdueEvents` for each local
 * district of this process, one district after the other, every `intervalMinutes`, the first
 * time shortly after it starts. Other processes serving the same districts run it too: core
 * claims each event for one of them.
 *
 * Runs never overlap in a process: the next one is scheduled when the last has finished. A
 * failure is logged (and counted) and the next run tries again; nothing is thrown. Its timers do
 * not keep the process alive, and `stop` waits a little for a run in flight, so shutting down is
 * never held up for long.
 */

/** Every 10 minutes by default: a limit is counted in days, and a day is escalated once. */
export const defaultOverdueCheckMinutes = 10;

/** The first run comes this soon after start (or after one interval, when that is shorter). */
const firstRunDelayMs = 5_000;

/** How long `stop` waits for a run in flight before the databases are closed under it. */
const stopWaitMs = 5_000;

export interface OverdueJobOptions {
  /** The local districts' databases. */
  databases: readonly DistrictDatabase[];
  /** Minutes between runs; 0 starts no job. Fractions are fine (tests). */
  intervalMinutes: number;
  logger: Logger;
  metrics?: GatewayMetrics | undefined;
  /** The clock (default: the system's). */
  now?: () => Date;
}

export interface OverdueJob {
  /** Whether runs are scheduled (false once stopped, or when disabled). */
  readonly scheduled: boolean;
  /** Run once now, unless a run is in flight (then wait for that one), or stopped. Never throws. */
  runNow(): Promise<void>;
  /** Schedule no more runs; wait (a little) for a run in flight. */
  stop(): Promise<void>;
}

/**
 * The interval is checked here, so a gateway configured with a nonsense interval is not created.
 *
 * @throws {RangeError} when `intervalMinutes` is not a number of minutes from 0 to a day
 */
export function checkOverdueInterval(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > 24 * 60) {
    throw new RangeError(
      `overdueCheckMinutes is a number of minutes from 0 (no overdue check) to 1440, not ${minutes}.`,
    );
  }
  return minutes;
}

export function startOverdueJob(options: OverdueJobOptions): OverdueJob {
  const intervalMs = checkOverdueInterval(options.intervalMinutes) * 60_000;
  const now = options.now ?? (() => new Date());
  const { logger, metrics, databases } = options;
  const enabled = intervalMs > 0 && databases.length > 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  async function checkDistrict(database: DistrictDatabase): Promise<void> {
    const district = database.districtCode;
    const started = performance.now();
    try {
      const result = await escalateOverdueEvents(database, { now: now() });
      const escalated = result.escalated.length;
      metrics?.overdueCheck(district, 'ok', escalated);
      const line = {
        district,
        checkedOn: result.checkedOn,
        workingDay: result.workingDay,
        escalated,
        durationMs: Math.round(performance.now() - started),
      };
      if (escalated > 0) logger.info(line, 'overdue events escalated');
      else if (logger.isLevelEnabled('debug')) logger.debug(line, 'overdue check');
    } catch (error) {
      metrics?.overdueCheck(district, 'error', 0);
      const cause = error instanceof Error ? error : new Error(String(error));
      logger.error(
        { district, stack: stackFrames(cause) },
        `overdue check of district ${district} failed: ${describeError(cause)}`,
      );
    }
  }

  function schedule(delayMs: number): void {
    if (stopped || !enabled) return;
    timer = setTimeout(() => {
      timer = undefined;
      const started = Date.now();
      void runNow().then(() => schedule(Math.max(0, intervalMs - (Date.now() - started))));
    }, delayMs);
    // A scheduled check never keeps the process alive by itself.
    timer.unref();
  }

  async function checkEveryDistrict(): Promise<void> {
    for (const database of databases) {
      // Stopping: the districts are about to close; leave the rest to the next process.
      if (stopped) break;
      await checkDistrict(database);
    }
  }

  function runNow(): Promise<void> {
    // `finally` runs after this assignment even when the run ends at once.
    inFlight ??= checkEveryDistrict().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  schedule(Math.min(firstRunDelayMs, intervalMs));

  return {
    get scheduled() {
      return enabled && !stopped;
    },
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const running = inFlight;
      if (!running) return;
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([
        running,
        new Promise<void>((resolve) => {
          waited = setTimeout(resolve, stopWaitMs);
          waited.unref();
        }),
      ]);
      clearTimeout(waited);
    },
  };
}
