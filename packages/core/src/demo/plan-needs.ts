import type { ServiceDomain } from '../organizations/code-lists.js';
import type { communities, grids } from '../schema/hierarchy.js';
import type { needs } from '../schema/needs.js';
import type { projectNeeds } from '../schema/service-projects.js';
import { addDays } from '../services/dates.js';
import { domainTexts } from './chain-texts.js';
import { maxDate, minDate, type ProjectDesign, weighted } from './plan-project-designs.js';
import { type Random, randomDate, shuffled } from './random.js';

type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;
export type NewNeed = typeof needs.$inferInsert & { id: number };
export type NewProjectNeed = typeof projectNeeds.$inferInsert;

export interface NeedRows {
  needs: NewNeed[];
  projectNeeds: NewProjectNeed[];
}

export interface NeedPlanContext {
  districtCode: string;
  asOf: string;
  windowStart: string;
  random: Random;
  communities: readonly NewCommunity[];
  grids: readonly NewGrid[];
  /** The projects in id order (id = index + 1). */
  designs: readonly ProjectDesign[];
}

type NeedSource = 'notice' | 'survey' | 'open_space_meeting' | 'grid_visit' | 'micro_wish';

const sourceLabels: Record<NeedSource, string> = {
  notice: '公告征集',
  survey: '问卷调查',
  open_space_meeting: '开放空间会议',
  grid_visit: '网格走访',
  micro_wish: '微心愿',
};

const urgencies = [
  ['low', 25],
  ['medium', 45],
  ['high', 22],
  ['urgent', 8],
] as const;

/** Needs each community collects in the year besides those projects answer. */
const OTHER_NEEDS_PER_COMMUNITY: readonly [number, number] = [2, 3];

interface DraftNeed {
  sequence: number;
  communityId: number;
  gridId: number | null;
  source: NeedSource;
  category: ServiceDomain;
  urgency: string;
  residentsAffected: number;
  title: string;
  description: string;
  collectedOn: string;
  status: 'open' | 'answered' | 'met' | 'merged' | 'withdrawn';
  closedOn: string | null;
  mergedInto: DraftNeed | null;
  mergeReason: string | null;
  projectId: number | null;
  linkedOn: string | null;
  id?: number;
}

/**
 * The needs lists (需求清单) of a year (docs/domain.md §6.1): the needs each project answers,
 * collected in its communities before it was designed and in its domain, with the status the
 * project gives them (answered while it runs, met once it closes, withdrawn when it is
 * cancelled); and the other needs each community heard from every source, some still open, some
 * met directly (a micro-wish claimed), some withdrawn, some merged into the need they repeat.
 * Ids follow the day each need was collected.
 */
