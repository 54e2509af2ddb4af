import { defineConfig } from 'tsup';

// `npm start` and `npm test` build JavaScript only (fast); releases and CI build declarations too.
const javascriptOnly = process.env.SANSHE_BUILD_JS_ONLY === '1';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  dts: !javascriptOnly,
  sourcemap: true,
  clean: !javascriptOnly,
  tsconfig: '../../tsconfig.build.json',
});
