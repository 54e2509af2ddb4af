import { defineConfig } from 'tsup';

// Declarations are always built: `npm start`, `npm test`, CI and releases ship the same files.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  dts: true,
  sourcemap: true,
  clean: true,
  tsconfig: '../../tsconfig.build.json',
});
