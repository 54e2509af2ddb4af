import { defineConfig } from 'tsup';

// Declarations are always built: `npm start`, `npm test`, CI and releases ship the same files.
// The entry list mirrors the `exports` map of package.json.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'validators/index': 'src/validators/index.ts',
    'schema/index': 'src/schema/index.ts',
    'demo/index': 'src/demo/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  tsconfig: '../../tsconfig.build.json',
});
