import { printSchema } from 'graphql';
import { districtSchema } from './schema/district-schema.js';

/** The SDL every sanshe gateway serves (committed as packages/graphql/schema.graphql). */
export function printGatewaySchema(): string {
  return `${printSchema(districtSchema())}\n`;
}
