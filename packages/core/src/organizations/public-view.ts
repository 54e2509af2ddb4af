/**
 * The public view of a social organization (docs/domain.md §3: public views are built from a
 * whitelist of non-personal fields; §9: never put personal data in public views).
 */
import type { SocialOrganization } from '../schema/organizations.js';

/**
 * The fields anyone may see. A column added to the table later stays private until it is
 * listed here: the view is built from this list, never by copying the row and deleting.
 */
export const PUBLIC_ORGANIZATION_FIELDS = [
  'id',
  'districtCode',
  'name',
  'legalStatus',
  'legalForm',
  'uscc',
  'category',
  'serviceDomains',
  'registeredOn',
  'status',
  'deregisteredOn',
] as const satisfies readonly (keyof SocialOrganization)[];

export type PublicOrganizationField = (typeof PUBLIC_ORGANIZATION_FIELDS)[number];

export type PublicOrganization = Pick<SocialOrganization, PublicOrganizationField>;

/** The public view of an organization row: the whitelisted fields, and nothing else. */
export function toPublicOrganization(row: PublicOrganization): PublicOrganization {
  return {
    id: row.id,
    districtCode: row.districtCode,
    name: row.name,
    legalStatus: row.legalStatus,
    legalForm: row.legalForm,
    uscc: row.uscc,
    category: row.category,
    // A copy, so a caller editing the view cannot reach into the row it came from.
    serviceDomains: [...row.serviceDomains],
    registeredOn: row.registeredOn,
    status: row.status,
    deregisteredOn: row.deregisteredOn,
  };
}
