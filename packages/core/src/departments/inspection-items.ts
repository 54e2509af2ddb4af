import { inspectionFrequencies } from '../grid-events/code-lists.js';
import { publishedText } from '../needs/needs-context.js';
import { type InspectionItem, inspectionItems } from '../schema/grid-teams.js';
import { parseCode } from '../services/code-list.js';
import type { DepartmentContext } from './department-context.js';
import type { AddInspectionItemInput, RetireInspectionItemInput } from './department-types.js';

/**
 * Inspection lists (巡查事项清单, docs/domain.md §7.3): what grid teams check on patrol for each
 * department, how often, and the category a problem found is reported under. One district's list
 * held 220 items from 22 departments. Lists are published duties: their text is public.
 */
export function createInspectionItemUseCases(ctx: DepartmentContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * Add an item to a department's list from a day (`department.manage`).
     *
     * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED (code, title), INVALID_TEXT,
     *   PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_CODE_LIST_VALUE (frequency; a category that is not a
     *   second-level one), INVALID_DATE, INVALID_DATE_RANGE (before today, before the department
     *   was established), FORBIDDEN, STATUS_NOT_ALLOWED (dissolved), DUPLICATE_RECORD (code taken)
     */
    async addInspectionItem(input: AddInspectionItemInput): Promise<InspectionItem> {
      const departmentId = kit.requireId(input.departmentId, 'department', ['input', 'departmentId']);
      const code = ctx.parseItemCode(input.code, ['input', 'code']);
      const title = publishedText(kit, input.title, ['input', 'title'], {
        maxLength: 200,
        label: 'The title',
      });
      const frequency = parseCode(
        inspectionFrequencies,
        input.frequency,
        ['input', 'frequency'],
        'The frequency',
      );
      const categoryCode = ctx.parseCategory(input.categoryCode, ['input', 'categoryCode'], true);
      const effectiveFrom = ctx.ruleDay(input.effectiveFrom, ['input', 'effectiveFrom']);
      kit.authorize('department.manage', { unitCode: null });
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'department', departmentId, ['input', 'departmentId']);
        // FOR SHARE: a dissolution waits for the item, then retires it with the others.
        const department = await ctx.lockDepartment(tx, departmentId, 'share', ['input', 'departmentId']);
        ctx.requireDepartmentInForce(
          department,
          effectiveFrom,
          ['input', 'departmentId'],
          ['input', 'effectiveFrom'],
        );
        const [item] = await kit.insertUnique(
          () =>
            tx
              .insert(inspectionItems)
              .values({ districtCode, departmentId, code, title, frequency, categoryCode, effectiveFrom })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `An inspection item with code ${code} already exists in district ${districtCode}.`,
            path: ['input', 'code'],
          },
        );
        await kit.audit(tx, {
          action: 'inspection_item.add',
          entityType: 'inspection_item',
          entityId: item!.id,
          after: item,
        });
        return item!;
      });
    },

    /**
     * Take an item off its list from a day (not before today); patrols of it recorded before stay.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, INVALID_DATE_RANGE, FORBIDDEN, ALREADY_ENDED
     */
    async retireInspectionItem(input: RetireInspectionItemInput): Promise<InspectionItem> {
      const id = kit.requireId(input.id, 'inspection item', ['input', 'id']);
      const retiredOn = ctx.ruleDay(input.retiredOn, ['input', 'retiredOn']);
      kit.authorize('department.manage', { unitCode: null });
      return ctx.retireDatedRule(
        inspectionItems,
        { kind: 'inspection_item', what: 'inspection item', label: 'item' },
        id,
        retiredOn,
      );
    },
  };
}
