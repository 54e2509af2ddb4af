import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and shipped in the package. What a schema cannot say
// (a trigger) goes in a `--custom` migration drizzle-kit prepares.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/tables.ts',
  out: './migrations',
});
