import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { decodeGlobalId } from '../global-id.js';
import { mapBounded } from './bounded-map.js';
import { askDistrict } from './district-call.js';
import type { DistrictSource } from './district-source.js';

/**
 * `_entities(representations:)` at a gateway: a federation router hands over references
 * (`{ __typename, id }`) that may belong to any district. They are grouped by the district their
 * global id names, each district is asked once for all of its references (so a list of a hundred
 * communities costs one request per district, not a hundred), and the answers are put back in
 * the order asked. A reference to a district this gateway does not serve, or one that is not a
 * global id, answers null; so does every reference of a district that is down, which is reported
 * as DISTRICT_UNAVAILABLE beside the data. A reference the district refused (an unknown
 * `__typename`) answers null with the district's error, placed at the reference's position.
 */
export function fanOutEntitiesResolver(
  sources: readonly DistrictSource[],
  options: { timeoutMs: number; concurrency: number },
): GraphQLFieldResolver<unknown, Record<string, unknown>, { representations: readonly unknown[] }> {
  const byCode = new Map(sources.map((source) => [source.districtCode, source]));
  return async (_root, args, context, info) => {
    const answers: unknown[] = args.representations.map(() => null);
    const positionsByDistrict = new Map<DistrictSource, number[]>();
    args.representations.forEach((representation, position) => {
      const source = byCode.get(districtOfReference(representation) ?? '');
      if (!source) return;
      const positions = positionsByDistrict.get(source) ?? [];
      positions.push(position);
      positionsByDistrict.set(source, positions);
    });
    await mapBounded([...positionsByDistrict], options.concurrency, async ([source, positions]) => {
      const entities = await askDistrict(source, {
        fieldName: '_entities',
        args: { representations: positions.map((position) => args.representations[position]) },
        context,
        info,
        timeoutMs: options.timeoutMs,
        isAnswer: (value) => Array.isArray(value) && value.length === positions.length,
      });
      if (!Array.isArray(entities)) return;
      positions.forEach((position, i) => {
        answers[position] = atPosition(entities[i] ?? null);
      });
    });
    return answers;
  };
}

/**
 * An answer moved from the district's list to the gateway's. An error the district located at
 * its own index is wrapped unlocated (its message, code and cause kept), so graphql-js places it
 * at the gateway's position; anything else is the entity as it is.
 */
function atPosition(entity: unknown): unknown {
  if (!(entity instanceof GraphQLError)) return entity;
  return new GraphQLError(entity.message, { originalError: entity });
}

/** The district a federation reference's global id names; undefined when it is no global id. */
export function districtOfReference(representation: unknown): string | undefined {
  const id = (representation as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return undefined;
  try {
    return decodeGlobalId(id).districtCode;
  } catch {
    return undefined;
  }
}
