import type {
  projectBudgetLines,
  projectCommunities,
  projectIndicators,
  serviceProjects,
} from '../schema/service-projects.js';
import { budgetLineTexts, domainTexts } from './chain-texts.js';
import type { ProjectDesign } from './plan-project-designs.js';
import { type Random, shuffled } from './random.js';

export type NewServiceProject = typeof serviceProjects.$inferInsert & { id: number };
export type NewProjectCommunity = typeof projectCommunities.$inferInsert;
export type NewBudgetLine = typeof projectBudgetLines.$inferInsert;
export type NewIndicator = typeof projectIndicators.$inferInsert;

export interface ProjectRows {
  serviceProjects: NewServiceProject[];
  projectCommunities: NewProjectCommunity[];
  projectBudgetLines: NewBudgetLine[];
  projectIndicators: NewIndicator[];
}

type BudgetCategory = keyof typeof budgetLineTexts;

/** What every project measures beside its domain's outcome (docs/domain.md §6.7). */
export const SATISFACTION_INDICATOR = '服务对象满意度';

/**
 * The projects of the designs (docs/domain.md §6.2), ids in the order they were designed: the
 * communities each serves; budget lines in whole hundreds of yuan whose sum is the budget (the
 * personnel line takes the remainder, as budgets are drawn up); one or two output indicators
 * and two outcome indicators (satisfaction and the domain's own), their values achieved left to
 * the evaluation.
 */
export function planProjects(
  districtCode: string,
  random: Random,
  designs: readonly ProjectDesign[],
): ProjectRows {
  const rows: ProjectRows = {
    serviceProjects: [],
    projectCommunities: [],
    projectBudgetLines: [],
    projectIndicators: [],
  };
  designs.forEach((design, index) => {
    const projectId = index + 1;
    const texts = domainTexts[design.domain];
    const recordedAt = `${design.approvedOn ?? design.designedOn}T10:00:00+08:00`;
    rows.serviceProjects.push({
      districtCode,
      id: projectId,
      name: design.name,
      unitCode: design.unitCode,
      serviceDomain: design.domain,
      goals: texts.goals,
      methods: design.methods,
      startsOn: design.startsOn,
      endsOn: design.endsOn,
      budgetFen: design.budgetFen,
      status: design.status,
      approvedOn: design.approvedOn,
      closedOn: design.closedOn,
    });
    for (const communityId of design.communityIds) {
      rows.projectCommunities.push({ districtCode, projectId, communityId });
    }

    const shares: [BudgetCategory, number][] = [
      ['activities', 0.15 + random.next() * 0.1],
      ['materials', 0.05 + random.next() * 0.07],
      ['venue', random.next() < 0.4 ? 0.02 + random.next() * 0.03 : 0],
      ['management', 0.05 + random.next() * 0.03],
      ['evaluation', 0.03 + random.next() * 0.02],
      ['other', random.next() < 0.3 ? 0.01 + random.next() * 0.02 : 0],
    ];
    const hundredYuan = 10_000;
    const amounts = shares
      .filter(([, share]) => share > 0)
      .map(([category, share]): [BudgetCategory, number] => [
        category,
        Math.max(1, Math.round((design.budgetFen * share) / hundredYuan)) * hundredYuan,
      ]);
    const personnel = design.budgetFen - amounts.reduce((sum, [, amount]) => sum + amount, 0);
    [['personnel', personnel] as [BudgetCategory, number], ...amounts].forEach(
      ([category, amountFen], line) => {
        rows.projectBudgetLines.push({
          districtCode,
          id: rows.projectBudgetLines.length + 1,
          projectId,
          lineNumber: line + 1,
          category,
          description: budgetLineTexts[category],
          amountFen,
          recordedAt,
        });
      },
    );

    const indicators = [
      ...shuffled(random, texts.outputs)
        .slice(0, random.int(1, 2))
        .map((output) => ({ kind: 'output', ...output })),
      { kind: 'outcome', description: SATISFACTION_INDICATOR, unit: '%', target: [90, 90] as const },
      { kind: 'outcome', ...texts.outcome },
    ];
    for (const indicator of indicators) {
      rows.projectIndicators.push({
        districtCode,
        id: rows.projectIndicators.length + 1,
        projectId,
        kind: indicator.kind,
        description: indicator.description,
        unit: indicator.unit,
        target: random.int(indicator.target[0], indicator.target[1]),
        achieved: null,
      });
    }
  });
  return rows;
}
