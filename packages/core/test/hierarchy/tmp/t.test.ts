import { PGlite } from '@electric-sql/pglite';
import { it } from 'vitest';
import { createTestDistrictDatabase } from '../../../src/testing/index.js';

it('x', async () => {
  let t = performance.now();
  const p = await PGlite.create();
  console.log('create', performance.now() - t);
  t = performance.now();
  await p.close();
  const d = await createTestDistrictDatabase({ districtCode: '320505' });
  console.log('first db', performance.now() - t);
  t = performance.now();
  const d2 = await createTestDistrictDatabase({ districtCode: '320505' });
  console.log('second db', performance.now() - t);
  t = performance.now();
  await d.close();
  await d2.close();
  console.log('close', performance.now() - t);
});
