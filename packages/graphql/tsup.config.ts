import { defineConfig } from 'tsup';

// `npm start` and `npm test` build JavaScript only (fast); releases and CI build declarations too.
const javascriptOnly = process.env.SANSHE_BUILD_JS_ONLY === '1';

export default defineConfig({
  entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  dts: javascriptOnly ? false : { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: !javascriptOnly,
  tsconfig: '../../tsconfig.build.json',
});
