import { type EventStep, eventLifecycle, eventSources, eventStates, eventUrgencies } from '@sanshe/core';
import { builder } from '../../builder.js';
import { codeListEnum } from '../code-list-enum.js';

/**
 * The code lists of grid events (core/src/grid-events/code-lists.ts, event-lifecycle.ts) as
 * GraphQL enums: core stays their one source, so the schema cannot drift from the state machine.
 */

export const GridEventStateEnum = codeListEnum(
  'GridEventState',
  'Where a grid event stands in the five-step loop (docs/domain.md §7.7), labelled as grid centres name it.',
  eventStates,
);

export const GridEventUrgencyEnum = codeListEnum(
  'GridEventUrgency',
  'How fast an event must be handled (紧急程度): each urgency has its time limits in policy grid.event_time_limits.',
  eventUrgencies,
);

export const GridEventSourceEnum = codeListEnum(
  'GridEventSource',
  'Where an event came from (事件来源): a grid team’s patrol, a resident, the hotline, Open311, a consultation meeting.',
  eventSources,
);

/** `feedBack` → `FEED_BACK`: the machine's camelCase events as GraphQL enum names. */
function enumNameOf(step: string): string {
  return step.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

/** Every step of the loop: the report that starts it, then the machine's events in its order. */
export const gridEventSteps: readonly EventStep[] = [
  'report',
  ...(Object.keys(eventLifecycle.transitions) as (keyof typeof eventLifecycle.transitions)[]),
];

export const GridEventStepEnum = builder.enumType('GridEventStep', {
  description:
    'A step of the five-step loop (五步闭环, docs/domain.md §7.7): REPORT starts an event; every other value is a move of the state machine, allowed only from the states it names.',
  values: Object.fromEntries(
    gridEventSteps.map((step) => [
      enumNameOf(step),
      {
        value: step,
        description:
          step === 'report'
            ? 'be reported (信息收集)'
            : eventLifecycle.transitions[step as keyof typeof eventLifecycle.transitions].description,
      },
    ]),
  ) as Record<string, { value: EventStep; description: string }>,
});

/** The three families of the classification, by the first letter of a code. */
export const categoryFamilies = {
  C: { name: 'COMPONENT', label: '部件: city-management components (GB/T 30428.2, CJ/T 214)' },
  E: { name: 'EVENT', label: '事件: city-management events (GB/T 30428.2, CJ/T 214)' },
  S: {
    name: 'SOCIAL_GOVERNANCE',
    label:
      '社会治理事项: disputes, safety hazards and residents’ services community grids handle, beyond the city-management standards',
  },
} as const;
export type CategoryFamily = keyof typeof categoryFamilies;

export const GridEventCategoryFamilyEnum = builder.enumType('GridEventCategoryFamily', {
  description:
    'The family of a category of the event classification (docs/domain.md §7.7): the first letter of its code.',
  values: Object.fromEntries(
    Object.entries(categoryFamilies).map(([letter, family]) => [
      family.name,
      { value: letter as CategoryFamily, description: family.label },
    ]),
  ) as Record<string, { value: CategoryFamily; description: string }>,
});
