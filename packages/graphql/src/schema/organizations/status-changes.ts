import { builder } from '../../builder.js';
import { StatusChangeKindEnum } from './organization-enums.js';

/** An organization's status history: registered or filed, changed, penalised, deregistered. */
builder.drizzleObject('organizationStatusChanges', {
  name: 'OrganizationStatusChange',
  description: 'One event of an organization’s status history.',
  fields: (t) => ({
    kind: t.field({
      type: StatusChangeKindEnum,
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as 'registered',
    }),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    summary: t.exposeString('summary'),
    changedFields: t.stringList({
      description: 'For a change: the fields that changed.',
      resolve: (row) => Object.keys((row.changes as Record<string, unknown> | null) ?? {}),
    }),
  }),
});
