import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printGatewaySchema } from '../src/index.js';

it('the committed schema.graphql is the schema the gateway serves (regenerate: pnpm schema:print)', () => {
  const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
  expect(printGatewaySchema()).toBe(committed);
});
