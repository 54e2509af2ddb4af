import { defineConfig } from 'tsup';

// `npm start` and `npm test` build JavaScript only (fast); releases and CI build declarations too.
const javascriptOnly = process.env.SANSHE_BUILD_JS_ONLY === '1';

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
  dts: !javascriptOnly,
  sourcemap: true,
  clean: !javascriptOnly,
  tsconfig: '../../tsconfig.build.json',
});
