if (!Promise.withResolvers)
  Promise.withResolvers = () => {
    let resolve, reject;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };

import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [
    makePgService({
      connectionString: 'postgres://postgres@127.0.0.1:5432/sanshe_bench_10k_320505',
      schemas: ['public'],
    }),
  ],
  grafast: { explain: false },
});
const { schema } = await pgl.getSchemaResult();
writeFileSync('/tmp/pgl.graphql', printSchema(schema));
await pgl.release();
