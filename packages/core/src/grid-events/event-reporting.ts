import type { FieldPath } from '../errors/sanshe-error.js';
import { SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { type GridEvent, gridEvents } from '../schema/grid-events.js';
import { patrolRecords } from '../schema/grid-teams.js';
import { type Grid, grids } from '../schema/hierarchy.js';
import { parseCode } from '../services/code-list.js';
import { parseMobilePhone } from '../validators/mobile-phone.js';
import { chinaDayOf, parseInstant } from '../volunteers/volunteer-rules.js';
import { eventSources, eventUrgencies } from './code-lists.js';
import {
  type GridEventContext,
  MAX_ADDRESS_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_MEDIA_URL_LENGTH,
  MAX_TITLE_LENGTH,
} from './event-context.js';
import { reporterPhoneColumns } from './event-reporter-phone.js';
import { appendEventStep } from './event-steps.js';
import type { ReportEventInput } from './event-types.js';
import { geometryContains, parsePosition } from './grid-geometry.js';
import { boundaryInForce, gridsAt } from './grid-lookups.js';

/**
 * A photo's address: an absolute http(s) URL without credentials or spaces (an app uploads the
 * photo and sends where it lies; anything else, `javascript:` or `file:`, is not a photo).
 *
 * @throws {SansheError} VALIDATION_FAILED
 */
export function parseMediaUrl(value: unknown, path: FieldPath): string | null {
  if (value === undefined || value === null) return null;
  const bad = (message: string) => new SansheError('VALIDATION_FAILED', message, { path });
  if (typeof value !== 'string') throw bad('The photo is an http(s) URL.');
  const text = value.trim();
  // The URL parser drops tabs and line breaks silently; a URL that had them is refused instead.
  if (text.length === 0 || text.length > MAX_MEDIA_URL_LENGTH || /[\s\p{Cc}]/u.test(text)) {
    throw bad(`The photo is an http(s) URL of 1 to ${MAX_MEDIA_URL_LENGTH} characters without spaces.`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('The photo is an absolute http(s) URL.');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    throw bad('The photo is an absolute http(s) URL without credentials.');
  }
  if (url.href.length > MAX_MEDIA_URL_LENGTH) {
    throw bad(`The photo's URL is at most ${MAX_MEDIA_URL_LENGTH} characters.`);
  }
  return url.href;
}

/**
 * 信息收集 (docs/domain.md §7.7): an event enters the loop collected, in the grid it lies in,
 * reported by a grid team on patrol, a community, an informant, a resident or a system of the
 * district (Open311, a hotline).
 */
export function createReportingUseCases(ctx: GridEventContext) {
  const { kit, db, districtCode, actor } = ctx;

  /** The input, checked whole before anything is read (pure). */
  function parseReport(input: ReportEventInput) {
    const gridId =
      input.gridId === undefined || input.gridId === null
        ? null
        : kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
    const position = kit.unwrap(parsePosition(input.longitude, input.latitude, ['input']));
    if (gridId === null && position === null) {
      throw new SansheError('VALIDATION_FAILED', 'Name the grid, or give the point the event lies at.', {
        path: ['input', 'gridId'],
      });
    }
    const categoryCode = ctx.parseCategory(input.categoryCode, ['input', 'categoryCode']);
    const urgency = parseCode(eventUrgencies, input.urgency, ['input', 'urgency'], 'The urgency');
    const source = parseCode(eventSources, input.source, ['input', 'source'], 'The source');
    const title = kit.text(input.title, ['input', 'title'], {
      maxLength: MAX_TITLE_LENGTH,
      label: 'The title',
    });
    const description = kit.text(input.description, ['input', 'description'], {
      maxLength: MAX_DESCRIPTION_LENGTH,
      label: 'The description',
      multiline: true,
    });
    const address = ctx.optionalText(input.address, ['input', 'address'], MAX_ADDRESS_LENGTH, 'The address');
    const reporterPhone =
      input.reporterPhone === undefined || input.reporterPhone === null
        ? null
        : kit.unwrap(parseMobilePhone(input.reporterPhone, { path: ['input', 'reporterPhone'] })).number;
    const mediaUrl = parseMediaUrl(input.mediaUrl, ['input', 'mediaUrl']);
    const patrolRecordId =
      input.patrolRecordId === undefined || input.patrolRecordId === null
        ? null
        : kit.requireId(input.patrolRecordId, 'patrol record', ['input', 'patrolRecordId']);
    const reportedAt =
      input.reportedAt === undefined || input.reportedAt === null
        ? ctx.nowInstant()
        : parseInstant(input.reportedAt, ['input', 'reportedAt']);
    if (Date.parse(reportedAt) > ctx.now().getTime()) {
      throw new SansheError(
        'DATE_IN_FUTURE',
        `The event is reported at ${reportedAt}, after now; records hold what has happened.`,
        { path: ['input', 'reportedAt'] },
      );
    }
    const day = kit.notAfterToday(chinaDayOf(reportedAt), ['input', 'reportedAt'], 'The day of the report');
    return {
      gridId,
      position,
      categoryCode,
      urgency,
      source,
      title,
      description,
      address,
      reporterPhone,
      mediaUrl,
      patrolRecordId,
      reportedAt,
      day,
    };
  }

  return {
    /**
     * Report an event (信息收集): it is filed under the grid named, or the grid whose boundary in
     * force that day contains the point; a point given with a grid must lie in the grid's
     * boundary. A grid with no boundary drawn yet accepts any point unchecked: there is nothing
     * to check it against, and refusing would stop reports from grids still being surveyed. On
     * the shared edge of two grids the point belongs to both, and the first by code is taken.
     *
     * Who reports where (`event.report`): grid heads and workers in a grid whose team lists them,
     * an informant volunteer in the grid whose team lists it, community and subdistrict staff in
     * their unit, a resident and a system of the district (SERVICE) anywhere in the district.
     *
     * @throws {SansheError} VALIDATION_FAILED, INVALID_NUMBER, INVALID_CODE_LIST_VALUE, INVALID_TEXT,
     *   INVALID_MOBILE_PHONE, INVALID_DATE, DATE_IN_FUTURE, NOT_FOUND, UNIT_NOT_IN_FORCE,
     *   POINT_OUTSIDE_GRID, FORBIDDEN
     */
    async report(input: ReportEventInput): Promise<GridEvent> {
      const facts = parseReport(input);
      return db.transaction(async (tx) => {
        let grid: Grid;
        if (facts.gridId !== null) {
          grid = await kit.requireRecord(tx, grids, facts.gridId, 'grid', ['input', 'gridId'], 'share');
          if (!isActiveOn(grid, facts.day)) {
            throw new SansheError(
              'UNIT_NOT_IN_FORCE',
              `Grid ${grid.code} is not in force on ${facts.day} (from ${grid.effectiveFrom}${grid.retiredOn ? ` to ${grid.retiredOn}` : ''}).`,
              { path: ['input', 'gridId'], details: { day: facts.day } },
            );
          }
        } else {
          const { longitude, latitude } = facts.position!;
          const [found] = await gridsAt(tx, districtCode, longitude, latitude, facts.day);
          if (!found) {
            throw new SansheError(
              'POINT_OUTSIDE_GRID',
              `The point (${longitude}, ${latitude}) lies in no grid of district ${districtCode} on ${facts.day}.`,
              { path: ['input', 'longitude'], details: { longitude, latitude } },
            );
          }
          grid = await kit.requireRecord(tx, grids, found.gridId, 'grid', ['input', 'longitude'], 'share');
        }

        kit.authorize('event.report', {
          unitCode: grid.code,
          reporterId: actor.id,
          volunteerId: actor.volunteerId,
        });
        await ctx.requireGridWorkerOnTeam(tx, grid.id, grid.code, facts.day);
        if (actor.role === 'VOLUNTEER') {
          const informant =
            actor.volunteerId != null &&
            (await ctx.onGridTeam(tx, grid.id, facts.day, { volunteerId: actor.volunteerId }));
          if (!informant) {
            throw new SansheError(
              'FORBIDDEN',
              `Volunteer ${actor.volunteerId} is not an informant of grid ${grid.code} on ${facts.day}.`,
              { details: { gridCode: grid.code } },
            );
          }
        }

        if (facts.gridId !== null && facts.position !== null) {
          const boundary = await boundaryInForce(tx, districtCode, grid.id, facts.day);
          const { longitude, latitude } = facts.position;
          if (boundary && !geometryContains(boundary.geometry, longitude, latitude)) {
            throw new SansheError(
              'POINT_OUTSIDE_GRID',
              `The point (${longitude}, ${latitude}) lies outside grid ${grid.code} (its boundary from ${boundary.effectiveFrom}).`,
              {
                path: ['input', 'longitude'],
                details: { gridCode: grid.code, boundaryFrom: boundary.effectiveFrom, longitude, latitude },
              },
            );
          }
        }

        if (facts.patrolRecordId !== null) {
          await kit.requireVisible(tx, 'patrol_record', facts.patrolRecordId, ['input', 'patrolRecordId']);
          const patrol = await kit.requireRecord(tx, patrolRecords, facts.patrolRecordId, 'patrol record', [
            'input',
            'patrolRecordId',
          ]);
          // Checked after the patrol is known to be visible: a hidden one answers as a missing one.
          if (facts.source !== 'patrol') {
            throw new SansheError('VALIDATION_FAILED', 'An event found on a patrol has the source patrol.', {
              path: ['input', 'source'],
            });
          }
          if (patrol.gridId !== grid.id || patrol.result !== 'problem') {
            throw new SansheError(
              'VALIDATION_FAILED',
              patrol.gridId !== grid.id
                ? `Patrol ${patrol.id} was of another grid than ${grid.code}.`
                : `Patrol ${patrol.id} found nothing wrong (result ${patrol.result}).`,
              { path: ['input', 'patrolRecordId'] },
            );
          }
        }

        const [row] = await tx
          .insert(gridEvents)
          .values({
            districtCode,
            gridId: grid.id,
            communityId: grid.communityId,
            unitCode: grid.code,
            categoryCode: facts.categoryCode,
            urgency: facts.urgency,
            title: facts.title,
            description: facts.description,
            address: facts.address,
            longitude: facts.position?.longitude ?? null,
            latitude: facts.position?.latitude ?? null,
            mediaUrl: facts.mediaUrl,
            source: facts.source,
            patrolRecordId: facts.patrolRecordId,
            reportedBy: actor.id,
            reporterRole: actor.role ?? 'SYSTEM',
            reportedAt: facts.reportedAt,
            ...reporterPhoneColumns(kit.keyring, districtCode, facts.reporterPhone),
            state: 'collected',
          })
          .returning();
        await appendEventStep(tx, districtCode, actor, {
          eventId: row!.id,
          step: 'report',
          fromState: null,
          toState: 'collected',
          departmentId: null,
          at: facts.reportedAt,
        });
        await kit.audit(tx, {
          action: 'grid_event.report',
          entityType: 'grid_event',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },
  };
}
