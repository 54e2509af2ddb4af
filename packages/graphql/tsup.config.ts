import { defineConfig } from 'tsup';

// Declarations are always built: `npm start`, `npm test`, CI and releases ship the same files.
export default defineConfig({
  entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  tsconfig: '../../tsconfig.build.json',
});