export function planNeeds(context: NeedPlanContext): NeedRows {
  const { random, asOf, windowStart, districtCode } = context;
  const gridsOf = new Map<number, NewGrid[]>();
  for (const grid of context.grids) {
    gridsOf.set(grid.communityId, [...(gridsOf.get(grid.communityId) ?? []), grid]);
  }
  const drafts: DraftNeed[] = [];
  const ofCommunity = new Map<number, DraftNeed[]>();

  function add(need: Omit<DraftNeed, 'sequence'>): DraftNeed {
    const draft = { ...need, sequence: drafts.length };
    drafts.push(draft);
    ofCommunity.set(need.communityId, [...(ofCommunity.get(need.communityId) ?? []), draft]);
    return draft;
  }

  function heard(communityId: number, sources: readonly (readonly [NeedSource, number])[]) {
    let source = weighted(random, sources);
    const grid = source === 'grid_visit' ? pickOrNull(random, gridsOf.get(communityId) ?? []) : null;
    if (source === 'grid_visit' && !grid) source = 'survey';
    return { source, gridId: grid?.id ?? null };
  }

  function text(category: ServiceDomain, index: number) {
    const options = domainTexts[category].needs;
    const chosen = options[index % options.length]!;
    const residents = random.int(8, 160);
    return {
      title: chosen.title,
      description: chosen.description.replace('{n}', String(residents)),
      residentsAffected: residents,
    };
  }

  // The needs each project answers (1–4, in the communities it serves, in its domain).
  context.designs.forEach((design, index) => {
    const projectId = index + 1;
    const count = weighted(random, [
      [1, 35],
      [2, 35],
      [3, 20],
      [4, 10],
    ] as const);
    const order = shuffled(
      random,
      domainTexts[design.domain].needs.map((_, i) => i),
    );
    const latest = addDays(design.designedOn, -3);
    for (let n = 0; n < count; n++) {
      const communityId = n === 0 ? design.communityIds[0]! : random.pick(design.communityIds);
      const status =
        design.status === 'closed' ? 'met' : design.status === 'cancelled' ? 'withdrawn' : 'answered';
      add({
        communityId,
        ...heard(communityId, [
          ['notice', 15],
          ['survey', 30],
          ['open_space_meeting', 20],
          ['grid_visit', 35],
        ]),
        category: design.domain,
        urgency: weighted(random, urgencies),
        ...text(design.domain, order[n % order.length]!),
        collectedOn: randomDate(random, windowStart, maxDate(latest, windowStart)),
        status,
        closedOn: status === 'answered' ? null : design.closedOn,
        mergedInto: null,
        mergeReason: null,
        projectId,
        linkedOn: design.designedOn,
      });
    }
  });

  // The rest of each community's list.
  const domainsWithWishes = (Object.keys(domainTexts) as ServiceDomain[]).filter(
    (domain) => domainTexts[domain].microWishes.length > 0,
  );
  for (const community of context.communities) {
    const communityId = community.id!;
    const count = random.int(...OTHER_NEEDS_PER_COMMUNITY);
    for (let n = 0; n < count; n++) {
      const earlier = (ofCommunity.get(communityId) ?? []).filter((need) => need.status !== 'merged');
      const draw = random.next();
      if (draw < 0.18 && earlier.length > 0) {
        // A need heard again from another source: merged into the one already on the list.
        const target = random.pick(earlier);
        const collectedOn = randomDate(random, target.collectedOn, asOf);
        add({
          communityId,
          ...heard(communityId, [
            ['notice', 20],
            ['survey', 30],
            ['grid_visit', 50],
          ]),
          category: target.category,
          urgency: target.urgency,
          residentsAffected: Math.max(1, Math.round(target.residentsAffected * (0.5 + random.next() * 0.5))),
          title: target.title,
          description: target.description,
          collectedOn,
          status: 'merged',
          closedOn: minDate(addDays(collectedOn, random.int(1, 10)), asOf),
          mergedInto: target,
          mergeReason: `与${target.collectedOn}经${sourceLabels[target.source]}登记的“${target.title}”为同一需求，合并办理`,
          projectId: null,
          linkedOn: null,
        });
        continue;
      }
      const wish = random.next() < 0.3;
      const collectedOn = randomDate(random, windowStart, asOf);
      if (wish) {
        const category = random.pick(domainsWithWishes);
        const claimedOn = addDays(collectedOn, random.int(3, 30));
        // Most micro-wishes are claimed by volunteers or a unit within weeks.
        const met = claimedOn <= asOf && random.next() < 0.75;
        add({
          communityId,
          source: 'micro_wish',
          gridId: null,
          category,
          urgency: weighted(random, urgencies),
          residentsAffected: random.int(1, 3),
          title: `微心愿：${random.pick(domainTexts[category].microWishes)}`,
          description: '居民通过社区微心愿墙提出，由社区核实后公开认领。',
          collectedOn,
          status: met ? 'met' : 'open',
          closedOn: met ? claimedOn : null,
          mergedInto: null,
          mergeReason: null,
          projectId: null,
          linkedOn: null,
        });
        continue;
      }
      const category = random.pick(Object.keys(domainTexts) as ServiceDomain[]);
      const closedOn = addDays(collectedOn, random.int(5, 60));
      const outcome = closedOn > asOf ? 0 : random.next();
      const status = outcome < 0.75 ? 'open' : outcome < 0.88 ? 'met' : 'withdrawn';
      add({
        communityId,
        ...heard(communityId, [
          ['notice', 15],
          ['survey', 25],
          ['open_space_meeting', 15],
          ['grid_visit', 45],
        ]),
        category,
        urgency: weighted(random, urgencies),
        ...text(category, random.int(0, 9)),
        collectedOn,
        status,
        closedOn: status === 'open' ? null : closedOn,
        mergedInto: null,
        mergeReason: null,
        projectId: null,
        linkedOn: null,
      });
    }
  }

  const ordered = [...drafts].sort((a, b) =>
    a.collectedOn < b.collectedOn ? -1 : a.collectedOn > b.collectedOn ? 1 : a.sequence - b.sequence,
  );
  ordered.forEach((draft, index) => {
    draft.id = index + 1;
  });
  return {
    needs: ordered.map((draft) => ({
      districtCode,
      id: draft.id!,
      communityId: draft.communityId,
      gridId: draft.gridId,
      source: draft.source,
      category: draft.category,
      urgency: draft.urgency,
      residentsAffected: draft.residentsAffected,
      title: draft.title,
      description: draft.description,
      collectedOn: draft.collectedOn,
      status: draft.status,
      mergedIntoId: draft.mergedInto?.id ?? null,
      mergeReason: draft.mergeReason,
      closedOn: draft.closedOn,
    })),
    projectNeeds: ordered
      .filter((draft) => draft.projectId !== null)
      .map((draft) => ({
        districtCode,
        projectId: draft.projectId!,
        needId: draft.id!,
        linkedOn: draft.linkedOn!,
      }))
      .sort((a, b) => a.projectId - b.projectId || a.needId - b.needId),
  };
}

function pickOrNull<T>(random: Random, items: readonly T[]): T | null {
  return items.length === 0 ? null : random.pick(items);
}
