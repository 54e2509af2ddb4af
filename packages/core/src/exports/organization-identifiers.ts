/**
 * How exported organizations are identified. OCDS (`identifier.scheme` + `id`), 360Giving
 * (`Organization.id` = `<list code>-<identifier>`) and HSDS (`organization_identifiers[]
 * .identifier_scheme`) all take the list code from org-id.guide, the register of organization
 * identifier lists the three standards share.
 *
 * The identifier of a Chinese organization is its unified social credit code (统一社会信用代码,
 * GB 32100-2015), issued by every registering authority alike: market regulation for
 * enterprises, civil affairs for social organizations (category character 5), the staffing
 * offices for government bodies. org-id.guide lists `CN-SAIC`, the enterprise register of the
 * former State Administration for Industry and Commerce, which holds neither social
 * organizations nor government bodies, and (as far as could be checked: the standards' vendored
 * material names no Chinese list) no list code for the USCC as such. sanshe therefore writes the
 * USCC under the code `CN-USCC`, a list code of its own choosing that collides with no
 * org-id.guide code, as OCDS's guidance on organization identifiers allows for a list that is
 * not (yet) registered, provided the publication policy describes it. A publisher who registers
 * the list, or is told to use another code, changes {@link usccScheme} alone.
 */
export const usccScheme = 'CN-USCC';

/** How HSDS's human-readable `identifier_type` names the USCC. */
export const usccIdentifierType = '统一社会信用代码 (Unified Social Credit Code, GB 32100-2015)';

/** The org-id style identifier of an organization with a USCC: `CN-USCC-<uscc>`. */
export function usccOrgId(uscc: string): string {
  return `${usccScheme}-${uscc}`;
}
