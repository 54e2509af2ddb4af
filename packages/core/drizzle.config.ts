import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema (never hand-written) and shipped in the package.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/tables.ts',
  out: './migrations',
});
