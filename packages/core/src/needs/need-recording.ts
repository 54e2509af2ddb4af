import { SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { serviceDomains } from '../organizations/code-lists.js';
import { communities, grids } from '../schema/hierarchy.js';
import { type Need, needs } from '../schema/needs.js';
import { parseCode } from '../services/code-list.js';
import { needSources, needUrgencies } from './code-lists.js';
import { parseResidentsAffected } from './need-rules.js';
import type { RecordNeedInput } from './need-types.js';
import { type NeedsContext, publishedText } from './needs-context.js';

/** Recording a community's needs (docs/domain.md §6.1), where the community lies (`need.record`). */
export function createNeedRecordingUseCases(context: NeedsContext) {
  const { kit, db, districtCode } = context;

  return {
    /**
     * Record a need heard in a community (and, when known, one of its grids): where it was heard,
     * its category (a service domain), urgency, the residents it affects, a title and a
     * description published with it (no personal data: a micro-wish names no resident), and the
     * day it was collected (never after today, with the community and grid in force on it). The
     * need starts open.
     *
     * @throws {SansheError} NOT_FOUND (the community, the grid), INVALID_CODE_LIST_VALUE,
     *   INVALID_NUMBER, VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT,
     *   INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, UNIT_NOT_IN_FORCE
     */
    async recordNeed(input: RecordNeedInput): Promise<Need> {
      const communityId = kit.requireId(input.communityId, 'community', ['input', 'communityId']);
      const gridId =
        input.gridId === undefined || input.gridId === null
          ? null
          : kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const source = parseCode(needSources, input.source, ['input', 'source'], 'The source');
      const category = parseCode(serviceDomains, input.category, ['input', 'category'], 'The category');
      const urgency = parseCode(needUrgencies, input.urgency, ['input', 'urgency'], 'The urgency');
      const residentsAffected = parseResidentsAffected(input.residentsAffected, [
        'input',
        'residentsAffected',
      ]);
      const title = publishedText(kit, input.title, ['input', 'title'], {
        maxLength: 200,
        label: 'The title',
      });
      const description = publishedText(kit, input.description, ['input', 'description'], {
        maxLength: 2000,
        label: 'The description',
        multiline: true,
      });
      const collectedOn = kit.pastDate(input.collectedOn, ['input', 'collectedOn'], false);
      const community = await kit.requireRecord(db, communities, communityId, 'community', [
        'input',
        'communityId',
      ]);
      kit.authorize('need.record', { unitCode: community.code });

      return db.transaction(async (tx) => {
        // FOR SHARE: the community (and grid) cannot retire before the need is in.
        const locked = await kit.requireRecord(
          tx,
          communities,
          communityId,
          'community',
          ['input', 'communityId'],
          'share',
        );
        if (!isActiveOn(locked, collectedOn)) {
          throw new SansheError(
            'UNIT_NOT_IN_FORCE',
            `The community ${locked.code} is not in force on ${collectedOn}.`,
            { path: ['input', 'communityId'] },
          );
        }
        if (gridId !== null) {
          const grid = await kit.requireRecord(tx, grids, gridId, 'grid', ['input', 'gridId'], 'share');
          if (grid.communityId !== communityId) {
            throw new SansheError(
              'VALIDATION_FAILED',
              `Grid ${grid.code} is not a grid of community ${locked.code}.`,
              { path: ['input', 'gridId'] },
            );
          }
          if (!isActiveOn(grid, collectedOn)) {
            throw new SansheError(
              'UNIT_NOT_IN_FORCE',
              `The grid ${grid.code} is not in force on ${collectedOn}.`,
              {
                path: ['input', 'gridId'],
              },
            );
          }
        }
        const [need] = await tx
          .insert(needs)
          .values({
            districtCode,
            communityId,
            gridId,
            source,
            category,
            urgency,
            residentsAffected,
            title,
            description,
            collectedOn,
          })
          .returning();
        await kit.audit(tx, { action: 'need.record', entityType: 'need', entityId: need!.id, after: need! });
        return need!;
      });
    },
  };
}
