import { sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import { StatusChangeKindEnum } from './organization-enums.js';

/** An organization's status history: registered or filed, changed, penalised, deregistered. */
builder.drizzleObject('organizationStatusChanges', {
  name: 'OrganizationStatusChange',
  description: 'One event of an organization’s status history.',
  fields: (t) => ({
    kind: t.field({
      type: StatusChangeKindEnum,
      resolve: (row) => row.kind as 'registered',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.kind),
    }),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    summary: t.exposeString('summary'),
    changedFields: t.stringList({
      description: 'For a change: the fields that changed.',
      resolve: (row) => Object.keys((row.changes as Record<string, unknown> | null) ?? {}),
      // The keys in jsonb's order, which is the order the driver's parsed object keeps.
      extensions: compiledValue(
        (row) =>
          sql`case when jsonb_typeof(${row.changes}) = 'object' then array(select jsonb_object_keys(${row.changes})) else '{}'::text[] end`,
      ),
    }),
  }),
});
